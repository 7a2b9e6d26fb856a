"""Lecture 05 exercises driven as the browser does (editor + checks, ranking, reference) and
the report section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxwidgets import blueprint as B
from cxwidgets import charts, i18n
from cxwidgets import journey as J
from cxwidgets.reports import l05
from cxwidgets.widgets.blueprint import BlueprintEditor, FailRanking, ReferenceBlueprint
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets

pytestmark = pytest.mark.usefixtures("chinese")


@pytest.fixture
def session(new_session):
    made = new_session("05", learner="tester", debounce=0.0)
    yield made
    made.workbook.flush()


def saved(session, section="05/blueprint"):
    session.workbook.flush()
    if not session.workbook.path.exists():
        return None
    document = json.loads(session.workbook.path.read_text("utf-8"))
    return document["sections"].get(section)


def checks_of(editor):
    return editor.checks.value


def own_journey():
    return J.Journey.from_dict(
        {
            "title": "我的宽带",
            "stages": [{"id": "s1", "name": "安装", "touchpoints": [
                {"id": "t1", "name": "师傅上门"}, {"id": "t2", "name": "测速"}]}],
            "curves": [{"id": "c1", "name": "感受", "values": {"t1": -3, "t2": 2}}],
        }
    ).to_dict()


def test_untouched_editor_shows_the_sample_and_saves_nothing(session):
    editor = BlueprintEditor(session)
    assert len(editor.steps.options) == 16
    assert editor.steps.value == "b1"
    assert 'data-check="customer_alone" data-step="b1"' in checks_of(editor)
    assert "样例旅程" in editor.source_line.value
    assert saved(session) is None


def test_starts_from_the_learners_journey(session):
    session.workbook.set("04/journey", own_journey())
    editor = BlueprintEditor(session)
    assert [label for label, _v in editor.steps.options] == [
        "1 · 顾客行为 · 师傅上门 （2 项待查）",  # customer alone + valley of -3
        "2 · 顾客行为 · 测速 （1 项待查）",
    ]
    assert 'data-check="valley" data-step="b1"' in checks_of(editor)


def test_add_edit_link_and_a_check_disappears(session):
    editor = BlueprintEditor(session)
    user_sets(editor.new_lane, "onstage")
    user_clicks(editor.tools["add"])
    assert editor.steps.value == "b17"
    user_sets(editor.fields["text"], "营业员递上资费单")
    user_sets(editor.fields["owner"], "营业员")
    value = saved(session)["value"]
    new = B.Blueprint.from_dict(value["blueprint"]).step("b17")
    assert (new.lane, new.column, new.text, new.owner) == ("onstage", 0, "营业员递上资费单", "营业员")
    # the customer action b1 now has an onstage counterpart in its column
    assert 'data-check="customer_alone" data-step="b1"' not in checks_of(editor)
    # ... but the new onstage step has no backstage: a new finding points at it
    assert 'data-check="onstage_unsupported" data-step="b17"' in checks_of(editor)


def test_fail_point_check_appears_and_disappears(session):
    editor = BlueprintEditor(session)
    user_sets(editor.steps, "b7")
    user_sets(editor.is_fail, True)
    assert 'data-check="fail_incomplete" data-step="b7"' in checks_of(editor)
    assert editor.fail_box.layout.display != "none"
    user_sets(editor.fail_fields["prevention"], "派单锁定时段")
    user_sets(editor.fail_fields["recovery"], "主动致歉并改约")
    assert 'data-check="fail_incomplete"' in checks_of(editor)  # owner still missing
    user_sets(editor.fail_fields["fail_owner"], "调度中心")
    assert 'data-check="fail_incomplete"' not in checks_of(editor)
    # t7 is a valley (-4): the fail point there also clears the valley finding of b7
    assert 'data-check="valley" data-step="b7"' not in checks_of(editor)
    fail = saved(session)["value"]["blueprint"]["steps"][6]["fail"]
    assert (fail["prevention"], fail["owner"]) == ("派单锁定时段", "调度中心")


def test_ratings_feed_the_ranking(session):
    editor = BlueprintEditor(session)
    ranking = FailRanking(session)
    user_sets(editor.steps, "b7")
    user_sets(editor.is_fail, True)
    for key, value in (("severity", 7), ("occurrence", 6), ("detection", 4)):
        user_sets(editor.ratings[key], value)
    user_sets(editor.gap, 3)
    # 7 x 6 x 4 = 168 at t7 (-4, weight 1.8) = 302.4
    assert "<td>168</td>" in ranking.table.value and "<td>302.4</td>" in ranking.table.value
    assert "差距3 服务执行" in ranking.table.value
    assert saved(session, "05/fail_points")["done"] is True  # rated in the editor: done
    user_sets(ranking.order, "rpn")
    assert saved(session, "05/fail_points")["value"] == {"order": "rpn"}
    assert saved(session, "05/fail_points")["done"] is True


def test_a_finding_leads_to_its_step(session):
    editor = BlueprintEditor(session)
    labels = [label for label, _v in editor.goto.options]
    # findings of the sample: 16 customer actions alone, then the valleys t4 t7 t9 t13 t15
    assert labels[0] == "—" and labels[17] == "步骤 4 · 情绪低谷没有失误点"
    user_sets(editor.goto, editor.goto.options[17][1])
    assert editor.steps.value == "b4" and editor.goto.value == ""
    assert "情绪曲线在「营业厅排队办理」跌到 -3" in editor.step_checks.value


def test_bad_number_is_refused_with_a_message_and_the_state_stays(session):
    editor = BlueprintEditor(session)
    user_sets(editor.duration, "12")
    user_sets(editor.duration, "soon")
    assert "时长（分钟）" in editor.message.value and "soon" in editor.message.value
    assert B.Blueprint.from_dict(editor.state["blueprint"]).step("b1").duration == 12.0


def test_wait_over_tolerance_and_critical_path(session):
    editor = BlueprintEditor(session)
    user_clicks(editor.starts["empty"])
    assert editor.steps.options == ()
    user_sets(editor.new_lane, "customer")
    user_clicks(editor.tools["add"])
    user_sets(editor.duration, "10")
    user_sets(editor.is_wait, True)
    user_sets(editor.standard, "60")
    user_sets(editor.tolerance, "30")
    assert 'data-check="wait_over" data-step="b1"' in checks_of(editor)
    user_sets(editor.tolerance, "90")
    assert 'data-check="wait_over"' not in checks_of(editor)
    user_clicks(editor.tools["add"])  # b2 in the same column
    user_sets(editor.duration, "5")
    user_sets(editor.steps, "b1")
    user_sets(editor.links, ("b2",))
    assert "关键路径：1 → 2，共 15 分钟。" in editor.flow.value
    user_sets(editor.steps, "b2")
    user_sets(editor.links, ("b1",))
    assert 'data-check="loop"' in checks_of(editor)
    assert "返工回路" in editor.flow.value


def test_move_delete_and_undo_replacement(session):
    editor = BlueprintEditor(session)
    user_sets(editor.steps, "b2")
    user_clicks(editor.tools["later"])
    assert B.Blueprint.from_dict(editor.state["blueprint"]).step("b2").column == 2
    user_clicks(editor.tools["delete"])
    assert "b2" not in [v for _l, v in editor.steps.options]
    before = editor.state["blueprint"]
    user_clicks(editor.starts["empty"])
    assert editor.state["blueprint"]["steps"] == []
    user_clicks(editor.undo)
    assert editor.state["blueprint"] == before
    assert editor.undo.disabled is True


def test_load_other_state_and_damaged_state(session):
    editor = BlueprintEditor(session)
    other = {"blueprint": B.reference_blueprint("zh-CN").to_dict(), "selected": "r12"}
    editor.load(other)
    assert len(editor.steps.options) == 31 and editor.steps.value == "r12"
    assert editor.is_fail.value is True and editor.fail_fields["fail_text"].value == "临时改约或迟到"
    editor.load({"blueprint": {"steps": [{"lane": "nowhere"}]}})
    assert "泳道" in editor.message.value and len(editor.steps.options) == 16  # defaults


def test_language_switch_relabels_and_keeps_codes(session):
    editor = BlueprintEditor(session)
    user_sets(editor.fields["text"], "我自己的步骤")
    i18n.set_language("en")
    try:
        assert editor.steps.options[0][0].startswith("1 · Customer actions · 我自己的步骤")
        assert ("Onstage contact actions", "onstage") in list(editor.lane.options)
        assert "Step 1" in checks_of(editor)
    finally:
        i18n.set_language("zh-CN")


def test_reference_opens_on_demand(session):
    reference = ReferenceBlueprint(session)
    assert reference.body.layout.display == "none"
    user_clicks(reference.toggle)
    assert reference.body.layout.display != "none"
    assert "<td>31</td>" not in reference.compare.value  # per lane, not in total
    assert "临时改约或迟到" in reference.compare.value
    entry = saved(session, "05/reference")
    assert entry["value"] == {"open": True, "seen": True} and entry["done"] is True


def test_closing_frees_listeners(session):
    before = i18n.listener_count()
    editor = BlueprintEditor(session)
    ranking = FailRanking(session)
    reference = ReferenceBlueprint(session)
    assert i18n.listener_count() > before
    hub_listeners = len(editor.hub._listeners)
    for exercise in (editor, ranking, reference):
        close_tree(exercise.widget)
    assert i18n.listener_count() == before
    assert len(editor.hub._listeners) == hub_listeners - 2


def test_export_png_and_svg(session):
    editor = BlueprintEditor(session)
    assert editor._svg().lstrip().startswith("<svg")
    assert editor._png()[:4] == b"\x89PNG"
    charts.wait()


def test_report_section(session):
    editor = BlueprintEditor(session)
    user_sets(editor.steps, "b7")
    user_sets(editor.is_fail, True)
    user_sets(editor.fail_fields["fail_text"], "临时改约")
    for key, value in (("severity", 7), ("occurrence", 6), ("detection", 4)):
        user_sets(editor.ratings[key], value)
    session.workbook.flush()
    document = json.loads(session.workbook.path.read_text("utf-8"))
    zh = l05.section(document, "zh-CN")
    assert "<svg" in zh and "临时改约" in zh and "<td>302.4</td>" in zh
    en = l05.section(document, "en")
    assert "Fail points ranked" in en and "Customer actions" in en
    assert l05.section({"sections": {}}, "zh-CN") is None


def test_report_module_imports_no_widget_module():
    assert "widgets" not in Path(l05.__file__).read_text(encoding="utf-8")


def test_from_journey_without_one_says_the_sample_is_used(session):
    editor = BlueprintEditor(session)
    user_clicks(editor.starts["journey"])
    assert "还没有保存第04讲的旅程" in editor.message.value
    assert editor.state["blueprint"]["source"] == "sample"
    session.workbook.set("04/journey", own_journey())
    user_clicks(editor.starts["journey"])
    assert editor.state["blueprint"]["source"] == "journey"
    assert [label.split(" · ")[2] for label, _v in editor.steps.options] == [
        "师傅上门 （2 项待查）", "测速 （1 项待查）"
    ]

"""The lecture-03 widgets AbcTiers, ManScoring and PersonaCard, driven as the browser does."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from cxwidgets import charts, i18n, persona_html, tables, tiers
from cxwidgets.errors import CXError
from cxwidgets.reports import l03
from cxwidgets.session import Session
from cxwidgets.widgets import tiers as tiers_module
from cxwidgets.widgets.exercise import close_tree, user_sets
from cxwidgets.widgets.persona import PersonaCard, card_html, missing_fields
from cxwidgets.widgets.tiers import AbcTiers, ManScoring, customers_from_upload

pytestmark = pytest.mark.usefixtures("chinese")


@pytest.fixture
def session(new_session) -> Session:
    return new_session("03")


# --- AbcTiers ------------------------------------------------------------------------------


def test_abc_tiers_shows_the_sample_pareto(session):
    exercise = AbcTiers(session)
    charts.wait()
    assert exercise.chart.error is None
    assert charts.to_svg(exercise.chart.spec).startswith("<svg")
    assert "70.1%" in exercise.insight.value  # tier A's share of the sample revenue
    assert list(exercise.summary["customers"]) == [30, 50, 120]
    assert "A 类 · 战略客户" in exercise.table.value
    assert "专属客户经理" in exercise.cards.value
    # Opening the page alone saves nothing.
    assert session.workbook.get("03/abc_tiers") is None


def test_abc_tiers_saves_and_restores(session, reopen):
    exercise = AbcTiers(session)
    user_sets(exercise.share_a, 20)
    user_sets(exercise.note, "A 类配客户经理")
    exercise.save()  # the note is typed: saved after a pause, or now
    saved = session.workbook.get("03/abc_tiers")
    assert saved["a"] == 20 and saved["b"] == 25 and saved["note"] == "A 类配客户经理"
    assert saved["summary"][0]["customers"] == 40
    assert session.workbook.is_done("03/abc_tiers")

    again = AbcTiers(reopen(session))
    assert again.share_a.value == 20
    assert again.note.value == "A 类配客户经理"
    assert list(again.summary["customers"]) == [40, 50, 110]


def test_abc_tiers_refuses_shares_over_100_and_keeps_the_last_result(session):
    exercise = AbcTiers(session)
    user_sets(exercise.share_a, 50)
    user_sets(exercise.share_b, 60)  # 110% in total
    assert exercise.message._current[1] == "tiers.error.shares"
    assert exercise.share_b.value == 25  # the slider goes back: the state is 50% / 25%
    assert list(exercise.summary["customers"]) == [100, 50, 50]
    user_sets(exercise.share_b, 30)
    assert exercise.message.kind is None
    assert list(exercise.summary["customers"]) == [100, 60, 40]


def test_abc_tiers_upload_and_restore(session, reopen):
    exercise = AbcTiers(session)
    content = "客户名称,收入\n甲,\"1,000\"\n乙,500\n丙,300\n丁,200\n".encode()
    exercise.upload.receive("mine.csv", content)
    assert exercise.upload.message.kind == "success"
    assert exercise.source.value == "upload"
    assert list(exercise.summary["customers"]) == [1, 1, 2]  # n=4: 0.6 -> 1, 1.6 -> 2
    assert "50.0%" in exercise.insight.value
    saved = session.workbook.get("03/abc_tiers")
    assert saved["source"] == "upload"
    assert saved["upload"]["rows"][0] == {"name": "甲", "revenue": 1000.0}

    again = AbcTiers(reopen(session))
    assert again.source.value == "upload"
    assert list(again.summary["customers"]) == [1, 1, 2]
    user_sets(again.source, "sample")
    assert list(again.summary["customers"]) == [30, 50, 120]


def test_one_column_upload_works_end_to_end(session):
    # bytes -> tables.read_table -> tiers -> widget: a list with the revenue only.
    content = "收入\n4000\n3000\n2000\n1000\n".encode()
    frame = tables.read_table(content, "values.csv")
    assert customers_from_upload(frame)[0] == {"name": "#1", "revenue": 4000.0}
    exercise = AbcTiers(session)
    exercise.upload.receive("values.csv", content)
    assert exercise.upload.message.kind == "success", exercise.upload.message.value
    assert exercise.state["upload"]["rows"][3] == {"name": "#4", "revenue": 1000.0}
    assert list(exercise.summary["customers"]) == [1, 1, 2]


@pytest.mark.parametrize(
    ("content", "key", "row"),
    [
        (b"name,sales\na,1\n", "tiers.error.no_value_column", None),
        (b"name,revenue\na,1\nb,abc\n", "tiers.error.not_numeric", 3),
        (b"name,revenue\na,1\nb,-5\n", "tiers.error.negative", 3),
    ],
)
def test_bad_uploads_are_refused_with_a_message(session, content, key, row):
    exercise = AbcTiers(session)
    exercise.upload.receive("bad.csv", content)
    assert exercise.upload.message._current[1] == key
    if row is not None:  # the spreadsheet row: header = 1, so the second data row is 3
        assert exercise.upload.message._current[2]["row"] == row
    assert exercise.source.value == "sample"  # the sample stays in place
    assert session.workbook.get("03/abc_tiers") is None


def test_abc_tiers_relabels_on_language_change(session):
    exercise = AbcTiers(session)
    i18n.set_language("en")
    assert "Tier A · strategic" in exercise.table.value
    assert "The top 15% of customers" in exercise.insight.value
    assert exercise.source.options[0][0] == "Sample: 200 broadband customers"
    assert exercise.share_a.description == "Tier A share (%)"


def test_abc_load_damaged_state_and_close(session):
    before = i18n.listener_count()
    exercise = AbcTiers(session)
    exercise.load({"source": "upload", "upload": {"rows": "x"}, "a": 90, "b": "y", "note": 3})
    assert exercise.state == {**exercise.initial_state(), "note": "3"}
    close_tree(exercise.widget)
    assert i18n.listener_count() == before


def test_template_is_a_readable_customer_list():
    frame = tables.read_table(tiers_module.template_csv(), "template.csv")
    assert list(frame.columns) == ["name", "revenue"]
    assert len(customers_from_upload(frame)) == 8


def test_tier_bands_follow_the_tiers():
    ranked = tiers.abc_tiers(pd.DataFrame({"revenue": [100, 50, 40, 30, 20, 20, 15, 10, 10, 5]}))
    bands = tiers_module.tier_bands(ranked)
    assert list(bands["tier"]) == ["A", "B", "C"]
    assert list(bands["x0"]) == [0.0, 0.2, 0.4]
    assert list(bands["x1"]) == [0.2, 0.4, 1.0]
    assert bands["y1"].tolist() == pytest.approx([0.5, 220 / 300, 1.0])


# --- ManScoring ------------------------------------------------------------------------------


class _Prospect:
    """One prospect's row of the MAN grid, driven as the browser does (one answer a message)."""

    def __init__(self, exercise: ManScoring, prospect: str) -> None:
        self.grid, self.id = exercise.grid, prospect

    def send(self, key: str, answer) -> None:
        self.grid.receive(self.id, key, answer)

    def check(self) -> None:
        self.send("checked", True)

    @property
    def row(self) -> dict:
        return next(row for row in self.grid.rows if row["id"] == self.id)

    @property
    def feedback(self) -> str:
        return self.row["result"]


def _card(exercise: ManScoring, prospect: str) -> _Prospect:
    return _Prospect(exercise, prospect)


def test_man_feedback_compares_with_the_facts(session):
    exercise = ManScoring(session)
    assert [row["id"] for row in exercise.grid.rows] == [f"P{i}" for i in range(1, 8)]
    card = _card(exercise, "P2")  # M yes, A no, N yes -> find the decision maker
    for short in ("m", "a", "n"):
        card.send(short, True)
    card.send("step", "qualified")
    assert card.feedback == ""  # nothing revealed before "check"
    card.check()
    feedback = card.feedback
    assert feedback.count("cx-man-right") == 2  # M and N
    assert feedback.count("cx-man-wrong") == 2  # A and the step
    assert "找到真正的决策人" in feedback
    assert "主任律师" in feedback  # the facts
    assert "1/7" in exercise.summary.value and "2/3" in exercise.summary.value
    card.send("a", False)
    card.send("step", "find_decision_maker")
    assert card.feedback.count("cx-man-wrong") == 0
    saved = session.workbook.get("03/man")["answers"]["P2"]
    assert saved == {"m": True, "a": False, "n": True, "step": "find_decision_maker", "checked": True}
    assert not session.workbook.is_done("03/man")


def test_man_refuses_a_step_that_is_not_an_option(session):
    exercise = ManScoring(session)
    _card(exercise, "P1").send("step", "bribe")
    assert exercise.answer("P1")["step"] == ""


def test_man_done_after_all_checked_and_restored(session, reopen):
    exercise = ManScoring(session)
    for code in exercise.prospect_ids():
        _card(exercise, code).check()
    assert session.workbook.is_done("03/man")
    again = ManScoring(reopen(session))
    assert all(again.answer(code)["checked"] for code in again.prospect_ids())
    assert "7/7" in again.summary.value
    assert _card(again, "P1").feedback  # feedback visible again after reload


def test_man_relabels_and_keeps_choice(session):
    exercise = ManScoring(session)
    card = _card(exercise, "P3")
    card.send("step", "develop_budget")
    i18n.set_language("en")
    assert exercise.grid.answer("P3", "step") == "develop_budget"
    assert "Dynamo Gym" in card.row["label"]
    labels = {group["key"]: group["label"] for group in exercise.grid.groups}
    assert labels["m"] == "M money: has the budget"


def test_man_damaged_state(session):
    session.workbook.set("03/man", {"answers": {"P1": {"m": 1, "step": "bribe"}, "P9": {}}})
    exercise = ManScoring(session)
    assert exercise.answer("P1") == {"m": True, "a": False, "n": False, "step": "", "checked": False}
    assert "P9" not in exercise.state["answers"]


@pytest.mark.parametrize("verdict", tiers.VERDICTS)
def test_every_verdict_has_a_label(verdict):
    for language in i18n.LANGUAGES:
        assert i18n.t(f"tiers.verdict.{verdict}", language) != f"tiers.verdict.{verdict}"


# --- PersonaCard -----------------------------------------------------------------------------


def _fill(exercise: PersonaCard) -> None:
    user_sets(exercise.inputs["name"], "李阿姨")
    user_sets(exercise.tenure, "2y+")
    user_sets(exercise.tier, "senior")
    user_sets(exercise.inputs["goals"], "和女儿视频\n看戏曲")
    user_sets(exercise.inputs["pains"], "账单看不懂")
    user_sets(exercise.inputs["must"], "网络稳定")
    user_sets(exercise.channels["hotline"], True)
    user_sets(exercise.inputs["quote"], "只要别断网")
    exercise.save()


def test_persona_lists_missing_required_fields(session):
    exercise = PersonaCard(session)
    assert exercise.status.kind == "info"
    assert "名字、在网时长、客户类型、目标、痛点、必备型需求" in exercise.status.value
    user_sets(exercise.inputs["name"], "李阿姨")
    assert "名字" not in exercise.status.value.split("：", 1)[1]
    assert not session.workbook.is_done("03/persona")


def test_persona_renders_saves_and_restores(session, reopen):
    exercise = PersonaCard(session)
    _fill(exercise)
    assert exercise.status.kind == "success"
    assert session.workbook.is_done("03/persona")
    card = exercise.card.value
    for text in ("李阿姨", "在网 2 年以上", "银发客户", "<li>看戏曲</li>", "客服热线", "“只要别断网”"):
        assert text in card
    again = PersonaCard(reopen(session))
    assert again.state == exercise.state
    assert again.card.value == card


def test_persona_shows_the_limit_and_says_when_it_cuts(session):
    exercise = PersonaCard(session)
    user_sets(exercise.inputs["goals"], "看戏曲")
    assert exercise.counts["goals"].value.endswith(
        html.escape(i18n.t("persona.count", n=3, max=persona_html.MAX_LENGTH)) + "</span>"
    )
    assert exercise.counts["name"].value == ""  # one-line fields: shown near the limit only
    too_long = "长" * (persona_html.MAX_LENGTH + 5)
    user_sets(exercise.inputs["goals"], too_long)
    assert exercise.state["goals"] == "长" * persona_html.MAX_LENGTH
    assert exercise.inputs["goals"].value == exercise.state["goals"]  # the field shows the cut
    assert exercise.message._current[1] == "persona.trimmed"
    assert 'data-over="1"' in exercise.counts["goals"].value
    user_sets(exercise.inputs["goals"], "短")
    assert exercise.message.kind is None


def test_persona_stored_text_over_the_limit_is_said(session):
    session.workbook.set("03/persona", {"pains": "x" * (persona_html.MAX_LENGTH + 1)})
    exercise = PersonaCard(session)
    assert len(exercise.state["pains"]) == persona_html.MAX_LENGTH
    assert exercise.message._current[1] == "persona.trimmed_stored"


def test_persona_escapes_learner_text():
    text = card_html({"name": "<script>x</script>", "goals": "a & b"})
    assert "<script>" not in text
    assert "&lt;script&gt;" in text and "a &amp; b" in text


def test_persona_relabels_on_language_change(session):
    exercise = PersonaCard(session)
    _fill(exercise)
    i18n.set_language("en")
    assert exercise.tenure.value == "2y+"
    assert ("Senior customer", "senior") in exercise.tier.options
    assert "Senior customer" in exercise.card.value
    assert exercise.inputs["name"].description == "Name *"


def test_missing_fields_and_clean_state():
    assert missing_fields({}) == list(persona_html.REQUIRED)
    state = persona_html.clean_state({"tier": "martian", "channels": ["app", "fax"], "x": 1})
    assert state["tier"] == "" and state["channels"] == ["app"] and "x" not in state


# --- report ---------------------------------------------------------------------------------


def test_report_section(session):
    assert l03.section(session.workbook.data, "zh-CN") is None
    abc = AbcTiers(session)
    user_sets(abc.note, "我的结论")
    abc.save()
    man = ManScoring(session)
    _card(man, "P1").check()
    _fill(PersonaCard(session))
    data = session.workbook.data
    fragment = l03.section(data, "zh-CN")
    assert "<svg" in fragment and "ABC 客户分层" in fragment and "我的结论" in fragment
    assert "MAN 线索判断" in fragment and "甜茶连锁店" in fragment
    english = l03.section(data, "en")
    assert "Sweet Tea chain" in english and "Tier A · strategic" in english
    assert "Auntie" not in english and "李阿姨" in english and "Senior customer" in english
    assert ".cx-persona-card" in english  # the card's CSS travels with the report


def test_whole_report_includes_lecture_03(session):
    from cxwidgets.report import build_html

    _fill(PersonaCard(session))
    _card(ManScoring(session), "P1").check()
    page = build_html(session.workbook.data, "zh-CN")
    assert "客户画像卡" in page and "MAN 线索判断" in page


def test_report_module_imports_no_widgets():
    import subprocess
    import sys

    code = (
        "import sys, cxwidgets.reports.l03; "
        "print([m for m in sys.modules if m.startswith('cxwidgets.widgets')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_dynamic_catalogue_keys_exist_in_both_languages():
    keys = [f"tiers.verdict.{v}" for v in tiers.VERDICTS]
    for tier in tiers.TIERS:
        keys += [f"tiers.tier.{tier}.{part}" for part in ("name", "short", "service")]
    for short, _field in tiers_module.LETTERS:
        keys += [f"tiers.man.box.{short}", f"tiers.man.letter.{short}"]
    keys += [f"persona.tenure.{code}" for code in persona_html.TENURES]
    keys += [f"persona.tier.{code}" for code in persona_html.TIERS]
    keys += [f"persona.channel.{code}" for code in persona_html.CHANNELS]
    keys += [f"persona.required.{key}" for key in persona_html.REQUIRED]
    for key, _multi, _required in persona_html.FIELDS:
        keys += [f"persona.field.{key}", f"persona.placeholder.{key}", f"persona.name.{key}"]
    keys += [f"persona.card.need.{key}" for key in persona_html.NEED_COLOURS]
    catalogue = i18n.catalogue()
    for key in keys:
        assert key in catalogue, key
        assert all(catalogue[key].get(language) for language in i18n.LANGUAGES), key


def test_customers_from_upload_refuses_with_keys():
    with pytest.raises(CXError) as info:
        customers_from_upload(pd.DataFrame({"name": ["a"], "sales": ["1"]}))
    assert info.value.key == "tiers.error.no_value_column"

"""The lecture-03 widgets AbcTiers, ManScoring and PersonaCard, driven from Python (no browser)."""

from __future__ import annotations

import pandas as pd
import pytest

from cxwidgets import charts, i18n, tiers
from cxwidgets.errors import CXError
from cxwidgets.session import Session
from cxwidgets.widgets import persona as persona_module
from cxwidgets.widgets import tiers as tiers_module
from cxwidgets.widgets.persona import PersonaCard, card_html, missing_fields
from cxwidgets.widgets.tiers import AbcTiers, ManScoring, customers_from_upload
from cxwidgets.workbook import Workbook


@pytest.fixture(autouse=True)
def _chinese():
    i18n.set_language("zh-CN")
    yield
    i18n.set_language("zh-CN")


@pytest.fixture
def session(tmp_path) -> Session:
    return Session(workbook=Workbook("tester", directory=tmp_path, debounce=0), lecture="03")


def _reopen(session: Session) -> Session:
    """A new page of the same learner: the workbook is read again from disk."""
    workbook = session.workbook
    return Session(workbook=Workbook(workbook.learner, directory=workbook.directory), lecture="03")


# --- AbcTiers ------------------------------------------------------------------------------


def test_abc_tiers_shows_the_sample_pareto(session):
    exercise = AbcTiers(session)
    charts.wait()
    assert exercise.chart.error is None
    assert exercise.chart.svg.startswith("<svg")
    assert "70.1%" in exercise.insight.value  # tier A's share of the sample revenue
    assert list(exercise.summary["customers"]) == [30, 50, 120]
    assert "A 类 · 战略客户" in exercise.table.value
    assert "专属客户经理" in exercise.cards.value
    # Opening the page alone saves nothing.
    assert session.workbook.get("03/abc_tiers") is None


def test_abc_tiers_saves_and_restores(session):
    exercise = AbcTiers(session)
    exercise.share_a.value = 20
    exercise.note.value = "A 类配客户经理"
    saved = session.workbook.get("03/abc_tiers")
    assert saved["a"] == 20 and saved["b"] == 25 and saved["note"] == "A 类配客户经理"
    assert saved["summary"][0]["customers"] == 40
    assert session.workbook.is_done("03/abc_tiers")

    again = AbcTiers(_reopen(session))
    assert again.share_a.value == 20
    assert again.note.value == "A 类配客户经理"
    assert list(again.summary["customers"]) == [40, 50, 110]


def test_abc_tiers_invalid_shares_keep_the_last_result(session):
    exercise = AbcTiers(session)
    exercise.share_a.value = 50
    exercise.share_b.value = 60  # 110% in total
    assert exercise.message.kind == "error"
    assert "A+B" in exercise.message.value
    assert list(exercise.summary["customers"]) == [100, 50, 50]  # from 50% / 25%, kept
    exercise.share_b.value = 30
    assert exercise.message.kind is None


def test_abc_tiers_upload_and_restore(session):
    exercise = AbcTiers(session)
    frame = pd.DataFrame(
        {"客户名称": ["甲", "乙", "丙", "丁"], "收入": ["1,000", "500", "300", "200"]}, dtype=str
    )
    exercise._uploaded(frame, "mine.csv")
    assert exercise.source.value == "upload"
    assert list(exercise.summary["customers"]) == [1, 1, 2]  # n=4: 0.6 -> 1, 1.6 -> 2
    assert "50.0%" in exercise.insight.value
    saved = session.workbook.get("03/abc_tiers")
    assert saved["source"] == "upload"
    assert saved["upload"]["rows"][0] == {"name": "甲", "revenue": 1000.0}

    again = AbcTiers(_reopen(session))
    assert again.source.value == "upload"
    assert list(again.summary["customers"]) == [1, 1, 2]
    again.source.value = "sample"
    assert list(again.summary["customers"]) == [30, 50, 120]


@pytest.mark.parametrize(
    ("frame", "key"),
    [
        (pd.DataFrame({"name": ["a"], "sales": ["1"]}), "tiers.error.no_value_column"),
        (pd.DataFrame({"revenue": ["1", "abc"]}), "tiers.error.not_numeric"),
        (pd.DataFrame({"revenue": ["1", "-5"]}), "tiers.error.negative"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(session, frame, key):
    with pytest.raises(CXError) as info:
        customers_from_upload(frame)
    assert info.value.key == key
    exercise = AbcTiers(session)
    exercise.upload._changed(
        {"new": ({"name": "bad.csv", "content": frame.to_csv(index=False).encode()},)}
    )
    assert exercise.upload.message.kind == "error"
    assert exercise.source.value == "sample"  # the sample stays in place
    assert session.workbook.get("03/abc_tiers") is None


def test_abc_tiers_relabels_on_language_change(session):
    exercise = AbcTiers(session)
    i18n.set_language("en")
    assert "Tier A · strategic" in exercise.table.value
    assert "The top 15% of customers" in exercise.insight.value
    assert exercise.source.options[0][0] == "Sample: 200 broadband customers"
    assert exercise.share_a.description == "Tier A share (%)"


def test_template_is_a_readable_customer_list():
    from cxwidgets import tables

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


def _card(exercise: ManScoring, prospect: str):
    return next(card for card in exercise.cards if card.id == prospect)


def test_man_feedback_compares_with_the_facts(session):
    exercise = ManScoring(session)
    assert len(exercise.cards) == 7
    card = _card(exercise, "P2")  # M yes, A no, N yes -> find the decision maker
    card.boxes["m"].value = True
    card.boxes["a"].value = True
    card.boxes["n"].value = True
    card.step.value = "qualified"
    assert card.feedback.value == ""  # nothing revealed before "check"
    card.check.click()
    feedback = card.feedback.value
    assert feedback.count("cx-man-right") == 2  # M and N
    assert feedback.count("cx-man-wrong") == 2  # A and the step
    assert "找到真正的决策人" in feedback
    assert "主任律师" in feedback  # the facts
    assert "1/7" in exercise.summary.value and "2/3" in exercise.summary.value
    card.boxes["a"].value = False
    card.step.value = "find_decision_maker"
    assert card.feedback.value.count("cx-man-wrong") == 0
    saved = session.workbook.get("03/man")["answers"]["P2"]
    assert saved == {
        "m": True,
        "a": False,
        "n": True,
        "step": "find_decision_maker",
        "checked": True,
    }
    assert not session.workbook.is_done("03/man")


def test_man_done_after_all_checked_and_restored(session):
    exercise = ManScoring(session)
    for card in exercise.cards:
        card.check.click()
    assert session.workbook.is_done("03/man")
    again = ManScoring(_reopen(session))
    assert all(card.checked for card in again.cards)
    assert "7/7" in again.summary.value
    assert _card(again, "P1").feedback.value  # feedback visible again after reload


def test_man_relabels_and_keeps_choice(session):
    exercise = ManScoring(session)
    card = _card(exercise, "P3")
    card.step.value = "develop_budget"
    i18n.set_language("en")
    assert card.step.value == "develop_budget"
    assert "Dynamo Gym" in card.heading.value
    assert card.boxes["m"].description == "M money: has the budget"


@pytest.mark.parametrize("verdict", tiers.VERDICTS)
def test_every_verdict_has_a_label(verdict):
    for language in i18n.LANGUAGES:
        assert i18n.t(f"tiers.verdict.{verdict}", language) != f"tiers.verdict.{verdict}"


# --- PersonaCard -----------------------------------------------------------------------------


def _fill(exercise: PersonaCard) -> None:
    exercise.inputs["name"].value = "李阿姨"
    exercise.tenure.value = "2y+"
    exercise.tier.value = "senior"
    exercise.inputs["goals"].value = "和女儿视频\n看戏曲"
    exercise.inputs["pains"].value = "账单看不懂"
    exercise.inputs["must"].value = "网络稳定"
    exercise.channels["hotline"].value = True
    exercise.inputs["quote"].value = "只要别断网"


def test_persona_lists_missing_required_fields(session):
    exercise = PersonaCard(session)
    assert exercise.message.kind == "info"
    assert "名字、在网时长、客户类型、目标、痛点、必备型需求" in exercise.message.value
    exercise.inputs["name"].value = "李阿姨"
    assert "名字" not in exercise.message.value.split("：", 1)[1]
    assert not session.workbook.is_done("03/persona")


def test_persona_renders_saves_and_restores(session):
    exercise = PersonaCard(session)
    _fill(exercise)
    assert exercise.message.kind == "success"
    assert session.workbook.is_done("03/persona")
    card = exercise.card.value
    for text in (
        "李阿姨",
        "在网 2 年以上",
        "银发客户",
        "<li>看戏曲</li>",
        "客服热线",
        "“只要别断网”",
    ):
        assert text in card
    again = PersonaCard(_reopen(session))
    assert again.state() == exercise.state()
    assert again.card.value == card


def test_persona_escapes_learner_text():
    html = card_html({"name": "<script>x</script>", "goals": "a & b"})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "a &amp; b" in html


def test_persona_relabels_on_language_change(session):
    exercise = PersonaCard(session)
    _fill(exercise)
    i18n.set_language("en")
    assert exercise.tenure.value == "2y+"
    assert ("Senior customer", "senior") in exercise.tier.options
    assert "Senior customer" in exercise.card.value
    assert exercise.inputs["name"].description == "Name *"


def test_missing_fields_and_clean_state():
    assert missing_fields({}) == list(persona_module.REQUIRED)
    state = persona_module.clean_state({"tier": "martian", "channels": ["app", "fax"], "x": 1})
    assert state["tier"] == "" and state["channels"] == ["app"] and "x" not in state


# --- report sections ---------------------------------------------------------------------------


def test_report_sections(session):
    assert tiers_module.report_section(session.workbook.data, "zh-CN") is None
    assert persona_module.report_section(session.workbook.data, "zh-CN") is None
    abc = AbcTiers(session)
    abc.note.value = "我的结论"
    man = ManScoring(session)
    _card(man, "P1").check.click()
    _fill(PersonaCard(session))
    data = session.workbook.data
    fragment = tiers_module.report_section(data, "zh-CN")
    assert "<svg" in fragment and "ABC 客户分层" in fragment and "我的结论" in fragment
    assert "MAN 线索判断" in fragment and "甜茶连锁店" in fragment
    english = tiers_module.report_section(data, "en")
    assert "Sweet Tea chain" in english and "Tier A · strategic" in english
    card = persona_module.report_section(data, "en")
    assert "Auntie" not in card and "李阿姨" in card and "Senior customer" in card


def test_whole_report_includes_lecture_03(session):
    from cxwidgets.report import build_html

    _fill(PersonaCard(session))
    ManScoring(session).cards[0].check.click()
    page = build_html(session.workbook.data, "zh-CN")
    assert "客户画像卡" in page and "MAN 线索判断" in page


def test_dynamic_catalogue_keys_exist_in_both_languages():
    keys = [f"tiers.verdict.{v}" for v in tiers.VERDICTS]
    for tier in tiers.TIERS:
        keys += [f"tiers.tier.{tier}.{part}" for part in ("name", "short", "service")]
    for short, _field in tiers_module.LETTERS:
        keys += [f"tiers.man.box.{short}", f"tiers.man.letter.{short}"]
    keys += [f"persona.tenure.{code}" for code in persona_module.TENURES]
    keys += [f"persona.tier.{code}" for code in persona_module.TIERS]
    keys += [f"persona.channel.{code}" for code in persona_module.CHANNELS]
    keys += [f"persona.required.{key}" for key in persona_module.REQUIRED]
    for key, _multi, _required in persona_module.FIELDS:
        keys += [f"persona.field.{key}", f"persona.placeholder.{key}"]
    keys += [f"persona.card.need.{key}" for key in persona_module.NEED_COLOURS]
    catalogue = i18n.catalogue()
    for key in keys:
        assert key in catalogue, key
        assert all(catalogue[key].get(language) for language in i18n.LANGUAGES), key

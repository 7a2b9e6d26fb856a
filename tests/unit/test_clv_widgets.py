"""Lecture 01 exercises driven as the browser does, and its report section."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cxwidgets import charts, i18n
from cxwidgets.errors import CXError
from cxwidgets.reports import l01
from cxwidgets.widgets.clv import BankCase, Calculator, ChainDiagram, ChainExplorer, Sort, Tenure
from cxwidgets.widgets.clv.notes import LIMIT
from cxwidgets.widgets.exercise import close_tree, user_clicks, user_sets


@pytest.fixture
def session(started_session):
    made = started_session("01", debounce=60)  # typed text waits for an explicit flush
    yield made
    made.workbook.flush()


def saved(session, section):
    session.workbook.flush()
    document = json.loads(session.workbook.path.read_text("utf-8"))
    return document["sections"][section]


def wait_for(exercise, condition, timeout=20.0):
    """Wait until ``exercise``'s background fits are done and shown, then check ``condition``."""
    assert exercise.wait_idle(timeout), "background work still running"
    assert condition()


# ----------------------------------------------------------------------------- exercise 1
def yearly(calc):
    """The CX-REFERENCE example typed in: m = 600 a year, r = 80%, i = 10% a year."""
    user_sets(calc.inputs["period"], "year")
    user_sets(calc.inputs["rate_kind"], "retention")
    user_sets(calc.inputs["rate"], 80.0)
    user_sets(calc.inputs["margin"], 600.0)
    user_sets(calc.inputs["discount"], 10.0)
    user_sets(calc.inputs["acquisition"], 800.0)


def test_calculator_sample_warns_about_periods(session):
    calc = Calculator(session)
    assert "cx-ex-clv-calculator" in calc.widget._dom_classes
    # sample: 45 a month, churn 1.5% a month, 8% a year -> 0.6434% a month, CLV 2,068
    assert "2,068 元" in calc.result_view.value
    assert 'data-warning="converted"' in calc.warning_view.value
    assert "0.64% 每月" in calc.warning_view.value


def test_calculator_reference_example_is_saved_with_its_result(session):
    calc = Calculator(session)
    yearly(calc)
    assert calc.state["period"] == "year"
    assert "1,600 元" in calc.result_view.value
    assert "5.0 年" in calc.result_view.value  # lifetime 1 / (1 - 0.8)
    assert "2.0×" in calc.result_view.value  # 1600 / 800
    assert "第 3 年" in calc.result_view.value  # payback (see test_clv.py)
    assert calc.warning_view.value == ""
    # +5 points: 2,040 (+28% after rounding 27.5%)
    assert "2,040 元" in calc.step_view.value and "80.0%" in calc.step_view.value
    assert 'data-own="1"' in calc.grid_view.value
    section = saved(session, "01/clv")
    assert section["done"] is True
    assert section["value"]["rate"] == 80.0
    assert section["value"]["result"]["clv"] == pytest.approx(1600)
    charts.wait()
    assert calc.chart.spec and calc.chart.error is None


def test_calculator_refuses_impossible_inputs_and_keeps_the_last(session):
    calc = Calculator(session)
    user_sets(calc.inputs["rate"], 0.0)  # churn 0%: retention 100%
    assert calc.message.kind == "error"
    assert "留存率必须" in calc.message.value
    assert calc.state["rate"] == 1.5
    assert calc.inputs["rate"].value == 1.5  # the browser shows the kept value
    user_sets(calc.inputs["discount"], -3.0)
    assert calc.state["discount"] == 8
    user_sets(calc.inputs["horizon"], -2)
    assert calc.message.kind == "error" and calc.state["horizon"] == 0
    user_sets(calc.inputs["horizon"], 24)
    assert calc.message.kind is None
    assert "只计前 24 个月" in calc.result_view.value


def test_calculator_monthly_discount_is_questioned(session):
    calc = Calculator(session)
    user_sets(calc.inputs["discount_period"], "month")
    assert 'data-warning="monthly_discount"' in calc.warning_view.value
    assert "151.82%" in calc.warning_view.value  # 1.08 ** 12 - 1


def test_calculator_load_damage_language_and_close(session):
    before = i18n.listener_count()
    calc = Calculator()
    calc.load({"margin": 100, "rate": 10, "rate_kind": "churn", "period": "year",
               "discount": 0, "discount_period": "year", "acquisition": 0, "horizon": 0})
    # 100 * 0.9 / 0.1 = 900
    assert "900 元" in calc.result_view.value
    calc.load({"rate": 100, "rate_kind": "retention"})
    assert calc.message.kind == "error"
    assert calc.state == calc.initial_state()
    calc.load("garbage")
    assert calc.state == calc.initial_state()
    i18n.set_language("en")
    assert "CNY 2,068" in calc.result_view.value
    assert calc.inputs["period"].options == [["Monthly", "month"], ["Yearly", "year"]]
    i18n.set_language("zh-CN")
    close_tree(calc.widget)
    assert i18n.listener_count() == before


def test_reset_button_returns_to_the_sample(session):
    calc = Calculator(session)
    user_sets(calc.inputs["margin"], 99.0)
    user_clicks(calc.reset_button)
    assert calc.state == calc.initial_state()
    assert saved(session, "01/clv")["done"] is False


# ----------------------------------------------------------------------------- exercise 2
def test_tenure_fits_in_the_background_and_follows_the_calculator(session):
    tenure = Tenure(session)
    wait_for(tenure, lambda: tenure.shown is not None)
    assert 'data-source="sample"' in tenure.source_note.value
    assert "低估" in tenure.summary.value
    assert tenure.table.value.count("<tr data-segment=") == 4
    user_sets(tenure.months, 6)
    wait_for(tenure, lambda: tenure.shown is not None and tenure.shown.calibration == 6)
    assert "（未用于拟合，用来检验）" in tenure.table.value
    user_sets(tenure.cohort, "bundle")
    wait_for(tenure, lambda: tenure.shown.cohort == "bundle")
    user_sets(tenure.note, "头三个月最危险")
    section = saved(session, "01/tenure")
    assert section["value"]["cohort"] == "bundle" and section["value"]["months"] == 6
    assert section["value"]["note"] == "头三个月最危险"
    assert section["done"] is True
    # the calculator on the same page is followed at once
    calc = Calculator(session)
    yearly(calc)
    assert 'data-source="learner"' in tenure.source_note.value
    assert "50 元" in tenure.source_note.value  # 600 a year -> 50 a month
    wait_for(tenure, lambda: tenure.shown is not None and tenure.shown.clv_average > 0
             and "50" in tenure.source_note.value and tenure.pending is None)
    # ... and a new page of the same learner reads it from the workbook
    before = i18n.listener_count()
    again = Tenure(session)
    assert 'data-source="learner"' in again.source_note.value
    close_tree(again.widget)
    assert i18n.listener_count() == before
    from cxwidgets.widgets.clv import calculator

    assert all(callback.__self__ is not again for _wb, callback in calculator._followers)


def test_tenure_refuses_unknown_choices_and_cleans_damage(session):
    tenure = Tenure(session)
    user_sets(tenure.cohort, "mall")  # not an option the browser could send: shown, refused
    assert tenure.message.kind == "error"
    assert tenure.state["cohort"] == "store"
    with pytest.raises(CXError) as caught:
        tenure.pick("months", 9, (6, 12, 24))
    assert caught.value.key == "clv.error.calibration"
    tenure.load({"cohort": "mall", "months": 9, "note": 5})
    assert tenure.state == tenure.initial_state()
    tenure.load({"note": "x" * (LIMIT + 10)})
    assert len(tenure.state["note"]) == LIMIT


# ----------------------------------------------------------------------------- exercise 3
def test_chain_is_one_widget_with_metrics_per_link(session):
    explorer = ChainExplorer(session)
    diagram = explorer.diagram
    assert isinstance(diagram, ChainDiagram)
    assert len(diagram.nodes) == 7 and len(diagram.links) == 6
    assert diagram.links[5]["strength"] == "weak"
    assert "证据强度" in diagram.links[0]["label"]
    user_sets(diagram, "l5", name="selected")
    assert explorer.state["selected"] == "l5"
    assert 'data-link="l5"' in explorer.detail.value
    user_sets(explorer.metrics, "满意度 vs 续约率")
    assert diagram.links[4]["filled"] is True
    for link in ("l1", "l6"):
        user_sets(diagram, link, name="selected")
        user_sets(explorer.metrics, f"指标 {link}")
    user_sets(diagram, "l5", name="selected")
    assert explorer.metrics.value == "满意度 vs 续约率"
    section = saved(session, "01/chain")
    assert section["value"]["metrics"] == {"l5": "满意度 vs 续约率", "l1": "指标 l1",
                                           "l6": "指标 l6"}
    assert section["done"] is True


def test_chain_refuses_unknown_links_and_validates_its_trait(session):
    explorer = ChainExplorer(session)
    user_sets(explorer.diagram, "l9", name="selected")
    assert explorer.message.kind == "error"
    assert explorer.state["selected"] == "l1"
    assert explorer.diagram.selected == "l1"
    import traitlets

    with pytest.raises(traitlets.TraitError):
        explorer.diagram.links = [{"id": "l1", "strength": "huge"}]


def test_chain_language_switch_and_close():
    before = i18n.listener_count()
    explorer = ChainExplorer()
    explorer.load({"selected": "l2", "metrics": {"l2": "离职率", "zz": "x", "l3": 4}})
    assert explorer.state == {"selected": "l2", "metrics": {"l2": "离职率"}}
    i18n.set_language("en")
    assert explorer.diagram.nodes[0]["label"] == "Internal service quality"
    assert "Employee satisfaction → Employee retention" in explorer.detail.value
    i18n.set_language("zh-CN")
    close_tree(explorer.widget)
    assert i18n.listener_count() == before


# ----------------------------------------------------------------------------- exercise 4
def test_sort_has_fourteen_statements_with_feedback(session):
    quiz = Sort(session)
    assert len(quiz.rows) == 14
    assert quiz.rows[0].choice.options == [["体验", "experience"], ["满意", "satisfaction"],
                                           ["忠诚", "loyalty"]]
    user_sets(quiz.rows[13].choice, "loyalty")  # s14: satisfied, not loyal
    assert 'data-correct="0"' in quiz.rows[13].feedback.value
    user_sets(quiz.rows[0].choice, "experience")
    assert 'data-correct="1"' in quiz.rows[0].feedback.value
    assert saved(session, "01/sort")["value"]["answers"] == {"s14": "loyalty", "s01": "experience"}


# ----------------------------------------------------------------------------- exercise 5
def test_bank_answers_are_saved_trimmed_with_a_message_and_done(session):
    bank = BankCase(session)
    areas = bank.areas
    assert list(areas) == ["worth", "moments", "chain", "broadband"]
    user_sets(areas["worth"][0], "大约十几万元")
    assert "6 / 2000" in areas["worth"][1].value
    user_sets(areas["moments"][0], "y" * (LIMIT + 5))
    assert bank.message.kind == "error"
    assert len(bank.state["answers"]["moments"]) == LIMIT
    assert areas["moments"][0].value == "y" * LIMIT
    for prompt in ("chain", "broadband"):
        user_sets(areas[prompt][0], "答案")
    section = saved(session, "01/bank_case")
    assert section["done"] is True
    assert section["value"]["answers"]["worth"] == "大约十几万元"
    assert "<details>" in bank.solution.value


# ----------------------------------------------------------------------------- report
def test_report_section_in_both_languages(session):
    calc = Calculator(session)
    yearly(calc)
    explorer = ChainExplorer(session)
    user_sets(explorer.metrics, "工具可用率")
    bank = BankCase(session)
    user_sets(bank.areas["worth"][0], "很多钱")
    quiz = Sort(session)
    user_sets(quiz.rows[0].choice, "experience")
    tenure = Tenure(session)
    user_sets(tenure.note, "结论")
    session.workbook.flush()
    data = json.loads(session.workbook.path.read_text("utf-8"))
    zh = l01.section(data, "zh-CN")
    en = l01.section(data, "en")
    assert "1,600 元" in zh and "CNY 1,600" in en
    assert "<svg" in zh
    assert "工具可用率" in zh and "很多钱" in en and "结论" in zh
    assert "答对 1" in zh
    assert l01.section({"sections": {}}, "zh-CN") is None
    assert l01.section({"sections": {"01/clv": {"value": "bad"}}}, "en") is None


def test_report_survives_damaged_sections():
    damaged = {"sections": {
        "01/clv": {"value": {"rate": 300}},
        "01/tenure": {"value": {"cohort": "mall", "months": "x", "note": ["no"]}},
        "01/chain": {"value": {"metrics": "x"}},
        "01/sort": {"value": {"answers": {"zz": 1}}},
        "01/bank_case": {"value": {"answers": {"worth": 7}}},
    }}
    html = l01.section(damaged, "zh-CN")
    # only the tenure exercise has something to show (the sample cohort, defaults)
    for number in (1, 3, 4, 5):
        assert f"练习 {number}" not in html
    assert "练习 2" in html


def test_report_module_imports_no_widget_module():
    code = ("import sys, cxwidgets.reports.l01; "
            "print([m for m in sys.modules if m.startswith('cxwidgets.widgets')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

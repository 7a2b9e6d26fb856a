"""The results computed ahead on the sample data (``data/precomputed.json``) are current, used
only for their exact input, and spare a page kernel jieba and scipy.optimize."""

from __future__ import annotations

import pytest

from cxwidgets import nps, precomputed, retention, voice

STALE = "data/precomputed.json is stale: run `python data/make_precomputed.py` and commit it"


def test_every_stored_fit_is_what_the_optimiser_finds_now():
    stored = precomputed.table()["sbg_fits"]
    windows = [counts[: calibration + 1] for counts in retention.cohorts().values()
               for calibration in retention.CALIBRATIONS]
    assert sorted(stored) == sorted(precomputed.sbg_key(window) for window in windows), STALE
    for window in windows:
        model = retention.fit(window)
        alpha, beta = stored[precomputed.sbg_key(window)]
        assert alpha == pytest.approx(model.alpha, rel=1e-9), STALE
        assert beta == pytest.approx(model.beta, rel=1e-9), STALE


def test_the_stored_voice_analysis_is_what_jieba_gives_now():
    survey = nps.sample_survey()
    assert voice.analyse(survey) == voice.analyse(survey, stored=False), STALE


def test_a_survey_that_differs_in_one_comment_is_analysed_afresh():
    survey = nps.sample_survey()
    row = survey.index[survey["comment"].astype(str).str.len() > 0][0]
    survey.loc[row, "comment"] = "装机师傅非常准时，网速很稳定"
    key = precomputed.voice_key(zip(survey["respondent"], survey["recommend"], survey["comment"],
                                    strict=True))
    assert precomputed.voice_analysis(key) is None
    fresh = voice.analyse(survey)
    assert fresh == voice.analyse(survey, stored=False)
    assert fresh["tokens"][str(survey.loc[row, "respondent"])] != voice.analyse(
        nps.sample_survey())["tokens"][str(survey.loc[row, "respondent"])]


def test_a_cohort_not_stored_is_fitted():
    counts = (1000, 700, 560, 480, 430, 395, 370)
    assert precomputed.sbg_fit(counts) is None
    fitted = retention._fit_once(counts)
    assert fitted == retention.fit(counts)


def test_a_changed_stored_result_is_returned_as_a_copy():
    survey = nps.sample_survey()
    first = voice.analyse(survey)
    first["words"].clear()
    assert voice.analyse(survey)["words"]


def test_the_sample_analyses_load_neither_jieba_nor_scipy_optimize(fresh_python):
    code = (
        "import json, sys\n"
        "from cxwidgets import nps, retention, voice\n"
        "voice.analyse(nps.sample_survey())\n"
        "for cohort in retention.cohorts():\n"
        "    for months in retention.CALIBRATIONS:\n"
        "        retention.analyse(cohort, months, 50.0, 0.01)\n"
        "print(json.dumps(['jieba' in sys.modules, 'scipy.optimize' in sys.modules]))\n"
    )
    assert fresh_python(code) == [False, False]

"""Customer-voice words of lecture 08: tokenising Chinese comments and Monroe log-odds."""

from __future__ import annotations

import math
import subprocess
import sys

import pandas as pd
import pytest

from cxwidgets import nps, voice


def test_log_odds_hand_computed() -> None:
    # a: 慢 3, 快 1; b: 慢 1, 快 3; prior 1 each -> a0 = 2, n_a = n_b = 4
    # delta_慢 = log((3+1)/(4+2-3-1)) - log((1+1)/(4+2-1-1)) = log 2 - log 0.5 = 2 ln 2
    # se_慢 = sqrt(1/4 + 1/2) = sqrt(0.75); z = 1.3863 / 0.8660 = 1.6008
    table = voice.log_odds({"慢": 3, "快": 1}, {"慢": 1, "快": 3}, prior={"慢": 1, "快": 1}).set_index("word")
    assert table.loc["慢", "delta"] == pytest.approx(2 * math.log(2))
    assert table.loc["慢", "se"] == pytest.approx(math.sqrt(0.75))
    assert table.loc["慢", "z"] == pytest.approx(1.600754, abs=1e-6)
    assert table.loc["快", "z"] == pytest.approx(-1.600754, abs=1e-6)
    assert list(table.index) == ["慢", "快"]  # most typical of a first


def test_log_odds_unequal_groups() -> None:
    # a: x 2, y 0 (n_a 2); b: x 1, y 3 (n_b 4); prior x 0.5, y 0.5 -> a0 = 1
    # delta_y = log((0+.5)/(2+1-0-.5)) - log((3+.5)/(4+1-3-.5)) = log(0.2) - log(3.5/1.5)
    table = voice.log_odds({"x": 2}, {"x": 1, "y": 3}, prior={"x": 0.5, "y": 0.5}).set_index("word")
    assert table.loc["y", "delta"] == pytest.approx(math.log(0.2) - math.log(3.5 / 1.5))
    assert table.loc["y", "se"] == pytest.approx(math.sqrt(1 / 0.5 + 1 / 3.5))
    assert table.loc["y", "count_a"] == 0


def test_default_prior_is_the_pooled_frequency() -> None:
    # 8 words in all, 慢 4 of them: a_w = 100 * 4 / 8 = 50
    prior = voice.default_prior({"慢": 3, "快": 1}, {"慢": 1, "快": 3})
    assert prior == {"慢": 50.0, "快": 50.0}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("晚高峰网络不稳定，维修太慢", ["晚高峰", "网络", "不稳定", "维修", "慢"]),
        ("断网两天没人管", ["断网", "两天", "没人管"]),
        ("看视频卡", ["视频", "卡"]),
        ("价格有点贵", ["价格", "贵"]),
        ("续约没有任何优惠", ["续约", "没有优惠"]),
        ("装完没测速就走了", ["装完", "没测速"]),
        ("光猫的线没理顺", ["光猫", "没理顺"]),
    ],
)
def test_tokenize_keeps_single_words_and_negation(text: str, words: list[str]) -> None:
    tokens = voice.tokenize(text)
    for word in words:
        assert word in tokens, (text, tokens)


def test_tokenize_drops_stop_words_and_punctuation() -> None:
    tokens = voice.tokenize("我的宽带很好，但是，网速慢！")
    assert "的" not in tokens and "，" not in tokens and "但是" not in tokens
    assert {"宽带", "网速", "慢"} <= set(tokens)
    assert voice.tokenize("") == [] and voice.tokenize(None) == []


def test_jieba_loads_lazily_and_quietly() -> None:
    code = (
        "import sys\n"
        "from cxwidgets import voice\n"
        "assert 'jieba' not in sys.modules\n"
        "print(voice.tokenize('维修太慢'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "慢" in done.stdout


def test_links_name_touchpoints() -> None:
    assert voice.links(["维修", "慢"]) == ["t14"]
    assert voice.links(["装维师傅", "网速"]) == ["t8", "t11"]
    assert voice.word_touchpoints("续约") == ["t15"]


def test_analyse_and_comments_behind_a_word() -> None:
    frame = pd.DataFrame({
        "respondent": ["a", "b", "c", "d"],
        "recommend": [10, 9, 2, 5],
        "comment": ["师傅准时上门", "网速快", "维修太慢", "维修太慢，没人管"],
    })
    frame["recommend"] = frame["recommend"].astype("Int64")
    result = voice.analyse(frame)
    sides = {w["word"]: w["side"] for w in result["words"]}
    assert sides["慢"] == "detractor" and sides["准时"] == "promoter"
    assert result["comments"] == {"promoter": 2, "detractor": 2}
    assert result["links"]["t14"] == 2
    behind = voice.comments_with(frame, result["tokens"], "慢", result["sides"], "detractor")
    assert [c["respondent"] for c in behind] == ["c", "d"]


def test_sample_voice_shows_the_drivers() -> None:
    result = voice.analyse(nps.sample_survey())
    detractor = {w["word"] for w in result["words"] if w["side"] == "detractor"}
    assert {"慢", "贵"} <= detractor

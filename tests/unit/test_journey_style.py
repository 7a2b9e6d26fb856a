"""Lecture 04's display rules: Python's definitions, and the browser's copy run under Node.

``cxwidgets/journey_style.py`` defines the emotion scale, drag step, number format, tag
colours and label wrapping once; ``static/emotion_curve.js`` receives them in the
``config`` trait and applies them with ``formatNumber``, ``snapValue``, ``textUnits`` and
``wrapLabel``. The Node tests import those functions from the real ES module and compare
their output with Python's on the same inputs.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from cxwidgets import journey as J
from cxwidgets import journey_style as S
from cxwidgets.widgets.emotion_curve import EmotionCurve

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "cxwidgets" / "static" / "emotion_curve.js"

# ------------------------------------------------------------ Python's rules


@pytest.mark.parametrize(
    ("value", "signed", "text"),
    [
        (4.0, True, "+4.0"),
        (-4.0, True, "-4.0"),
        (-2.5, True, "-2.5"),
        (1.5, True, "+1.5"),
        (0.0, True, "0.0"),
        (-0.0, True, "0.0"),
        (-0.125, True, "-0.1"),  # the sample's average, -2 / 16
        (0.1875, True, "+0.2"),  # 3 / 16
        (-0.04, True, "0.0"),  # rounds to zero: no sign
        (0.25, True, "+0.2"),  # an exact half: to even
        (0.75, True, "+0.8"),
        (-0.25, True, "-0.2"),
        (0.35, True, "+0.3"),  # 0.35 is 0.34999... in binary
        (4.95, True, "+5.0"),  # 4.95000000000000017... in binary
        (5.0, True, "+5.0"),
        (2.0, False, "2.0"),
        (0.5, False, "0.5"),
        (None, True, "–"),
        (float("nan"), True, "–"),
        (float("inf"), True, "–"),
    ],
)
def test_number_format(value, signed, text):
    assert S.fmt(value, signed=signed) == text


def test_scores_use_the_course_formatter_and_ticks_have_no_decimals():
    from cxwidgets import fmt

    for value in (-4.0, -0.125, 0.0, 0.25, 3.5):
        assert S.fmt(value) == fmt.signed(value, 1)
    assert [S.fmt(v, digits=0) for v in (-5, 0, 5)] == ["-5", "0", "+5"]


@pytest.mark.parametrize(
    ("value", "snapped"),
    [
        (1.26, 1.5),
        (1.24, 1.0),
        (1.25, 1.5),  # a half step goes up
        (-1.25, -1.0),
        (-0.25, 0.0),
        (-0.26, -0.5),
        (7.0, 5.0),
        (-9.3, -5.0),
        (4.8, 5.0),
    ],
)
def test_snap(value, snapped):
    assert S.snap(value) == snapped


@pytest.mark.parametrize(
    ("text", "width", "lines", "wrapped"),
    [
        ("装维师傅电话临时改约", 8, 3, ["装维师傅", "电话临时", "改约"]),
        ("装维师傅电话临时改约", 6, 2, ["装维师", "傅电…"]),
        ("App/公众号查询", 8, 3, ["App/公众", "号查询"]),
        ("Plan leaflet and price terms", 12, 3, ["Plan leaflet", "and price", "terms"]),
        ("Supercalifragilistic", 8, 3, ["Supercal", "ifragili", "stic"]),
        ("  spaced   out  ", 20, 3, ["spaced out"]),
        ("", 10, 3, []),
    ],
)
def test_wrap(text, width, lines, wrapped):
    assert S.wrap(text, width, lines) == wrapped


def test_units_count_cjk_double():
    assert S.units("App") == 3
    assert S.units("宽带") == 4
    assert S.units("5G 宽带！") == 3 + 4 + 2  # "5G " and the full-width "！"


def test_the_widget_sends_the_rules_and_the_js_has_none_of_its_own():
    curve = EmotionCurve()
    assert curve.config == S.browser_config()
    assert curve.config["tag_colours"]["pain"] == S.TAG_COLOURS["pain"]
    source = MODULE.read_text(encoding="utf-8")
    own = ("\\u2e80", "\u2e80", "SCALE_MIN", "SCALE_MAX", "|| 0.5", "TAG_COLOURS")
    for constant in (*S.TAG_COLOURS.values(), *own):
        assert constant not in source, f"emotion_curve.js hard-codes {constant!r}"


# ------------------------------------------------------------ the same rules in JS


SCRIPT = """
import { formatNumber, snapValue, textUnits, wrapLabel } from %s;
let data = "";
for await (const chunk of process.stdin) data += chunk;
const input = JSON.parse(data);
const config = input.config;
process.stdout.write(JSON.stringify({
  signed: input.numbers.map((v) => formatNumber(v, config.number)),
  unsigned: input.numbers.map((v) => formatNumber(v, config.number, false)),
  ticks: input.numbers.map((v) => formatNumber(v, config.number, true, 0)),
  fine: input.numbers.map((v) => formatNumber(v, config.number, true, 2)),
  snap: input.snaps.map((v) => snapValue(v, config)),
  units: input.texts.map((text) => textUnits(text, config.wrap)),
  wrap: input.wraps.map(([text, width, lines]) => wrapLabel(text, width, lines, config.wrap)),
}));
"""


def run_js(payload: dict) -> dict:
    """Run the ES module's helpers under Node on ``payload``; skip if Node is missing."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing in CI: `make test` installs nodejs; nothing would check JS")
        pytest.skip("node is not installed: cannot run static/emotion_curve.js outside a browser")
    script = SCRIPT % json.dumps(MODULE.as_uri())
    done = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def numbers() -> list[float | None]:
    """Edge cases, every eighth and every average of up to 20 steps, and random floats."""
    values: set[float] = {0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.35, 2.675, 4.95, -4.95, 1e-12}
    values |= {0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.125, -0.375, 0.005, 0.015, 1e-300, 5.0}
    values |= {k / 8 for k in range(-40, 41)}
    values |= {float(Fraction(k, n)) for n in range(1, 21) for k in range(-5 * n, 5 * n + 1)}
    rng = random.Random(4)
    values |= {rng.uniform(-5, 5) for _ in range(500)}
    return [None, -0.0, *sorted(values)]


def labels() -> list[str]:
    """Every name and note of the sample journey (both languages) and some awkward strings."""
    names: list[str] = []
    for language in ("zh-CN", "en"):
        journey = J.sample_journey(language)
        names += [journey.title, *(stage.name for stage in journey.stages)]
        names += [text for tp in journey.touchpoints() for text in (tp.name, tp.note)]
        names += [curve.name for curve in journey.curves]
    return [
        *dict.fromkeys(names),
        "",
        "   ",
        "a",
        "Supercalifragilisticexpialidocious service",
        "App/公众号查询覆盖和套餐",
        "5G\u3000宽带\u00a0升级 plan",
        "tab\tseparated\nlines",
        "🙂好评返现 😀 great",
        "（全角括号）与“引号”",
        "x" * 40,
    ]


def test_js_formats_numbers_like_python():
    config = S.browser_config()
    values = numbers()
    out = run_js({"config": config, "numbers": values, "snaps": [], "texts": [], "wraps": []})
    assert out["signed"] == [S.fmt(v) for v in values]
    assert out["unsigned"] == [S.fmt(v, signed=False) for v in values]
    assert out["ticks"] == [S.fmt(v, digits=0) for v in values]
    assert out["fine"] == [S.fmt(v, digits=2) for v in values]


def test_js_snaps_like_python():
    config = S.browser_config()
    rng = random.Random(5)
    values = [k / 100 for k in range(-600, 601)] + [rng.uniform(-7, 7) for _ in range(500)]
    out = run_js({"config": config, "numbers": [], "snaps": values, "texts": [], "wraps": []})
    assert out["snap"] == [S.snap(v) for v in values]


def test_js_wraps_labels_like_python():
    config = S.browser_config()
    texts = labels()
    wraps = [[text, width, lines] for text in texts for width in range(3, 25) for lines in (1, 3)]
    out = run_js({"config": config, "numbers": [], "snaps": [], "texts": texts, "wraps": wraps})
    assert out["units"] == [S.units(text) for text in texts]
    mismatches = [
        (text, width, lines, js, S.wrap(text, width, lines))
        for (text, width, lines), js in zip(wraps, out["wrap"], strict=True)
        if js != S.wrap(text, width, lines)
    ]
    assert not mismatches, mismatches[:5]

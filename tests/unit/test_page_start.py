"""What a lecture page's kernel loads before the page is interactive (issue 9: lean kernels).

Each notebook's code cells run in a fresh Python process, as Voila runs them (``VOILA_KERNEL_ID``
set, so exercises further down the page wait for the browser). The cells must not import the
heavy libraries: pandas costs a page 0.2-0.4 s before it is interactive, scipy 0.5 s, the export
engine (vl-convert) its V8 engine, jieba its dictionary. Once the charts started meanwhile are
drawn, jsonschema's optional format validators must not be loaded either (jsonschema, under
Altair, would load them for string formats the course never checks: ~1 s of CPU), nor Altair
itself (~45 MB) unless the page draws an Altair chart. Every layout
and style model of the page is a shared one, and only the header sends the course stylesheet.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LECTURES = sorted(p.name for p in (REPO / "notebooks").glob("[01][0-9]_*.ipynb"))
HEAVY = ("pandas", "scipy", "vl_convert", "jieba", "openpyxl", "pptx")

# Imports on the kernel's main thread are recorded: the cells run there, and the page is
# interactive only once they are done. Charts and sample data load on background threads by
# design (cxwidgets.charts), so what those import is not counted here.
SCRIPT = """
import json, sys, threading
heavy = set(sys.argv[2:])
on_main = []

class Recorder:
    def find_spec(self, name, path=None, target=None):
        if name in heavy and threading.current_thread() is threading.main_thread():
            on_main.append(name)
        return None

sys.meta_path.insert(0, Recorder())
from cxwidgets import charts
altair_charts = []  # charts built with Altair (not written as Vega-Lite dicts)
to_spec = charts.to_spec
def recording_to_spec(chart):
    if not isinstance(chart, dict):
        altair_charts.append(type(chart).__name__)
    return to_spec(chart)
charts.to_spec = recording_to_spec
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
with open(sys.argv[1], encoding="utf-8") as handle:  # not nbformat: it imports jsonschema
    cells = json.load(handle)["cells"]
for cell in cells:
    if cell["cell_type"] == "code":
        source = "".join(cell["source"])
        result = shell.run_cell(source, silent=True)
        if not result.success:
            raise SystemExit(f"cell failed: {source[:80]!r}")
charts.wait()
validators = sorted(name for name in charts.FORMAT_VALIDATORS if sys.modules.get(name) is not None)
altair = "altair" in sys.modules
drew_altair = bool(altair_charts)
from ipywidgets.widgets import widget
from ipywidgets.widgets.widget_layout import Layout
from ipywidgets.widgets.widget_style import Style
from cxwidgets.widgets import layouts
looks = [m for m in widget._instances.values() if isinstance(m, (Layout, Style))]
own = sorted({type(m).__name__ for m in looks if not layouts.is_shared(m)})
from cxwidgets.widgets import stylesheet
course_css = stylesheet.COURSE_CSS.read_text(encoding="utf-8")
carriers = sorted(type(m).__name__ for m in widget._instances.values()
                  if getattr(m, "_css", "") == course_css)
print(json.dumps({"main": sorted(set(on_main)), "validators": validators, "altair": altair,
                  "drew_altair": drew_altair,
                  "own_looks": own,
                  "looks": len(looks), "models": len(widget._instances), "css": carriers}))
"""


@pytest.mark.parametrize("notebook", LECTURES)
def test_a_page_starts_without_heavy_libraries(notebook, tmp_path, fresh_python):
    env = dict(os.environ, VOILA_KERNEL_ID="test", CX_WORKBOOK_DIR=str(tmp_path),
               QUERY_STRING="learner=start1")
    arguments = f"import sys\nsys.argv = {['-c', notebook, *HEAVY]!r}\n"
    found = fresh_python(arguments + SCRIPT, cwd=REPO / "notebooks", env=env)
    assert found["main"] == [], f"{notebook}'s cells import {found['main']}"
    # Layouts and styles are shared by value (cxwidgets.widgets.layouts): about 60% of a page's
    # widget models were layouts and styles of their own, each sent and built before "ready".
    assert found["own_looks"] == [], f"{notebook} has layouts/styles of its own: {found}"
    # The course stylesheet comes once, with the header (cxwidgets.widgets.stylesheet).
    assert found["css"] == ["BrowserState"], f"{notebook}: widgets sending course.css: {found['css']}"
    assert found["validators"] == []
    # Altair is loaded only by a page that draws an Altair chart (01, 05, 06 do at start).
    assert found["altair"] is found["drew_altair"], f"{notebook}: {found}"


def test_altair_loads_and_validates_without_jsonschema_format_validators(fresh_python):
    code = (
        "import json, sys\n"
        "from cxwidgets import charts\n"
        "charts.warm_up().result(60)\n"
        "import altair as alt\n"
        "chart = alt.Chart(alt.Data(values=[{'a': 1}])).mark_bar().encode(x='a:Q')\n"
        "chart.to_dict()  # Altair's own validation still works\n"
        "print(json.dumps(sorted(n for n in charts.FORMAT_VALIDATORS if sys.modules.get(n))))\n"
    )
    assert fresh_python(code) == []


def test_held_work_waits_for_release_and_a_timeout_stops_the_hold(monkeypatch):
    import threading

    from cxwidgets import charts

    monkeypatch.setattr(charts, "HOLD_LIMIT", 0.05)
    charts.hold()
    try:
        ran = threading.Event()
        charts.after_page_start(ran.set)()  # waits 0.05 s, then releases for good
        assert ran.is_set() and charts._page_started.is_set()
        charts.hold()
        results: list[int] = []
        worker = threading.Thread(target=charts.after_page_start(lambda: results.append(1)))
        monkeypatch.setattr(charts, "HOLD_LIMIT", 30.0)
        worker.start()
        worker.join(0.2)
        assert results == []  # held
        charts.release()
        worker.join(5)
        assert results == [1]
    finally:
        charts.release()


def test_every_lecture_knows_its_last_cell():
    from cxwidgets import course, lesson

    for lecture in course.LECTURES:
        if lecture.notebook:
            last = lesson.last_code_cell(lecture.notebook, REPO / "notebooks")
            assert last, f"{lecture.notebook}: last code cell not found"
    assert lesson.last_code_cell("missing.ipynb", REPO / "notebooks") is None


def test_a_last_cell_that_repeats_an_earlier_one_is_not_trusted(tmp_path):
    import json

    from cxwidgets import lesson

    cells = [{"cell_type": "code", "source": ["x"]}, {"cell_type": "markdown", "source": ["x"]},
             {"cell_type": "code", "source": ["x\n"]}]
    (tmp_path / "n.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert lesson.last_code_cell("n.ipynb", tmp_path) is None


def test_the_page_is_ready_as_soon_as_the_last_cell_has_run(monkeypatch):
    """No wait for a cell that will never come once the notebook's last cell has run."""
    from types import SimpleNamespace

    from cxwidgets import lesson

    hooks: dict = {}
    shell = SimpleNamespace(kernel=object(), events=SimpleNamespace(
        register=lambda name, function: hooks.__setitem__(name, function)))
    monkeypatch.setattr(lesson, "get_ipython", lambda: shell)
    classes: list[str] = []
    header = SimpleNamespace(add_class=classes.append, rendered=False,
                             session=SimpleNamespace(waiting=False))
    marker = lesson._ReadyMarker(header, "session.close_page()")

    def run(source: str) -> None:
        hooks["pre_run_cell"](SimpleNamespace(raw_cell=source))
        hooks["post_run_cell"](SimpleNamespace(info=SimpleNamespace(raw_cell=source)))

    run("x = 1")
    assert not marker.done and marker.handle is not None  # more cells may follow: wait
    run("session.close_page()\n")
    assert marker.done and classes == ["cx-ready"] and marker.handle is None


def test_a_prepared_page_says_so_once_in_both_languages(monkeypatch, capsys):
    """A preheated kernel that has run its notebook tells the server's terminal, once."""
    import sys
    from types import SimpleNamespace

    from cxwidgets import lesson

    hooks: dict = {}
    shell = SimpleNamespace(kernel=object(), events=SimpleNamespace(
        register=lambda name, function: hooks.__setitem__(name, function)))
    monkeypatch.setattr(lesson, "get_ipython", lambda: shell)
    monkeypatch.setattr(sys, "__stderr__", sys.stderr)  # captured by capsys
    header = SimpleNamespace(add_class=lambda name: None, rendered=False, lecture_id="03",
                             session=SimpleNamespace(waiting=True))
    marker = lesson._ReadyMarker(header, "last()")
    for _ in range(2):  # the last cell run again (or the fallback timer firing twice)
        hooks["pre_run_cell"](SimpleNamespace(raw_cell="last()"))
        hooks["post_run_cell"](SimpleNamespace(info=SimpleNamespace(raw_cell="last()")))
    lines = capsys.readouterr().err.splitlines()
    assert marker.done and len(lines) == 1
    assert lines[0].startswith("第 03 讲：一个课堂页面已准备好（")
    assert " / Lecture 03: a class page is prepared (" in lines[0]

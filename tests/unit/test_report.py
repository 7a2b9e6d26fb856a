"""The workbook report is built from the analysis layer and the workbook alone."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from cxwidgets import course, report


def test_building_the_report_imports_no_widget_module(tmp_path):
    """A trainer's script builds reports from the analysis layer: no exercise module loads."""
    document = {
        "schema": 1,
        "learner": "report-test",
        "sections": {
            name: {"value": {}, "done": False}
            for item in course.LECTURES
            for name in item.exercises
        },
    }
    path = tmp_path / "workbook.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import json, sys
        from cxwidgets import report
        page = report.build_html(json.load(open({str(path)!r}, encoding="utf-8")), "en")
        assert page.startswith("<!DOCTYPE html>")
        loaded = sorted(m for m in sys.modules if m.startswith("cxwidgets.widgets"))
        print(json.dumps(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_every_built_lecture_with_exercises_has_its_report_module():
    for item in course.LECTURES:
        if item.built and item.exercises:
            module = report.section_module(item.id)
            assert module is not None, f"cxwidgets/reports/l{item.id}.py is missing"
            assert callable(module.section)

"""The Vega bundle the pages draw charts with is the installed vl-convert's, unchanged."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _vendor_tool():
    spec = importlib.util.spec_from_file_location("vendor_vega", REPO / "tools" / "vendor_vega.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_bundle_matches_the_installed_vl_convert() -> None:
    tool = _vendor_tool()
    committed = tool.TARGET.read_text(encoding="utf-8")
    assert committed == tool.bundle(), "run `python tools/vendor_vega.py` after upgrading vl-convert"


def test_the_bundle_sets_vega_embed_and_imports_nothing_more() -> None:
    text = (REPO / "share/jupyter/voila/templates/cx/static/vega.js").read_text(encoding="utf-8")
    assert "window.vegaEmbed=" in text
    assert "import(" not in text and "importScripts" not in text

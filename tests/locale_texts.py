"""The catalogue's texts read straight from the locale files, for tests that check what a chart
or a page says without asking ``cxwidgets.i18n`` (the code under test)."""

from __future__ import annotations

import json
from pathlib import Path

LOCALES = Path(__file__).resolve().parents[1] / "cxwidgets" / "locales"


def catalogue(language: str) -> dict[str, str]:
    """Every catalogue key's text in ``language``, read from the locale files."""
    texts: dict[str, str] = {}
    for path in LOCALES.glob("*.json"):
        for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
            texts[key] = entry[language]
    return texts

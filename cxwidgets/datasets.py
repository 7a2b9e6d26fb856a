"""Where the sample data sets live, and loading them.

In a checkout (and an editable install) they are in the repository's ``data/``
folder; a wheel carries them as ``cxwidgets/_data``.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding the sample data sets."""
    for candidate in (_HERE / "_data", _HERE.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("sample data folder not found (expected data/ next to cxwidgets/)")


def path(name: str) -> Path:
    """Full path of the sample file ``name`` (e.g. ``"kano_survey.csv"``)."""
    return data_dir() / name


def read_csv(name: str, **kwargs):
    """Load a sample CSV as a DataFrame (UTF-8 with or without BOM)."""
    import pandas as pd

    return pd.read_csv(path(name), encoding="utf-8-sig", **kwargs)

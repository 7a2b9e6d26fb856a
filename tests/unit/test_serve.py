"""The trainer's one setting for a class: which lecture, how many learners (``cxwidgets.serve``).

That Voila really serves preheated pages with it is tested in tests/e2e/test_smoke.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cxwidgets.serve import FILL_DELAY, ServerError, class_args

COURSE = Path(__file__).resolve().parents[2] / "notebooks"


def _option(args: list[str], name: str) -> str:
    return next(arg.split("=", 1)[1] for arg in args if arg.startswith(f"--{name}="))


def test_a_class_of_thirty_preheats_thirty_pages_of_that_lecture_only() -> None:
    args = class_args(COURSE, "03", 30)
    assert _option(args, "VoilaConfiguration.preheat_kernel") == "True"
    assert _option(args, "VoilaConfiguration.default_pool_size") == "30"
    assert float(_option(args, "VoilaKernelManager.fill_delay")) == FILL_DELAY
    (denylist,) = ast.literal_eval(_option(args, "VoilaKernelManager.preheat_denylist"))
    denied = re.compile(denylist)
    assert not denied.match("03_kano.ipynb") and not denied.match("notebooks/03_kano.ipynb")
    for other in ("00_home.ipynb", "02_servqual.ipynb", "notebooks/04_journey.ipynb",
                  "03_kano.ipynb.bak", "x03_kano.ipynb"):
        assert denied.match(other), other


def test_no_class_size_means_no_preheating_and_an_unknown_lecture_is_refused() -> None:
    assert class_args(COURSE, "03", 0) == []
    with pytest.raises(ServerError, match="99"):
        class_args(COURSE, "99", 10)

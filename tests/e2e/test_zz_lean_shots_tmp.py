"""TEMPORARY (lean-kernels helper): 1280x720 screenshots of the questionnaires. Deleted after use."""
import os
import shutil
import pytest
from .browser import open_notebook, screenshot

pytestmark = pytest.mark.e2e
TAG = os.environ.get("CX_SHOT_TAG", "before")


def _shot(page, name):
    path = screenshot(page, f"lean-{name}-{TAG}", full_page=False)
    shutil.copy(path, f"/tmp/cx/lean/shots/{name}-{TAG}.png")


def test_shots(page, learner):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_notebook(page, "03_kano.ipynb", learner=learner, ready=".cx-kano-row-0 .cx-kano-func")
    page.locator(".cx-kano-row-0 .cx-kano-func button >> nth=1").click()
    page.locator(".cx-kano-row-0 .cx-kano-dysf button >> nth=4").click()
    page.locator(".cx-kano-row-0 [data-category]").wait_for()
    page.locator(".cx-kano-progress").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('.cx-kano-progress').scrollIntoView({block: 'start'})")
    _shot(page, "kano")
    page.locator(".cx-man-p2").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('.cx-man-p1').scrollIntoView({block: 'start'})")
    _shot(page, "man")
    open_notebook(page, "02_servqual.ipynb", learner=learner, ready=".cx-sq-item-22")
    page.locator(".cx-sq-item-1 .cx-sq-e button").nth(5).click()
    page.locator(".cx-sq-item-1 .cx-sq-p button").nth(2).click()
    page.evaluate("document.querySelector('.cx-sq-progress').scrollIntoView({block: 'start'})")
    _shot(page, "servqual")

"""A live class: N learners answer the KANO questionnaire at the same moment, one trainer watches.

One Voila server of its own (temporary workbook folder, ``CX_PUBLIC_URL`` set); the trainer
opens ``trainer.ipynb?token=<secret>`` in one browser context and starts a class; N learner
contexts (``学员01`` ...) join from the class link on the course home, in waves of
``--wave`` learners, and open lecture 03 as class members. Once every page is ready (a
barrier), all answer the first three KANO features at once, learner ``i`` giving feature ``k``
the pair ``(1 + (i + k) % 5, 1 + (2i + k) % 5)``, so an answer stored under the wrong name
shows. With ``--curve`` they then open lecture 04 and each drags point 7 of the emotion curve
to ``+(1 + i % 4)``.

Measured: per click, the time until the page's header says "saved" at a new revision
(p50/p95); from the last learner's last save until the trainer's dashboard counts N answers
(``.cx-class-count[data-answered]``) and until the class store holds every answer as clicked
(read independently with :class:`ClassStore`); answers lost (a learner or a feature missing
from the store) and misattributed (stored, but not what that learner clicked); the peak PSS
of all kernels (total and per learner); the CPU the server and its kernels used while the
class answered, as a share of the machine's cores; kernels left once every page is closed.

Usage::

    python benchmarks/bench_live_class.py --learners 30 [50] [--curve] [--wave 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_class import TIMEOUT_MS, MemorySampler, kernels_left, new_context, percentile  # noqa: E402
from probe import cpu_seconds, cpu_used, kernel_pids, machine_ticks  # noqa: E402

from cxwidgets.classroom.store import DB_NAME, ClassStore, learner_id  # noqa: E402
from cxwidgets.classroom.trainer import token  # noqa: E402
from cxwidgets.serve import Server  # noqa: E402
from tests.e2e import browser as harness  # noqa: E402

COURSE = REPO / "notebooks"
FEATURES = 3  # features each learner answers
KANO = "03/kano_questionnaire"
JOURNEY = "04/journey"
CURVE_POINT = 6  # data-index of the dragged point (touchpoint t7 of the sample journey)
CURVE_ID = "c1"
SAVE_STATE = ".cx-header .cx-save-state"
KANO_READY = ".cx-kano-row-0 .cx-kano-func [role=radio] >> nth=0"
CURVE_READY = ".cx-ex-emotion-curve .cx-ec-editable"
COUNT = ".cx-class-dashboard .cx-class-count"
STORE_TIMEOUT_S = 120.0
CURVE_MS = 120_000  # each step of lecture 04 (the page is open already; a hang shows as a failure)
POLL_MS = 50  # how often a page's wait for its header is evaluated
# The header's save status once it shows ``saved`` at another revision than ``seen``.
SAVED_AFTER = """([selector, seen]) => {
  const el = document.querySelector(selector);
  return !!el && el.dataset.state === "saved" && el.dataset.revision !== seen;
}"""
REVISION = "selector => document.querySelector(selector)?.dataset.revision ?? null"
COUNT_IS = """([selector, n]) => {
  const el = document.querySelector(selector);
  return !!el && el.dataset.answered === String(n);
}"""


def expected_answers(index: int) -> list[list[int]]:
    """The ``[functional, dysfunctional]`` pairs learner ``index`` (1-based) clicks."""
    return [[1 + (index + k) % 5, 1 + (2 * index + k) % 5] for k in range(FEATURES)]


def expected_curve(index: int) -> int:
    """The value learner ``index`` drags the curve's point to."""
    return 1 + index % 4


@dataclass
class Learner:
    """One simulated learner: its browser context, page and what it measured."""

    index: int
    name: str
    context: object = None
    page: object = None
    save_s: list[float] = field(default_factory=list)
    kernels: dict[str, str] = field(default_factory=dict)  # kernel id -> notebook it ran
    last_saved: float | None = None
    error: str | None = None


async def note_kernel(page, kernels: dict[str, str], notebook: str) -> None:
    """Remember which notebook the page's kernel runs (to name the kernels left over)."""
    config = await page.evaluate("document.getElementById('jupyter-config-data').textContent")
    kernels[json.loads(config)["kernelId"]] = notebook


def kernel_ids(server_pid: int) -> list[str]:
    """The ids of the kernels the server still runs (from their connection files)."""
    ids = []
    for pid in kernel_pids(server_pid):
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        ids += [Path(a).stem.removeprefix("kernel-") for a in args if a.endswith(".json")]
    return ids


def brief(error: Exception) -> str:
    """The exception's type and first line (Playwright appends a long call log)."""
    lines = str(error).splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"


async def what_went_wrong(page) -> str:
    """Where a page was and what its cells reported when a wait failed (for the failure list)."""
    try:
        errors = await page.locator(harness.CELL_ERROR).all_inner_texts()
        return f" [at {page.url}; cell errors: {' | '.join(errors)[:400] or 'none'}]"
    except Exception:  # the page is gone: nothing more to say
        return ""


async def wait_saved_after(page, seen: str | None, timeout: float = TIMEOUT_MS) -> None:
    """Wait until the header says "saved" at a revision other than ``seen``."""
    await page.wait_for_function(SAVED_AFTER, arg=[SAVE_STATE, seen], polling=POLL_MS,
                                 timeout=timeout)


async def click_saved(learner: Learner, target) -> None:
    """Click ``target``; record the seconds until the page says the edit is saved."""
    seen = await learner.page.evaluate(REVISION, SAVE_STATE)
    start = time.monotonic()
    await target.click(timeout=TIMEOUT_MS)
    await wait_saved_after(learner.page, seen)
    learner.last_saved = time.monotonic()
    learner.save_s.append(learner.last_saved - start)


async def start_class(browser, server: Server, workbooks: Path) -> tuple[object, object, str, str]:
    """The trainer opens their page with the secret and starts a class: (context, page, code,
    join link)."""
    context = await new_context(browser, server.url)
    page = await context.new_page()
    await page.goto(server.url_for("trainer.ipynb", f"token={token(workbooks)}"),
                    wait_until="commit", timeout=TIMEOUT_MS)
    await page.locator(".cx-trainer-start").click(timeout=TIMEOUT_MS)
    code_box = page.locator(".cx-join-code[data-code]")
    await code_box.wait_for(timeout=TIMEOUT_MS)
    code = await code_box.get_attribute("data-code")
    link = await page.locator(".cx-join-link a").get_attribute("href")
    return context, page, code or "", link or ""


async def open_as_member(learner: Learner, server: Server, code: str, notebook: str,
                         ready: str) -> None:
    """Open ``notebook`` as the class member (the browser's key opens the workbook)."""
    member = f"{code}-{learner.name}"
    await learner.page.goto(server.url_for(notebook, f"learner={member}&lang=zh-CN"),
                            wait_until="commit", timeout=TIMEOUT_MS)
    await learner.page.locator(ready).first.wait_for(timeout=TIMEOUT_MS)
    await learner.page.locator(".cx-header .cx-learner").filter(has_text=learner.name).wait_for(
        timeout=TIMEOUT_MS)
    await learner.page.locator(f"{SAVE_STATE}[data-state]").wait_for(timeout=TIMEOUT_MS)
    await note_kernel(learner.page, learner.kernels, notebook)


async def join(browser, server: Server, learner: Learner, link: str, code: str) -> None:
    """The learner joins from the link with their name, then opens lecture 03."""
    try:
        learner.context = await new_context(browser, server.url)
        learner.page = await learner.context.new_page()
        await learner.page.goto(link, wait_until="commit", timeout=TIMEOUT_MS)
        panel = learner.page.locator(".cx-class-join-panel")
        await learner.page.locator(".cx-ready").wait_for(state="attached", timeout=TIMEOUT_MS)
        await note_kernel(learner.page, learner.kernels, "00_home.ipynb")
        await panel.locator(".cx-class-name").fill(learner.name, timeout=TIMEOUT_MS)
        await panel.locator(".cx-class-join").click(timeout=TIMEOUT_MS)
        await panel.locator(".cx-class-joined").wait_for(timeout=TIMEOUT_MS)
        await open_as_member(learner, server, code, "03_kano.ipynb", KANO_READY)
    except Exception as error:  # a failure is a result here, counted and printed
        learner.error = f"join: {brief(error)}{await what_went_wrong(learner.page)}"


async def answer_kano(learner: Learner, barrier: asyncio.Event) -> None:
    """At the barrier, answer the first features with the learner's own pairs."""
    await barrier.wait()
    try:
        for k, (functional, dysfunctional) in enumerate(expected_answers(learner.index)):
            row = learner.page.locator(f".cx-kano-row-{k}")
            await click_saved(learner, row.locator(".cx-kano-func [role=radio]").nth(functional - 1))
            await click_saved(learner, row.locator(".cx-kano-dysf [role=radio]").nth(dysfunctional - 1))
    except Exception as error:
        learner.error = f"answer: {brief(error)}"


async def gridline_box(page, tick: str) -> dict:
    """The bounding box of the curve's grid line for ``tick`` (drawn right before its number)."""
    number = page.locator(".cx-ex-emotion-curve .cx-ec-grid .cx-ec-tick").filter(
        has_text=re.compile(f"^{re.escape(tick)}$"))
    return await number.locator("xpath=preceding-sibling::*[1]").bounding_box(timeout=CURVE_MS)


async def drag_curve(learner: Learner, barrier: asyncio.Event) -> None:
    """At the barrier, drag the curve's point onto the learner's value; wait until saved."""
    await barrier.wait()
    page = learner.page
    try:
        target = page.locator(f'.cx-ex-emotion-curve .cx-ec-editable[data-series="0"]'
                              f'[data-index="{CURVE_POINT}"]')
        await target.scroll_into_view_if_needed(timeout=CURVE_MS)
        box = await target.bounding_box(timeout=CURVE_MS)
        line = await gridline_box(page, f"+{expected_curve(learner.index)}")
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        seen = await page.evaluate(REVISION, SAVE_STATE)
        await page.mouse.move(x, y)
        await page.mouse.down()
        await page.mouse.move(x, line["y"] + line["height"] / 2, steps=12)
        start = time.monotonic()
        await page.mouse.up()
        await wait_saved_after(page, seen, CURVE_MS)
        learner.last_saved = time.monotonic()
        learner.save_s.append(learner.last_saved - start)
    except Exception as error:
        learner.error = f"curve: {brief(error)}"


def kano_check(store: ClassStore, code: str, learners: list[Learner]) -> tuple[int, int]:
    """``(lost, misattributed)`` answers of lecture 03 in the store, one per feature."""
    stored = store.answers(code, "03")
    lost = wrong = 0
    for learner in learners:
        value = stored.get(learner_id(code, learner.name), {}).get(KANO) or {}
        given = value.get("answers") or []
        for k, pair in enumerate(expected_answers(learner.index)):
            found = given[k] if k < len(given) else None
            if not found or None in found:
                lost += 1
            elif list(found) != pair:
                wrong += 1
    return lost, wrong


def curve_check(store: ClassStore, code: str, learners: list[Learner]) -> tuple[int, int]:
    """``(lost, misattributed)`` dragged points of lecture 04 in the store."""
    stored = store.answers(code, "04")
    lost = wrong = 0
    for learner in learners:
        journey = stored.get(learner_id(code, learner.name), {}).get(JOURNEY) or {}
        try:
            touchpoints = [t for stage in journey["stages"] for t in stage["touchpoints"]]
            touchpoint = touchpoints[CURVE_POINT]["id"]
            curve = next(c for c in journey["curves"] if c["id"] == CURVE_ID)
            value = curve["values"].get(touchpoint)
        except (KeyError, IndexError, StopIteration, TypeError):
            lost += 1
            continue
        if value != expected_curve(learner.index):
            wrong += 1
    return lost, wrong


async def settle(check, store: ClassStore, code: str, learners: list[Learner]) -> tuple[int, int]:
    """Wait until ``check`` finds nothing lost or wrong (or the timeout); the last finding."""
    deadline = time.monotonic() + STORE_TIMEOUT_S
    while True:
        found = await asyncio.to_thread(check, store, code, learners)
        if found == (0, 0) or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.1)  # polling the store the member pages publish to


async def dashboard_complete(trainer_page, n: int) -> float | None:
    """Wait until the trainer's dashboard counts ``n`` answers; the moment, or None."""
    try:
        await trainer_page.wait_for_function(COUNT_IS, arg=[COUNT, n], polling=POLL_MS,
                                             timeout=STORE_TIMEOUT_S * 1000)
    except Exception:
        return None
    return time.monotonic()


async def phase(server: Server, store: ClassStore, code: str, learners: list[Learner],
                action, check, trainer_page=None) -> dict:
    """All ready learners do ``action`` at once; what it cost and what arrived."""
    assert server.process is not None
    ready = [learner for learner in learners if learner.error is None]
    for learner in ready:
        learner.save_s, learner.last_saved = [], None
    barrier = asyncio.Event()
    tasks = [asyncio.create_task(action(learner, barrier)) for learner in ready]
    before, start = cpu_seconds(server.process.pid), time.monotonic()
    machine_before = machine_ticks()
    barrier.set()
    await asyncio.gather(*tasks)
    cpu = cpu_used(before, cpu_seconds(server.process.pid))
    machine = [after - first for after, first in zip(machine_ticks(), machine_before, strict=True)]
    wall = time.monotonic() - start
    saves = sorted(s for learner in ready for s in learner.save_s)
    last = max((learner.last_saved for learner in ready if learner.last_saved), default=None)
    dashboard = await dashboard_complete(trainer_page, len(learners)) if trainer_page else None
    lost, wrong = await settle(check, store, code, learners)
    stored = time.monotonic()
    return {
        "saves": len(saves),
        "save_p50_s": percentile(saves, 0.5),
        "save_p95_s": percentile(saves, 0.95),
        "save_max_s": saves[-1] if saves else None,
        "answering_s": wall,
        "dashboard_after_last_save_s": dashboard - last if dashboard and last else None,
        "store_after_last_save_s": stored - last if last else None,
        "lost": lost,
        "misattributed": wrong,
        "server_cpu_s": cpu,
        "server_cpu_share": cpu / (wall * (os.cpu_count() or 1)),
        # Everything on the machine (the browser's pages, other users of the cores) meanwhile.
        "machine_cpu_share": machine[0] / machine[1] if machine[1] else None,
        "failures": [f"{learner.name}: {learner.error}" for learner in learners if learner.error],
    }


async def close_pages(pages: list[object]) -> None:
    """Close every page so that its kernel-shutdown beacon leaves (contexts stay open)."""
    for page in pages:
        if page is not None and not page.is_closed():
            async with page.expect_event("close"):
                await page.close(run_before_unload=True)


async def run(n: int, wave: int, curve: bool) -> dict:
    """One class of ``n`` learners on a server of its own."""

    with tempfile.TemporaryDirectory(prefix="cx-live-") as tmp:
        workbooks = Path(tmp) / "workbooks"
        workbooks.mkdir()
        log = (Path(tmp) / "voila.log").open("w", encoding="utf-8")
        server = Server(root=COURSE, env={"CX_WORKBOOK_DIR": str(workbooks)}, log=log)
        server.env["CX_PUBLIC_URL"] = server.url
        with server:
            assert server.process is not None
            store = ClassStore(workbooks / DB_NAME)
            with MemorySampler(server.process.pid) as memory:
                result = await class_run(server, store, workbooks, n, wave, curve)
            result["peak_pss_total_mb"] = memory.peak
            result["peak_pss_per_learner_mb"] = memory.peak / n
            store.close()
        log.close()
    return result


async def class_run(server: Server, store: ClassStore, workbooks: Path, n: int, wave: int,
                    curve: bool) -> dict:
    """The trainer starts a class, the learners join in waves, answer, (drag), close."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=harness.CHROMIUM,
                                                   args=harness.CHROMIUM_ARGS)
        started = time.monotonic()
        trainer_context, trainer, code, link = await start_class(browser, server, workbooks)
        trainer_kernels: dict[str, str] = {}
        await note_kernel(trainer, trainer_kernels, "trainer")
        learners = [Learner(i, f"学员{i:02d}") for i in range(1, n + 1)]
        for first in range(0, n, wave):
            await asyncio.gather(*(join(browser, server, learner, link, code)
                                   for learner in learners[first:first + wave]))
            print(f"   joined {min(first + wave, n)}/{n} after {time.monotonic() - started:.0f} s",
                  flush=True)
        result = {"learners": n, "wave": wave, "code": code,
                  "join_s": time.monotonic() - started}
        result["kano"] = await phase(server, store, code, learners, answer_kano, kano_check,
                                     trainer)
        print(f"   kano {json.dumps(result['kano'], ensure_ascii=False)}", flush=True)
        if curve:
            # The trainer's lecture menu lists 01..10: index 3 is lecture 04's class view.
            await trainer.locator(".cx-trainer-lecture select").select_option(index=3)
            await trainer.locator(f"{COUNT}[data-answered]").wait_for(timeout=TIMEOUT_MS)
            ready = [learner for learner in learners if learner.error is None]
            for first in range(0, len(ready), wave):
                await asyncio.gather(*(open_curve(learner, server, code)
                                       for learner in ready[first:first + wave]))
                print(f"   opened 04 {min(first + wave, len(ready))}/{len(ready)} after "
                      f"{time.monotonic() - started:.0f} s", flush=True)
            result["curve"] = await phase(server, store, code, learners, drag_curve, curve_check,
                                          trainer)
            print(f"   curve {json.dumps(result['curve'], ensure_ascii=False)}", flush=True)
        # Contexts are closed only once the kernels are counted: a context closed right after
        # its page can drop the beacon still on its way.
        await close_pages([learner.page for learner in learners] + [trainer])
        result["kernels_left"] = await asyncio.to_thread(kernels_left, server, 0)
        for context in [learner.context for learner in learners] + [trainer_context]:
            if context is not None:
                await context.close()
        assert server.process is not None
        names = {kernel: f"{learner.name} {notebook}" for learner in learners
                 for kernel, notebook in learner.kernels.items()}
        names.update(trainer_kernels)
        result["kernels_left_pages"] = [names.get(kernel, kernel)
                                        for kernel in kernel_ids(server.process.pid)]
        await browser.close()
    return result


async def open_curve(learner: Learner, server: Server, code: str) -> None:
    """The learner opens lecture 04 as the class member."""
    try:
        await open_as_member(learner, server, code, "04_journey.ipynb", CURVE_READY)
    except Exception as error:
        learner.error = (f"open 04: {brief(error)}"
                         f"{await what_went_wrong(learner.page)}")


def seconds(value: float | None, digits: int = 2) -> str:
    """A figure for the table (``-`` when not measured)."""
    return "-" if value is None else f"{value:.{digits}f}"


def share(value: float | None) -> str:
    """A share for the table (``-`` when not measured)."""
    return "-" if value is None else f"{value:.0%}"


def table(results: list[dict]) -> None:
    """Print the results as a markdown table."""
    print("\n| class | phase | click -> saved p50 / p95 (s) | last save -> dashboard N (s) "
          "| last save -> store complete (s) | lost / misattributed | failures "
          "| peak PSS total / per learner (MB) | server CPU (share of cores) | machine busy "
          "| kernels left |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        for name in ("kano", "curve"):
            part = result.get(name)
            if part is None:
                continue
            print(
                f"| N={result['learners']} (waves of {result['wave']}) | {name} "
                f"| {seconds(part['save_p50_s'])} / {seconds(part['save_p95_s'])} "
                f"| {seconds(part['dashboard_after_last_save_s'])} "
                f"| {seconds(part['store_after_last_save_s'])} "
                f"| {part['lost']} / {part['misattributed']} | {len(part['failures'])} "
                f"| {result['peak_pss_total_mb']:.0f} / {result['peak_pss_per_learner_mb']:.0f} "
                f"| {part['server_cpu_share']:.0%} ({part['server_cpu_s']:.1f} s over "
                f"{part['answering_s']:.1f} s) | {share(part.get('machine_cpu_share'))} "
                f"| {result['kernels_left']} |"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[30])
    parser.add_argument("--wave", type=int, default=10,
                        help="learners who join (and open a lecture) at the same time")
    parser.add_argument("--curve", action="store_true",
                        help="also drag a point of lecture 04's emotion curve")
    args = parser.parse_args(argv)
    results = []
    for n in args.learners:
        print(f"-- N={n}", flush=True)
        results.append(asyncio.run(run(n, args.wave, args.curve)))
        last = results[-1]
        print(f"   peak PSS {last['peak_pss_total_mb']:.0f} MB, kernels left {last['kernels_left']} "
              f"{last['kernels_left_pages']}", flush=True)
    table(results)
    for result in results:
        for name in ("kano", "curve"):
            for failure in result.get(name, {}).get("failures", []):
                print(f"failure: {failure}")
    out = REPO / "benchmarks" / "results" / f"live-class-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nresults written to {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The server's cap on page kernels and the page a learner gets past it."""

from __future__ import annotations

from pathlib import Path

from cxwidgets import capacity, i18n


def test_the_cap_comes_from_the_setting_else_from_the_memory(tmp_path: Path) -> None:
    assert capacity.max_kernels({"CX_MAX_KERNELS": "12"}) == 12
    # 8 GiB: (8192 - 1536) // 200 = 33 kernels
    assert capacity.max_kernels({}, memory_mb=8192) == 33
    assert capacity.max_kernels({"CX_MAX_KERNELS": "many"}, memory_mb=8192) == 33
    assert capacity.max_kernels({}, memory_mb=1024) == capacity.MIN_KERNELS
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       16384000 kB\nMemFree: 1 kB\n")
    assert capacity.total_memory_mb(meminfo) == 16000
    assert capacity.total_memory_mb(tmp_path / "missing") is None


def test_the_busy_page_speaks_the_learners_language_and_retries() -> None:
    page = capacity.busy_page("en", 7)
    assert '<html lang="en">' in page
    assert '<meta http-equiv="refresh" content="7">' in page
    assert i18n.t("common.busy.body", "en", seconds=7) in page
    chinese = capacity.busy_page("zh", 7)
    assert '<html lang="zh-CN">' in chinese and i18n.t("common.busy.title", "zh-CN") in chinese


def test_the_retry_delay_setting() -> None:
    assert capacity.retry_seconds({"CX_BUSY_RETRY": "3"}) == 3
    assert capacity.retry_seconds({"CX_BUSY_RETRY": "0"}) == capacity.RETRY_SECONDS
    assert capacity.retry_seconds({}) == capacity.RETRY_SECONDS

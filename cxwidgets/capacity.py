"""How many learners' pages one server runs at once, and the answer past that.

Every page runs its own kernel (about 130-150 MB here). Past the cap, a new page gets a short,
clear page in the learner's language, "the class server is busy, trying again in N s", which
reloads itself, instead of a page that hangs while the machine swaps. Voila asks
:func:`refuse_when_full` before it starts a page's kernel (its ``prelaunch_hook``, set in
``jupyter-config/voila.py``).

The cap is ``CX_MAX_KERNELS`` if set, else what the machine's memory holds: one kernel per
:data:`KERNEL_BUDGET_MB` of the memory beyond :data:`RESERVED_MB` (Voila, the browser of a
trainer serving from their own laptop), at least :data:`MIN_KERNELS`.

This module is imported by the Voila server, not by kernels: standard library, tornado and
the i18n catalogue only.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from . import i18n

KERNEL_BUDGET_MB = 200
RESERVED_MB = 1536
MIN_KERNELS = 4
RETRY_SECONDS = 15


def total_memory_mb(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """The machine's memory in MiB (``None`` where /proc/meminfo is not readable)."""
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def max_kernels(environ: dict[str, str] | None = None, memory_mb: int | None = None) -> int:
    """The most page kernels this server runs at once (see the module docstring)."""
    environ = os.environ if environ is None else environ
    configured = (environ.get("CX_MAX_KERNELS") or "").strip()
    if configured.isdecimal() and int(configured) > 0:
        return int(configured)
    memory = total_memory_mb() if memory_mb is None else memory_mb
    if memory is None:
        return 50
    return max(MIN_KERNELS, (memory - RESERVED_MB) // KERNEL_BUDGET_MB)


def retry_seconds(environ: dict[str, str] | None = None) -> int:
    """Seconds after which the busy page tries again (``CX_BUSY_RETRY``, default 15)."""
    environ = os.environ if environ is None else environ
    value = (environ.get("CX_BUSY_RETRY") or "").strip()
    return int(value) if value.isdecimal() and int(value) > 0 else RETRY_SECONDS


def busy_page(language: str, seconds: int) -> str:
    """The HTML a learner gets while the server is full: it reloads itself after ``seconds``."""
    code = i18n.normalize_language(language)
    title = html.escape(i18n.t("common.busy.title", code))
    body = html.escape(i18n.t("common.busy.body", code, seconds=seconds))
    return f"""<!DOCTYPE html>
<html lang="{code}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{seconds}">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       sans-serif; color: #1d2733; background: #f4f6f9; margin: 0; }}
main {{ max-width: 36rem; margin: 18vh auto; padding: 2rem; background: #fff;
        border-radius: 10px; box-shadow: 0 1px 4px rgba(0,0,0,.12); font-size: 1.2rem; }}
h1 {{ font-size: 1.6rem; margin-top: 0; }}
</style></head>
<body><main class="cx-busy" role="alert" data-retry="{seconds}">
<h1>{title}</h1><p>{body}</p></main></body></html>
"""


def _language(handler: Any) -> str:
    requested = handler.get_argument("lang", None)
    if requested:
        return requested
    accepted = handler.request.headers.get("Accept-Language", "")
    return accepted.split(",")[0] if accepted else i18n.DEFAULT_LANGUAGE


def refuse_when_full(handler: Any, notebook: Any = None, cwd: str | None = None) -> Any:
    """Voila ``prelaunch_hook``: answer 503 with :func:`busy_page` once the server is full.

    Parameters
    ----------
    handler : voila.handler.VoilaHandler
        The request's handler (its ``kernel_manager`` knows the running kernels).
    notebook, cwd
        What Voila passes; the notebook is returned unchanged when there is room.
    """
    from tornado.web import Finish

    running = len(handler.kernel_manager.list_kernel_ids())
    if running < max_kernels():
        return notebook
    seconds = retry_seconds()
    handler.set_status(503)
    handler.set_header("Retry-After", str(seconds))
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.log.warning("server full (%d kernels): a page was asked to retry", running)
    raise Finish(busy_page(_language(handler), seconds))

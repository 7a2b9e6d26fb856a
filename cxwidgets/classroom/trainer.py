"""The trainer's secret: only the holder of the trainer link opens the trainer page.

``make serve`` prints the link, ``<server>/voila/render/trainer.ipynb?token=<secret>``. The
secret is ``$CX_TRAINER_TOKEN`` when set, else a random one kept in the workbook folder
(``.cx-trainer-token``, readable by the owner only) so the link survives a server restart.
On JupyterHub, members of the trainers' group get ``CX_TRAINER=1`` in their server
(:mod:`cxwidgets.classroom.hub`) and need no token.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path
from urllib.parse import urlencode

from ..workbook import workbook_dir

ENV_TOKEN = "CX_TRAINER_TOKEN"
ENV_TRAINER = "CX_TRAINER"
TOKEN_FILE = ".cx-trainer-token"
PAGE = "trainer.ipynb"


def token(directory: str | os.PathLike[str] | None = None) -> str:
    """The trainer's secret (created on first use, 128 bits, URL-safe)."""
    given = os.environ.get(ENV_TOKEN, "").strip()
    if given:
        return given
    folder = Path(directory) if directory is not None else workbook_dir()
    path = folder / TOKEN_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) >= 16:
            return text
    except (OSError, UnicodeError):
        pass
    folder.mkdir(parents=True, exist_ok=True)
    text = secrets.token_urlsafe(16)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text)
    return text


def is_trainer(candidate: str | None, directory: str | os.PathLike[str] | None = None) -> bool:
    """Whether ``candidate`` is the trainer's secret (compared in constant time), or this
    server belongs to a trainer on JupyterHub (``CX_TRAINER=1``)."""
    from .hub import is_trainer as hub_trainer

    if hub_trainer():  # a member of the hub's trainers' group, on JupyterHub only
        return True
    if not candidate:
        return False
    return hmac.compare_digest(str(candidate), token(directory))


def trainer_url(base: str, directory: str | os.PathLike[str] | None = None) -> str:
    """The trainer link on the server at ``base`` (e.g. ``http://192.168.1.20:8866``)."""
    return f"{base.rstrip('/')}/voila/render/{PAGE}?{urlencode({'token': token(directory)})}"

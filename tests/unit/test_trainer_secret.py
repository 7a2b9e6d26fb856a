"""The trainer's secret and link, and the address learners use."""

from __future__ import annotations

import stat

from cxwidgets.classroom import trainer
from cxwidgets.serve import public_url


def test_the_secret_is_kept_readable_by_the_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("CX_TRAINER_TOKEN", raising=False)
    first = trainer.token(tmp_path)
    assert len(first) >= 16
    assert trainer.token(tmp_path) == first  # the same link after a restart
    mode = stat.S_IMODE((tmp_path / trainer.TOKEN_FILE).stat().st_mode)
    assert mode == 0o600


def test_the_environment_sets_the_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_TRAINER_TOKEN", "given-secret-123456")
    assert trainer.token(tmp_path) == "given-secret-123456"
    assert trainer.is_trainer("given-secret-123456", tmp_path)
    assert not trainer.is_trainer("given-secret-12345", tmp_path)
    assert not trainer.is_trainer("", tmp_path) and not trainer.is_trainer(None, tmp_path)
    url = trainer.trainer_url("http://10.0.0.5:8866/", tmp_path)
    assert url == "http://10.0.0.5:8866/voila/render/trainer.ipynb?token=given-secret-123456"


def test_a_trainer_flag_counts_on_a_hub_only(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_TRAINER_TOKEN", "given-secret-123456")
    monkeypatch.setenv("CX_TRAINER", "1")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert not trainer.is_trainer(None, tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "tina")
    assert trainer.is_trainer(None, tmp_path)


def test_learners_get_the_machines_address_not_0_0_0_0():
    assert public_url("127.0.0.1", 8866) == "http://127.0.0.1:8866"
    address = public_url("0.0.0.0", 8866)
    assert address.startswith("http://") and address.endswith(":8866")
    assert "0.0.0.0" not in address

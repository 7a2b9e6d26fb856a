"""The course on JupyterHub: who is a trainer, and what the hub configuration gives a server.

``jupyterhub/jupyterhub_config.py`` is loaded as JupyterHub loads it (traitlets' config file
loader); its spawn hook is called with a stand-in for the spawner (a user name, the user's
groups, the environment so far). ``tests/e2e/test_jupyterhub.py`` runs the same file in a real
hub.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from cxwidgets.classroom.hub import TRAINER_GROUP, hub_user, is_trainer

CONFIG = Path(__file__).resolve().parents[2] / "jupyterhub" / "jupyterhub_config.py"
DB_URL = "postgresql://cx:secret@db.example:5432/cx"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"JUPYTERHUB_USER": "tina", "CX_TRAINER": "1"}, True),
        ({"JUPYTERHUB_USER": "tina", "CX_TRAINER": " 1 "}, True),
        ({"JUPYTERHUB_USER": "ana", "CX_TRAINER": "0"}, False),
        ({"JUPYTERHUB_USER": "ana"}, False),
        ({"JUPYTERHUB_USER": "ana", "CX_TRAINER": "yes"}, False),
        ({"CX_TRAINER": "1"}, False),  # off a hub the trainer's page asks for its token
        ({"JUPYTERHUB_USER": "  ", "CX_TRAINER": "1"}, False),
        ({}, False),
    ],
)
def test_is_trainer(env: dict[str, str], expected: bool) -> None:
    assert is_trainer(env) is expected


def test_hub_user() -> None:
    assert hub_user({"JUPYTERHUB_USER": "ana"}) == "ana"
    assert hub_user({}) is None


def load_config(monkeypatch: pytest.MonkeyPatch, **env: str):
    for name in ("CX_CLASS_DB", "CX_TRAINERS", "CX_COURSE_DIR", "CX_HUB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CX_CLASS_DB_FILE", "/nonexistent/cx-class-db-url")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()


def spawner(name: str, *groups: str) -> SimpleNamespace:
    user = SimpleNamespace(name=name, groups=[SimpleNamespace(name=group) for group in groups])
    return SimpleNamespace(user=user, environment={"KEPT": "yes"})


def test_servers_open_the_course_home_in_voila(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(monkeypatch, CX_COURSE_DIR="/srv/course/notebooks")
    assert config.Spawner.default_url == "/voila/render/00_home.ipynb"
    assert config.Spawner.notebook_dir == "/srv/course/notebooks"
    assert load_config(monkeypatch).Spawner.notebook_dir == "/srv/cx-course/notebooks"


def test_a_learner_server_gets_the_learner_and_the_class_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = load_config(monkeypatch, CX_CLASS_DB=DB_URL)
    learner = spawner("ana", "other-group")
    config.Spawner.pre_spawn_hook(learner)
    assert learner.environment == {
        "KEPT": "yes",
        "CX_LEARNER": "ana",
        "CX_WORKBOOK_DIR": "~/cx-workbooks",
        "CX_TRAINER": "0",
        "CX_CLASS_DB": DB_URL,
        "JUPYTER_PREFER_ENV_PATH": "1",
    }
    assert not is_trainer({"JUPYTERHUB_USER": "ana", **learner.environment})


def test_a_trainer_server_is_marked_a_trainer(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(monkeypatch, CX_CLASS_DB=DB_URL)
    trainer = spawner("tina", TRAINER_GROUP)
    config.Spawner.pre_spawn_hook(trainer)
    assert trainer.environment["CX_TRAINER"] == "1"
    assert is_trainer({"JUPYTERHUB_USER": "tina", **trainer.environment})


def test_the_database_url_may_come_from_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "class-db-url"
    secret.write_text(DB_URL + "\n", encoding="utf-8")
    config = load_config(monkeypatch)
    monkeypatch.setenv("CX_CLASS_DB_FILE", str(secret))  # read when a server starts
    learner = spawner("ana")
    config.Spawner.pre_spawn_hook(learner)
    assert learner.environment["CX_CLASS_DB"] == DB_URL


def test_no_database_url_no_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(monkeypatch)
    learner = spawner("ana")
    config.Spawner.pre_spawn_hook(learner)
    assert "CX_CLASS_DB" not in learner.environment


def test_trainers_group_and_role(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(monkeypatch, CX_TRAINERS="tina, tom,,")
    assert config.JupyterHub.load_groups == {TRAINER_GROUP: {"users": ["tina", "tom"]}}
    [role] = config.JupyterHub.load_roles
    assert role["name"] == "cx-trainer"
    assert role["groups"] == [TRAINER_GROUP]
    assert "access:servers" not in role["scopes"]  # trainers never open a learner's server
    assert load_config(monkeypatch).JupyterHub.load_groups == {TRAINER_GROUP: {"users": []}}


def test_the_kubernetes_chart_runs_the_file_in_its_own_config(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """zero-to-jupyterhub execs ``jupyterhub_config.d/*.py`` in its config file's namespace,
    where ``c`` is the hub's config and ``get_config(key, default)`` reads the chart values."""
    from traitlets.config import Config

    for name in ("CX_CLASS_DB", "CX_TRAINERS", "CX_COURSE_DIR", "CX_HUB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CX_CLASS_DB_FILE", "/nonexistent/cx-class-db-url")

    def chart_value(key: str, default=None):
        return default

    hub_config = Config()
    hub_config.KubeSpawner.environment = {"CX_CLASS_DB": {"valueFrom": {"secretKeyRef": {}}}}
    namespace = {"c": hub_config, "get_config": chart_value}
    exec(compile(CONFIG.read_text(encoding="utf-8"), CONFIG.name, "exec"), namespace)
    assert hub_config.Spawner.default_url == "/voila/render/00_home.ipynb"
    learner = spawner("ana")
    learner.environment = dict(hub_config.KubeSpawner.environment)
    hub_config.Spawner.pre_spawn_hook(learner)
    # The learners' pods get the database URL from the secret, untouched by the hub.
    assert learner.environment["CX_CLASS_DB"] == {"valueFrom": {"secretKeyRef": {}}}
    assert learner.environment["CX_LEARNER"] == "ana"


def test_the_class_link_goes_through_the_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(monkeypatch, CX_HUB_URL="https://cx.example.org/")
    trainer = spawner("tina", TRAINER_GROUP)
    config.Spawner.pre_spawn_hook(trainer)
    assert trainer.environment["CX_PUBLIC_URL"] == "https://cx.example.org/hub/user-redirect"

    config = load_config(monkeypatch)
    config.JupyterHub.public_url = "https://hub.example.org/jh"  # set by the hub's own config
    config.Spawner.pre_spawn_hook(trainer)
    assert trainer.environment["CX_PUBLIC_URL"] == "https://hub.example.org/jh/hub/user-redirect"

    learner = spawner("ana")
    load_config(monkeypatch).Spawner.pre_spawn_hook(learner)
    assert "CX_PUBLIC_URL" not in learner.environment


def test_kubernetes_values_load_the_config_and_take_the_database_from_a_secret() -> None:
    import yaml  # PyYAML: a dependency of Jupyter Server (jupyter_events)
    values = yaml.safe_load((CONFIG.parent / "z2jh-values.yaml").read_text(encoding="utf-8"))
    mount = values["hub"]["extraFiles"]["cx-config"]["mountPath"]
    # The chart runs every *.py of this folder in its hub configuration.
    assert mount.startswith("/usr/local/etc/jupyterhub/jupyterhub_config.d/")
    assert mount.endswith(".py")
    assert values["hub"]["extraEnv"]["CX_COURSE_DIR"] == "/srv/cx-course/notebooks"
    secret = values["singleuser"]["extraEnv"]["CX_CLASS_DB"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "cx-class-db", "key": "url"}

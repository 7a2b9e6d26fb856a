"""JupyterHub configuration of the CX course: one server per learner, the class in PostgreSQL.

Where it is used
----------------
* A single VM with The Littlest JupyterHub (TLJH): copy this file to
  ``/opt/tljh/config/jupyterhub_config.d/cx.py`` (TLJH loads it after its own settings), then
  ``sudo tljh-config reload``. See README.md, "On JupyterHub".
* Any JupyterHub 5+: ``jupyterhub -f jupyterhub/jupyterhub_config.py``, or ``load_subconfig``
  it from the hub's own config (the smoke test ``tests/e2e/test_jupyterhub.py`` does that).
* zero-to-jupyterhub on Kubernetes: ``z2jh-values.yaml`` mounts this file into the hub's
  ``/usr/local/etc/jupyterhub/jupyterhub_config.d/``, which the chart's config runs.

What it sets
------------
* Each learner's server opens the course home in Voila (``Spawner.default_url``), served by
  the Voila server extension of the learner's Jupyter Server with the course's Voila settings
  (template ``cx``, no CDN), which ``pip install`` of the course put into the environment's
  ``etc/jupyter`` (the same ``voila.json`` and ``voila.py`` that ``make serve`` uses).
* The hub's user name is the learner: ``CX_LEARNER`` is the hub user, the workbooks are in the
  user's own home (``~/cx-workbooks``).
* The class (roster, controls, published answers) is in a PostgreSQL database that every
  learner's server reaches: ``CX_CLASS_DB=postgresql://...`` (never a SQLite file on a network
  disk). The URL comes from the hub's environment ``CX_CLASS_DB``, else from the file named by
  ``CX_CLASS_DB_FILE`` (default ``/etc/cx/class-db-url``, readable by root only); on
  Kubernetes it comes to the learners' pods from a secret instead.
* Trainers are the hub group ``cx-trainers`` (names in ``CX_TRAINERS``, comma-separated, are
  added at start-up; admins add more in the hub's admin page). The role ``cx-trainer`` lets
  them see the learners and start or stop their servers; their own server gets
  ``CX_TRAINER=1`` (``cxwidgets.classroom.hub.is_trainer``), so the trainer's page needs no
  token there. A trainer added to the group restarts their server to become one.

Settings read from the hub's environment
----------------------------------------
``CX_COURSE_DIR``   the course's ``notebooks/`` folder on the learners' machine (the folder
                    each learner's server serves; default ``/srv/cx-course/notebooks``).
``CX_CLASS_DB``     the PostgreSQL URL (or ``CX_CLASS_DB_FILE``, see above).
``CX_TRAINERS``     user names of the trainers, comma-separated (optional).
``CX_HUB_URL``      the hub's address as learners reach it (``https://cx.example.org``, with
                    the hub's base URL if it has one; default ``JupyterHub.public_url``): the
                    trainer's page then shows learners the class link
                    ``<hub>/hub/user-redirect/voila/render/00_home.ipynb?class=CODE``, which
                    opens the course home on each learner's own server (``CX_PUBLIC_URL``).
"""

import os
from pathlib import Path

# ``c``: the hub's traitlets config object. Every way of loading this file defines it
# (``jupyterhub -f``, ``load_subconfig``, TLJH's and z2jh's ``jupyterhub_config.d``; z2jh runs
# the file in its own config, where ``get_config`` is another function).
c = globals().get("c") or get_config()  # noqa: F821

TRAINER_GROUP = "cx-trainers"
TRAINER_ROLE = "cx-trainer"
HOME_PAGE = "/voila/render/00_home.ipynb"
WORKBOOKS = "~/cx-workbooks"
DEFAULT_COURSE_DIR = "/srv/cx-course/notebooks"
DEFAULT_DB_FILE = "/etc/cx/class-db-url"


def _names(text):
    """User names from a comma-separated list."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def class_db_url():
    """The PostgreSQL URL of the class, or "" when the hub does not hand it out."""
    url = os.environ.get("CX_CLASS_DB", "").strip()
    if url:
        return url
    path = Path(os.environ.get("CX_CLASS_DB_FILE") or DEFAULT_DB_FILE)
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _configured(section, name, default):
    """What the config loaded before this file set for ``section.name``, else ``default``."""
    return section.get(name, default)


# --- every learner's server: the course home in Voila ------------------------------------
c.Spawner.default_url = HOME_PAGE
c.Spawner.notebook_dir = os.environ.get("CX_COURSE_DIR") or DEFAULT_COURSE_DIR


def cx_environment(spawner):
    """The course's environment of one user's server (computed when it starts)."""
    groups = {group.name for group in spawner.user.groups}
    environment = {
        "CX_LEARNER": spawner.user.name,
        "CX_WORKBOOK_DIR": WORKBOOKS,  # the workbook module expands ~ to the user's home
        "CX_TRAINER": "1" if TRAINER_GROUP in groups else "0",
        "JUPYTER_PREFER_ENV_PATH": "1",  # the environment's etc/jupyter before ~/.jupyter
    }
    url = class_db_url()
    if url:
        environment["CX_CLASS_DB"] = url
    hub_url = os.environ.get("CX_HUB_URL") or _configured(c.JupyterHub, "public_url", "")
    if hub_url:
        # The class link: the hub sends each learner to their own server.
        environment["CX_PUBLIC_URL"] = f"{hub_url.rstrip('/')}/hub/user-redirect"
    return environment


_earlier_hook = _configured(c.Spawner, "pre_spawn_hook", None)


def cx_pre_spawn_hook(spawner):
    """Add the course's environment to the server about to start (any spawner: local,
    systemd as on TLJH, Kubernetes), after a hook configured earlier."""
    result = _earlier_hook(spawner) if _earlier_hook is not None else None
    spawner.environment = {**spawner.environment, **cx_environment(spawner)}
    return result


c.Spawner.pre_spawn_hook = cx_pre_spawn_hook

# --- trainers: a hub group and its role ------------------------------------------------------
_cx_groups = dict(_configured(c.JupyterHub, "load_groups", {}))
_cx_trainers = _cx_groups.get(TRAINER_GROUP, {})
_cx_groups[TRAINER_GROUP] = {
    **_cx_trainers,
    "users": sorted({*_cx_trainers.get("users", []), *_names(os.environ.get("CX_TRAINERS"))}),
}
c.JupyterHub.load_groups = _cx_groups

c.JupyterHub.load_roles = [
    *[role for role in _configured(c.JupyterHub, "load_roles", []) if role["name"] != TRAINER_ROLE],
    {
        "name": TRAINER_ROLE,
        "description": "Trainers of the CX course: see the learners, start and stop their servers",
        "scopes": ["admin-ui", "list:users", "read:users", "read:servers", "servers"],
        "groups": [TRAINER_GROUP],
    },
]

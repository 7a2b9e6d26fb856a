"""The course on JupyterHub: who is the learner, who is a trainer.

On a hub (``jupyterhub/jupyterhub_config.py``) every learner has a server of their own, and
the hub's spawner sets its environment:

* ``JUPYTERHUB_USER``: the hub's user name (JupyterHub sets it); the course's learner name,
  copied into ``CX_LEARNER`` by the config;
* ``CX_TRAINER=1`` for members of the hub group :data:`TRAINER_GROUP` (the config's
  ``pre_spawn_hook``), ``0`` for everyone else; the trainer's page then needs no token.

Only the standard library is imported here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

ENV_HUB_USER = "JUPYTERHUB_USER"
ENV_TRAINER = "CX_TRAINER"
#: The JupyterHub group (and role) of the trainers.
TRAINER_GROUP = "cx-trainers"


def hub_user(env: Mapping[str, str] = os.environ) -> str | None:
    """The hub's user name of this server, or None off a hub."""
    name = (env.get(ENV_HUB_USER) or "").strip()
    return name or None


def is_trainer(env: Mapping[str, str] = os.environ) -> bool:
    """Whether this server is a trainer's on a JupyterHub.

    True when the server runs for a hub user (``JUPYTERHUB_USER``) and the hub's spawner
    marked that user a member of :data:`TRAINER_GROUP` (``CX_TRAINER=1``). Off a hub this is
    False whatever ``CX_TRAINER`` says: there the trainer's page asks for its token.

    Parameters
    ----------
    env : mapping, optional
        The environment to read (default: this process's).
    """
    return hub_user(env) is not None and (env.get(ENV_TRAINER) or "").strip() == "1"

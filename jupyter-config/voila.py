"""Voila settings that need Python; the declarative ones are in ``voila.json``.

Installed by ``pip install`` into ``<env>/etc/jupyter/voila.py`` (pyproject's hatch
shared-data), one of the folders where both ways of serving the course look for
``voila.py``/``voila.json``: the Voila application (``make serve``) and the Voila server
extension of a Jupyter Server (Binder, JupyterHub). The extension reads only the
``VoilaConfiguration`` part; the kernel culling below applies to the Voila application.
"""

import os
from typing import Any

# ``c`` is the traitlets config object Voila provides when it loads this file.
c = get_config()  # noqa: F821


def _bundled_mathjax(page_config: dict[str, Any], **_context: Any) -> dict[str, Any]:
    """Make the page typeset formulas with the MathJax 3 that Voila bundles, not a CDN's.

    Voila's page loads MathJax 2 from ``fullMathjaxUrl`` unless that option and
    ``mathjaxConfig`` are both null. The Voila application passes null (its deprecated
    ``Voila.mathjax_url``); the server extension passes a cdnjs URL, because a Jupyter
    Server has no ``mathjax_url`` setting. Null for both, in every mode, keeps the
    request on the server.

    Parameters
    ----------
    page_config : dict
        The page configuration Voila built; changed in place (the notebook-list handler
        ignores the returned value).
    **_context
        Voila's other hook arguments (``base_url``, ``settings``, ``log``,
        ``voila_configuration``, ``notebook_path``), not needed here.

    Returns
    -------
    dict
        ``page_config``.
    """
    page_config["fullMathjaxUrl"] = None
    page_config["mathjaxConfig"] = None
    return page_config


c.VoilaConfiguration.page_config_hook = _bundled_mathjax

# Past the machine's capacity a new page gets "the class server is busy, trying again in N s"
# (cxwidgets/capacity.py). Voila refuses a prelaunch_hook together with preheated kernels, so
# a server prepared for a class (``make serve CLASS_LECTURE=.. CLASS_SIZE=..``, which sets
# CX_PREHEAT) goes without it: its pool was sized by the trainer.
if os.environ.get("CX_PREHEAT") != "1":
    from cxwidgets.capacity import refuse_when_full

    c.VoilaConfiguration.prelaunch_hook = refuse_when_full

# A class of 30-50 opens many pages: kernels whose page is gone (closed tab, lost
# network) are shut down after 10 idle minutes; a connected page is never culled.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

# Under a class's load (30 pages starting at once on 2 cores) a cell's outputs can arrive
# seconds after its reply; nbclient waits only 4 s for them by default and then drops them,
# and a page whose header or exercise output was dropped never becomes ready. Wait longer.
c.VoilaExecutor.iopub_timeout = 60

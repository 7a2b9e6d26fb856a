"""Voila settings that need Python; the declarative ones are in ``voila.json``.

Installed by ``pip install`` into ``<env>/etc/jupyter/voila.py`` (pyproject's hatch
shared-data), one of the folders where both ways of serving the course look for
``voila.py``/``voila.json``: the Voila application (``make serve``) and the Voila server
extension of a Jupyter Server (Binder, JupyterHub). The extension reads only the
``VoilaConfiguration`` part; the kernel culling below applies to the Voila application.
"""

from typing import Any

# ``c`` is the traitlets config object Voila provides when it loads this file.
c = get_config()  # noqa: F821


def _set_xsrf_cookie(handler, notebook=None, cwd=None):
    """Give the page the ``_xsrf`` cookie that its kernel-shutdown beacon sends on unload.

    When a learner leaves or reloads a page, Voila's page posts
    ``/voila/api/shutdown/<kernel>`` with the ``_xsrf`` cookie's value. Voila never sets
    that cookie, so the request is refused (403) and the kernel lives on
    (voila-dashboards/voila#1458). Reading ``xsrf_token`` makes tornado set it.
    """
    handler.xsrf_token  # noqa: B018  (the read has the side effect we need)
    return notebook


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


c.VoilaConfiguration.prelaunch_hook = _set_xsrf_cookie
c.VoilaConfiguration.page_config_hook = _bundled_mathjax

# A class of 30-50 opens many pages: kernels whose page is gone (closed tab, lost
# network) are shut down after 10 idle minutes; a connected page is never culled.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

"""Voila settings that need Python; the declarative ones are in ``voila.json``.

Installed by ``pip install`` into ``<env>/etc/jupyter/voila.py`` (pyproject's hatch
shared-data), one of the folders Voila searches for ``voila.py``/``voila.json``.
"""

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


c.VoilaConfiguration.prelaunch_hook = _set_xsrf_cookie

# A class of 30-50 opens many pages: kernels whose page is gone (closed tab, lost
# network) are shut down after 10 idle minutes; a connected page is never culled.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

"""Report sections, one module per lecture: ``l<NN>.py`` defines ``section(data, language)``.

See :mod:`cxwidgets.report`. These modules build HTML from the workbook document with the
analysis layer (``cxwidgets.<topic>``, ``cxwidgets.<topic>_charts``, ``cxwidgets.<topic>_html``);
they never import ``cxwidgets.widgets``.
"""

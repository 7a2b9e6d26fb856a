"""Widgets: thin ipywidgets/anywidget views over the analysis modules."""

"""Live class mode: a trainer sees the class's answers as they come in.

- :mod:`.store`: where a class lives (roster, name claims, controls, published answers):
  SQLite in WAL mode next to the workbooks on one machine, PostgreSQL beyond it.
- :mod:`.aggregate` and :mod:`.charts`: each lecture's class result from the learners'
  saved workbook sections (pure functions; the projector dashboard draws them).
- :mod:`.notes`: the trainer's notes and workshop agendas.
- :mod:`.trainer`: the trainer's secret (token) and link.

Nothing here imports a widget; the pages are in :mod:`cxwidgets.widgets.classroom`.
"""

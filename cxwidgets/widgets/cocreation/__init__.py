"""Lecture 10 (co-creation and roadshow) exercises.

Workbook sections ``10/team`` (:class:`TeamBoard`), ``10/peer`` (:class:`PeerScoring`),
``10/usertest`` (:class:`UserTest`) and ``10/export`` (:class:`Export`); the report section
is :mod:`cxwidgets.reports.l10`, the files of the export come from :mod:`cxwidgets.export`.
"""

from .board import TeamBoard
from .export import Export
from .scoring import PeerScoring
from .tables import PeerGrid, RowTable
from .usertest import UserTest

__all__ = ["Export", "PeerGrid", "PeerScoring", "RowTable", "TeamBoard", "UserTest"]

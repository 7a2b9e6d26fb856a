"""Lecture 01 (experience economy and the service-profit chain) exercises.

Workbook sections: ``01/clv`` (:class:`Calculator`), ``01/tenure`` (:class:`Tenure`),
``01/chain`` (:class:`ChainExplorer`), ``01/sort`` (:class:`Sort`), ``01/bank_case``
(:class:`BankCase`); the report section is :mod:`cxwidgets.reports.l01`.
"""

from .bank import SECTION as BANK
from .bank import BankCase
from .calculator import SECTION as CALCULATOR
from .calculator import Calculator
from .chain import SECTION as CHAIN
from .chain import ChainDiagram, ChainExplorer
from .sort import SECTION as SORT
from .sort import Sort, quiz_spec
from .tenure import SECTION as TENURE
from .tenure import Tenure

__all__ = [
    "BANK",
    "CALCULATOR",
    "CHAIN",
    "SORT",
    "TENURE",
    "BankCase",
    "Calculator",
    "ChainDiagram",
    "ChainExplorer",
    "Sort",
    "Tenure",
    "quiz_spec",
]

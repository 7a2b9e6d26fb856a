"""Lecture 03 exercises 3 and 4: ABC customer tiers (Pareto) and MAN lead qualification.

Thin views over :mod:`cxwidgets.tiers`; the HTML and the chart they show are in
:mod:`cxwidgets.tiers_html` and :mod:`cxwidgets.tiers_charts` (shared with the report).
"""

from ...tiers_charts import pareto_spec, tier_bands
from ...tiers_html import LETTERS, prospect_feedback
from .abc import SECTION as ABC_SECTION
from .abc import AbcTiers, customers_from_upload, template_csv
from .man import SECTION as MAN_SECTION
from .man import ManScoring

__all__ = [
    "ABC_SECTION",
    "LETTERS",
    "MAN_SECTION",
    "AbcTiers",
    "ManScoring",
    "customers_from_upload",
    "pareto_spec",
    "prospect_feedback",
    "template_csv",
    "tier_bands",
]

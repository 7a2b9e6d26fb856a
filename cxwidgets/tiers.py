"""ABC customer tiers (Pareto) and MAN lead qualification (lecture 03).

Pure analysis: DataFrames in, DataFrames out, no widget imports. Definitions
follow ``CX-REFERENCE.md`` ("Customer tiers and qualification"):

- **ABC tiers**: rank customers by value (e.g. annual revenue); A = strategic
  customers, the top 15% of customers; B = important customers, the next 25%;
  C = general customers, the remaining 60%. The Pareto curve plots the
  cumulative share of value against the cumulative share of customers.
- **MAN**: a prospect with Money (budget), Authority (the contact can decide)
  and Need is qualified; missing Authority means finding the decision maker;
  missing Need means no sale yet, whatever the budget.

Rounding of tier sizes (decided here, tested in ``tests/unit/test_tiers.py``)
--------------------------------------------------------------------------
With ``n`` customers, tier A holds the top ``round_half_up(a * n)`` positions
but at least one, and tiers A and B together hold the top
``round_half_up((a + b) * n)`` positions but at least as many as A. The
arithmetic is exact (decimal), so 15% of 200 is 30, not 31 through float
error. Examples with the default 15% / 25%: n = 200 -> 30 / 50 / 120;
n = 10 -> 2 / 2 / 6 (1.5 rounds up); n = 3 -> 1 / 0 / 2; n = 1 -> 1 / 0 / 0.

Ties: customers with equal value get the same (competition) rank, ``1, 2, 2,
4``, and the tier of their rank. A tie that straddles a boundary therefore goes
to the higher tier: equal value means equal treatment, so a tier may hold a few
more customers than its target size.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from .errors import CXError

if TYPE_CHECKING:  # pandas is imported where a table is made: pages start without it
    import pandas as pd

TIERS: tuple[str, ...] = ("A", "B", "C")
"""Tier codes, best first."""

VERDICTS: tuple[str, ...] = (
    "qualified",
    "find_decision_maker",
    "develop_budget",
    "nurture",
    "no_need",
    "not_a_prospect",
)
"""MAN verdict codes (also the next steps a learner can pick).

- ``qualified``: M, A and N: make a proposal.
- ``find_decision_maker``: M and N, no A: reach the person who decides.
- ``develop_budget``: A and N, no M: help with the budget (instalments, a starter
  package, a trial, the next budget cycle).
- ``nurture``: N only: keep in touch and develop budget and access over time.
- ``no_need``: no N but M or A: no sale yet, whatever the budget; keep in touch.
- ``not_a_prospect``: none of the three: stop pursuing.
"""

# i18n: input vocabulary
_TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "是", "有", "√", "✓", "✔"})
_FALSE_WORDS = frozenset({"0", "false", "f", "no", "n", "否", "无", "没有", "×", "✗", "x"})
# i18n: end


def _shares(a: float, b: float) -> tuple[Decimal, Decimal]:
    """Validate the tier shares and return them as exact decimals."""
    try:
        share_a = Decimal(str(float(a)))
        share_b = Decimal(str(float(b)))
    except (TypeError, ValueError):
        raise CXError("tiers.error.shares", a=a, b=b) from None
    if not (0 < share_a < 1) or share_b < 0 or share_a + share_b > 1:
        raise CXError("tiers.error.shares", a=a, b=b)
    return share_a, share_b


def _round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def tier_sizes(n: int, a: float = 0.15, b: float = 0.25) -> tuple[int, int, int]:
    """Target number of customers in tiers A, B and C.

    Parameters
    ----------
    n : int
        Number of customers (>= 0).
    a : float, default 0.15
        Share of customers in tier A, strictly between 0 and 1.
    b : float, default 0.25
        Share of customers in tier B (``a + b <= 1``).

    Returns
    -------
    tuple of int
        ``(n_a, n_b, n_c)`` summing to ``n``: A gets ``round_half_up(a * n)``
        but at least one customer (when ``n > 0``), A and B together get
        ``round_half_up((a + b) * n)`` but at least ``n_a``.
    """
    share_a, share_b = _shares(a, b)
    n = int(n)
    if n <= 0:
        return (0, 0, 0)
    n_a = min(n, max(1, _round_half_up(share_a * n)))
    n_ab = min(n, max(n_a, _round_half_up((share_a + share_b) * n)))
    return (n_a, n_ab - n_a, n - n_ab)


def _row(position: int) -> int:
    """The spreadsheet row of a data row (the header is row 1, the first data row 2)."""
    return int(position) + 2


def _numeric_values(customers: pd.DataFrame, value: str) -> pd.Series:
    """The ``value`` column as floats, or a CXError naming the first bad spreadsheet row."""
    import pandas as pd

    raw = customers[value]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        numbers = raw.astype(float)
    else:
        text = raw.astype("string").str.strip()
        # i18n: input vocabulary (thousands separators and currency signs in amounts)
        cleaned = text.str.replace(r"[,，\s¥￥元]", "", regex=True)
        # i18n: end
        numbers = pd.to_numeric(cleaned, errors="coerce").astype(float)
        bad = numbers.isna() & text.notna() & (text != "")
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise CXError("tiers.error.not_numeric", column=value, row=_row(row), text=raw.iloc[row])
    missing = numbers.isna().to_numpy()
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise CXError("tiers.error.missing_value", column=value, row=_row(row))
    infinite = ~np.isfinite(numbers.to_numpy())
    if infinite.any():
        row = int(np.flatnonzero(infinite)[0])
        raise CXError("tiers.error.not_numeric", column=value, row=_row(row), text=raw.iloc[row])
    negative = (numbers < 0).to_numpy()
    if negative.any():
        row = int(np.flatnonzero(negative)[0])
        raise CXError("tiers.error.negative", column=value, row=_row(row), value=numbers.iloc[row])
    return numbers


def _check_table(customers: object, columns: Iterable[str]) -> pd.DataFrame:
    import pandas as pd

    if not isinstance(customers, pd.DataFrame):
        raise CXError("tiers.error.not_table")
    missing = [c for c in columns if c not in customers.columns]
    if missing:
        found = ", ".join(str(c) for c in customers.columns) or "-"
        raise CXError("tiers.error.missing_column", column=", ".join(missing), found=found)
    if customers.empty:
        raise CXError("tiers.error.empty")
    return customers


def abc_tiers(
    customers: pd.DataFrame, value: str = "revenue", a: float = 0.15, b: float = 0.25
) -> pd.DataFrame:
    """Rank customers by value and assign the ABC tiers.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer; any columns, including ``value``.
    value : str, default "revenue"
        Column with each customer's value (non-negative numbers; strings such
        as ``"1,200"`` or ``"¥800"`` are converted).
    a : float, default 0.15
        Share of customers in tier A (strategic).
    b : float, default 0.25
        Share of customers in tier B (important); C gets the rest.

    Returns
    -------
    pandas.DataFrame
        The customers sorted by ``value``, highest first (ties keep their input
        order), index ``0..n-1``, with ``value`` as float and the added columns:

        - ``rank``: competition rank by value (1 = highest; ties share a rank),
        - ``tier``: ``"A"``, ``"B"`` or ``"C"`` (see the module notes on
          rounding and ties),
        - ``value_share``: the customer's share of the total value,
        - ``cum_customer_share``: position / n (0 < x <= 1),
        - ``cum_value_share``: cumulative share of the total value.

    Raises
    ------
    CXError
        Not a table, no rows, ``value`` column missing, a value that is not a
        number, missing or negative (the message names the spreadsheet row: the
        header is row 1), a zero total, or invalid shares.
    """
    tier_sizes(1, a, b)  # validates the shares before looking at the data
    table = _check_table(customers, [value])
    numbers = _numeric_values(table, value)
    total = float(numbers.sum())
    if total <= 0:
        raise CXError("tiers.error.zero_total", column=value)

    ranked = table.copy()
    ranked[value] = numbers
    ranked = ranked.sort_values(value, ascending=False, kind="stable").reset_index(drop=True)
    n = len(ranked)
    n_a, n_b, _ = tier_sizes(n, a, b)
    rank = ranked[value].rank(method="min", ascending=False).astype(int)
    ranked["rank"] = rank
    ranked["tier"] = np.select([rank <= n_a, rank <= n_a + n_b], ["A", "B"], default="C")
    ranked["value_share"] = ranked[value] / total
    ranked["cum_customer_share"] = np.arange(1, n + 1) / n
    ranked["cum_value_share"] = ranked[value].cumsum() / total
    return ranked


def tier_summary(
    customers: pd.DataFrame, value: str = "revenue", a: float = 0.15, b: float = 0.25
) -> pd.DataFrame:
    """Customers and value held by each ABC tier.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer (as for :func:`abc_tiers`).
    value : str, default "revenue"
        Column with each customer's value.
    a, b : float
        Shares of customers in tiers A and B (see :func:`abc_tiers`).

    Returns
    -------
    pandas.DataFrame
        One row per tier, always ``A``, ``B``, ``C`` in that order, columns
        ``tier``, ``customers`` (count), ``customer_share``, ``total`` (sum of
        value), ``value_share`` (share of the total value), ``min_value`` (lowest
        value in the tier, NaN when empty) and ``mean_value`` (NaN when empty).
    """
    import pandas as pd

    ranked = abc_tiers(customers, value=value, a=a, b=b)
    grouped = ranked.groupby("tier")[value]
    summary = pd.DataFrame(
        {
            "customers": grouped.size(),
            "total": grouped.sum(),
            "min_value": grouped.min(),
            "mean_value": grouped.mean(),
        }
    ).reindex(list(TIERS))
    summary["customers"] = summary["customers"].fillna(0).astype(int)
    summary["total"] = summary["total"].fillna(0.0)
    summary["customer_share"] = summary["customers"] / len(ranked)
    summary["value_share"] = summary["total"] / ranked[value].sum()
    summary = summary.rename_axis("tier").reset_index()
    columns = ["tier", "customers", "customer_share", "total", "value_share"]
    return summary[[*columns, "min_value", "mean_value"]]


def as_flag(answer: object, field: str = "value") -> bool:
    """Read a yes/no answer: booleans, 1/0, ``yes``/``no``, ``是``/``否`` and the like.

    Parameters
    ----------
    answer : object
        The answer to read.
    field : str, default "value"
        Name used in the error message (e.g. ``"money"``).

    Returns
    -------
    bool

    Raises
    ------
    CXError
        ``tiers.error.flag`` when the answer is not a recognisable yes/no.
    """
    if isinstance(answer, bool | np.bool_):
        return bool(answer)
    if isinstance(answer, int | float | np.integer | np.floating) and not (
        isinstance(answer, float | np.floating) and math.isnan(answer)
    ):
        if answer in (0, 1):
            return bool(answer)
    elif isinstance(answer, str):
        word = answer.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    raise CXError("tiers.error.flag", field=field, value=answer)


def man_qualify(money: object, authority: object, need: object) -> str:
    """The MAN verdict (and recommended next step) of one prospect.

    Parameters
    ----------
    money : bool-like
        The prospect has the budget (M).
    authority : bool-like
        The contact can make the decision (A).
    need : bool-like
        The prospect has a real need our offer meets (N).

    Returns
    -------
    str
        One of :data:`VERDICTS`. Need is checked first (no need: ``no_need``,
        or ``not_a_prospect`` when M and A are missing too), then:
        M+A -> ``qualified``, M only -> ``find_decision_maker``, A only ->
        ``develop_budget``, neither -> ``nurture``.

    Raises
    ------
    CXError
        When an answer is not a recognisable yes/no (see :func:`as_flag`).
    """
    m = as_flag(money, "money")
    a = as_flag(authority, "authority")
    n = as_flag(need, "need")
    return _verdict(m, a, n)


def _verdict(m: bool, a: bool, n: bool) -> str:
    if not n:
        return "no_need" if (m or a) else "not_a_prospect"
    if m and a:
        return "qualified"
    if m:
        return "find_decision_maker"
    if a:
        return "develop_budget"
    return "nurture"


def man_score(
    prospects: pd.DataFrame,
    money: str = "money",
    authority: str = "authority",
    need: str = "need",
) -> pd.DataFrame:
    """MAN-score a table of prospects.

    Parameters
    ----------
    prospects : pandas.DataFrame
        One row per prospect with three yes/no columns.
    money, authority, need : str
        Names of the Money, Authority and Need columns.

    Returns
    -------
    pandas.DataFrame
        A copy with the three columns as booleans and the added columns
        ``score`` (how many of M, A, N hold, 0-3) and ``verdict`` (see
        :func:`man_qualify`).

    Raises
    ------
    CXError
        Not a table, no rows, a column missing, or an answer that is not yes/no.
    """
    table = _check_table(prospects, [money, authority, need]).copy()
    for column, field in ((money, "money"), (authority, "authority"), (need, "need")):
        table[column] = [as_flag(v, field) for v in table[column]]
        table[column] = table[column].astype(bool)
    m = table[money].to_numpy()
    a = table[authority].to_numpy()
    n = table[need].to_numpy()
    table["score"] = m.astype(int) + a.astype(int) + n.astype(int)
    table["verdict"] = np.select(
        [~n & (m | a), ~n, m & a, m, a],
        ["no_need", "not_a_prospect", "qualified", "find_decision_maker", "develop_budget"],
        default="nurture",
    )
    return table


# ---------------------------------------------------------------------- course data

#: Most customers an uploaded list may hold.
MAX_CUSTOMERS = 5000
#: Column names accepted for the value and the name of an uploaded customer list.
# i18n: input vocabulary
VALUE_ALIASES: tuple[str, ...] = ("revenue", "收入", "年收入", "营收", "金额", "value", "amount")
NAME_ALIASES: tuple[str, ...] = ("name", "名称", "客户", "客户名称", "姓名", "id", "编号")
# i18n: end


@lru_cache(maxsize=1)
def sample_customers() -> pd.DataFrame:
    """The 200 sample customers (``data/customers.csv``); cached, do not modify."""
    from . import datasets

    return datasets.read_csv("customers.csv")


@lru_cache(maxsize=1)
def prospects() -> pd.DataFrame:
    """The MAN prospects (``data/prospects.csv``): ``id`` and the true ``money``,
    ``authority``, ``need`` (booleans). Their texts are ``tiers.prospect.<id>.*``."""
    from . import datasets

    table = datasets.read_csv("prospects.csv", dtype={"id": str})
    for column in ("money", "authority", "need"):
        table[column] = table[column].astype(bool)
    return table


def _find_column(frame: pd.DataFrame, aliases: tuple[str, ...]) -> object | None:
    by_lower = {str(column).strip().lower(): column for column in frame.columns}
    for alias in aliases:
        if alias.lower() in by_lower:
            return by_lower[alias.lower()]
    return None


def customers_from_table(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The ``[{"name", "revenue"}]`` rows of an uploaded customer list.

    Parameters
    ----------
    frame : pandas.DataFrame
        As read by :func:`cxwidgets.tables.read_table`. The value column is named as in
        :data:`VALUE_ALIASES`; a table of one column is that column whatever its name. A
        name column (:data:`NAME_ALIASES`) is optional.

    Returns
    -------
    list of dict
        One dict per customer in file order, ``revenue`` as float; names default to
        ``"#1"``, ``"#2"``... (the spreadsheet's data rows).

    Raises
    ------
    CXError
        No value column, more than :data:`MAX_CUSTOMERS` rows, or values that
        :func:`abc_tiers` refuses (not numbers, negative, zero total).
    """
    import pandas as pd

    value_column = _find_column(frame, VALUE_ALIASES)
    if value_column is None and len(frame.columns) == 1:
        value_column = frame.columns[0]
    if value_column is None:
        found = ", ".join(map(str, frame.columns)) or "-"
        raise CXError("tiers.error.no_value_column", found=found)
    if len(frame) > MAX_CUSTOMERS:
        raise CXError("tiers.error.too_many", rows=len(frame), limit=MAX_CUSTOMERS)
    name_column = _find_column(frame, NAME_ALIASES)
    if name_column is None or name_column == value_column:
        names = [""] * len(frame)
    else:
        names = list(frame[name_column].astype("string").fillna("").str.strip())
    names = [str(name) or f"#{position + 1}" for position, name in enumerate(names)]
    column = str(value_column)
    table = pd.DataFrame({"name": names, column: list(frame[value_column])}, dtype=object)
    abc_tiers(table, value=column)  # validates: the errors name the learner's column and row
    numbers = _numeric_values(table, column)
    return [
        {"name": str(name), "revenue": float(revenue)}
        for name, revenue in zip(table["name"], numbers, strict=True)
    ]

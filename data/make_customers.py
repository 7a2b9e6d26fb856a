"""Generate the sample customer list and MAN prospects of the broadband case (lecture 03).

Writes, next to this script:

- ``customers.csv``: 200 synthetic home-broadband and business customers with
  ``id, name, segment, revenue, tenure_months, tenure``. Annual revenue
  is heavy-tailed (log-normal per segment, a wide one for business customers),
  so that the Pareto curve of the ABC tiers shows a few customers carrying most
  of the revenue.
- ``prospects.csv``: 7 prospects (``id``) with the true Money / Authority / Need facts
  (1 = yes, 0 = no) used as feedback in the MAN scoring exercise. Their names,
  descriptions and the explanation of the facts are catalogue entries
  (``tiers.prospect.<id>.*``), so the data hold codes only.

All names are invented. Run: ``.venv/bin/python data/make_customers.py``
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240315
HERE = Path(__file__).resolve().parent

# segment: (customers, median annual revenue in CNY, log-normal sigma)
SEGMENTS = {
    "young": (80, 1200.0, 0.30),
    "senior": (50, 900.0, 0.30),
    "high_value": (40, 3600.0, 0.45),
    "business": (30, 12000.0, 1.00),
}
# mean tenure in months by segment (exponential-like spread, capped at 10 years)
TENURE_MEAN = {"young": 14.0, "senior": 48.0, "high_value": 40.0, "business": 30.0}


def _words(text: str) -> tuple[str, ...]:
    """Split ``"王|李|..."`` into ``("王", "李", ...)``."""
    return tuple(text.split("|"))


SURNAMES = _words(
    "王|李|张|刘|陈|杨|黄|赵|吴|"
    "周|徐|孙|马|朱|胡|郭|何|林|罗|"
    "高"
)
GIVEN = _words(
    "伟|芳|娜|敏|静|丽|强|磊|洋|"
    "艳|勇|军|杰|娟|涛|明|超|"
    "秀英|桂兰|建国|晓燕|志强|"
    "海燕|子涵|浩然|雨萱|宇轩|欣怡"
)
BRANDS = _words(
    "恒信|鑫达|华盛|诚泰|嘉禾|"
    "博远|瑞丰|东升|佳和|永安|"
    "德润|新航|合众|天禧|明远|"
    "金桥"
)
TRADES = _words(
    "商贸有限公司|科技有限公司|"
    "餐饮店|物流有限公司|"
    "装饰工程部|文化传媒工作室|"
    "社区诊所|连锁酒店|律师事务所|"
    "教育培训中心"
)


def _person_names(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    names = []
    while len(names) < count:
        name = SURNAMES[rng.integers(len(SURNAMES))] + GIVEN[rng.integers(len(GIVEN))]
        if name in taken:
            continue
        taken.add(name)
        names.append(name)
    return names


def _business_names(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    names = []
    while len(names) < count:
        name = BRANDS[rng.integers(len(BRANDS))] + TRADES[rng.integers(len(TRADES))]
        if name in taken:
            continue
        taken.add(name)
        names.append(name)
    return names


def tenure_group(months: int) -> str:
    """The tenure segment of a customer: ``2y+`` (24 months or more), ``1y`` (12-23),
    ``6m`` (6-11) or ``3m`` (under 6 months)."""
    if months >= 24:
        return "2y+"
    if months >= 12:
        return "1y"
    if months >= 6:
        return "6m"
    return "3m"


def make_customers(seed: int = SEED) -> pd.DataFrame:
    """The synthetic customer list, in shuffled order, ids ``C001``..``C200``."""
    rng = np.random.default_rng(seed)
    taken: set[str] = set()
    rows = []
    for segment, (count, median, sigma) in SEGMENTS.items():
        revenue = np.round(median * np.exp(sigma * rng.standard_normal(count)), 0)
        months = np.minimum(120, 1 + rng.exponential(TENURE_MEAN[segment], count)).astype(int)
        if segment == "business":
            names = _business_names(rng, count, taken)
        else:
            names = _person_names(rng, count, taken)
        for name, value, tenure in zip(names, revenue, months, strict=True):
            rows.append(
                {
                    "name": name,
                    "segment": segment,
                    "revenue": int(value),
                    "tenure_months": int(tenure),
                    "tenure": tenure_group(int(tenure)),
                }
            )
    order = rng.permutation(len(rows))
    customers = pd.DataFrame([rows[i] for i in order])
    customers.insert(0, "id", [f"C{i:03d}" for i in range(1, len(customers) + 1)])
    return customers


# The MAN prospects: id and the true facts (1 = yes, 0 = no). What the learner reads (name,
# description) and the explanation shown as feedback are catalogue entries
# tiers.prospect.<id>.name / .description / .facts in cxwidgets/locales/tiers.json.
PROSPECTS = (
    {"id": "P1", "money": 1, "authority": 1, "need": 1},  # tea-shop chain: qualified
    {"id": "P2", "money": 1, "authority": 0, "need": 1},  # law firm's assistant: find the decision maker
    {"id": "P3", "money": 0, "authority": 1, "need": 1},  # new gym: develop the budget
    {"id": "P4", "money": 1, "authority": 1, "need": 0},  # logistics park, fresh contract: no need
    {"id": "P5", "money": 0, "authority": 0, "need": 1},  # student in a shared flat: nurture
    {"id": "P6", "money": 0, "authority": 0, "need": 0},  # passer-by: not a prospect
    {"id": "P7", "money": 1, "authority": 1, "need": 1},  # villa owner: qualified
)


def make_prospects() -> pd.DataFrame:
    """The MAN prospects (ids) with their true facts."""
    return pd.DataFrame(list(PROSPECTS))


def main() -> None:
    """Write ``customers.csv`` and ``prospects.csv`` (UTF-8 with BOM for Excel)."""
    make_customers().to_csv(HERE / "customers.csv", index=False, encoding="utf-8-sig")
    make_prospects().to_csv(HERE / "prospects.csv", index=False, encoding="utf-8-sig")


if __name__ == "__main__":
    main()

"""Generate the sample customer list and MAN prospects of the broadband case (lecture 03).

Writes, next to this script:

- ``customers.csv``: 200 synthetic home-broadband and business customers with
  ``id, name, name_en, segment, revenue, tenure_months, tenure``. Annual revenue
  is heavy-tailed (log-normal per segment, a wide one for business customers),
  so that the Pareto curve of the ABC tiers shows a few customers carrying most
  of the revenue.
- ``prospects.csv``: 7 prospects with a short description (zh and en), the true
  Money / Authority / Need facts (1 = yes, 0 = no) and an explanation of them,
  used as feedback in the MAN scoring exercise.

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


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Parse ``"中文:English|..."`` into ``(("中文", "English"), ...)``."""
    return tuple(tuple(item.split(":", 1)) for item in text.split("|"))


SURNAMES = _pairs(
    "王:Wang|李:Li|张:Zhang|刘:Liu|陈:Chen|杨:Yang|黄:Huang|赵:Zhao|吴:Wu|"
    "周:Zhou|徐:Xu|孙:Sun|马:Ma|朱:Zhu|胡:Hu|郭:Guo|何:He|林:Lin|罗:Luo|"
    "高:Gao"
)
GIVEN = _pairs(
    "伟:Wei|芳:Fang|娜:Na|敏:Min|静:Jing|丽:Li|强:Qiang|磊:Lei|洋:Yang|"
    "艳:Yan|勇:Yong|军:Jun|杰:Jie|娟:Juan|涛:Tao|明:Ming|超:Chao|"
    "秀英:Xiuying|桂兰:Guilan|建国:Jianguo|晓燕:Xiaoyan|志强:Zhiqiang|"
    "海燕:Haiyan|子涵:Zihan|浩然:Haoran|雨萱:Yuxuan|宇轩:Yuxuan|欣怡:Xinyi"
)
BRANDS = _pairs(
    "恒信:Hengxin|鑫达:Xinda|华盛:Huasheng|诚泰:Chengtai|嘉禾:Jiahe|"
    "博远:Boyuan|瑞丰:Ruifeng|东升:Dongsheng|佳和:Jiahe|永安:Yong'an|"
    "德润:Derun|新航:Xinhang|合众:Hezhong|天禧:Tianxi|明远:Mingyuan|"
    "金桥:Jinqiao"
)
TRADES = _pairs(
    "商贸有限公司:Trading Co., Ltd.|科技有限公司:Technology Co., Ltd.|"
    "餐饮店:Restaurant|物流有限公司:Logistics Co., Ltd.|"
    "装饰工程部:Decoration Works|文化传媒工作室:Media Studio|"
    "社区诊所:Community Clinic|连锁酒店:Hotel|律师事务所:Law Firm|"
    "教育培训中心:Training Centre"
)


def _person_names(rng: np.random.Generator, count: int, taken: set[str]) -> list[tuple[str, str]]:
    names = []
    while len(names) < count:
        surname = SURNAMES[rng.integers(len(SURNAMES))]
        given = GIVEN[rng.integers(len(GIVEN))]
        zh = surname[0] + given[0]
        if zh in taken:
            continue
        taken.add(zh)
        names.append((zh, f"{surname[1]} {given[1]}"))
    return names


def _business_names(rng: np.random.Generator, count: int, taken: set[str]) -> list[tuple[str, str]]:
    names = []
    while len(names) < count:
        brand = BRANDS[rng.integers(len(BRANDS))]
        trade = TRADES[rng.integers(len(TRADES))]
        zh = brand[0] + trade[0]
        if zh in taken:
            continue
        taken.add(zh)
        names.append((zh, f"{brand[1]} {trade[1]}"))
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
        for (zh, en), value, tenure in zip(names, revenue, months, strict=True):
            rows.append(
                {
                    "name": zh,
                    "name_en": en,
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


PROSPECTS = (
    {
        "id": "P1",
        "name": "甜茶连锁店",
        "name_en": "Sweet Tea chain",
        "description_zh": "五家门店的老板亲自打来电话：收银和外卖平台经常掉线，高峰期损失订单；"
        "他说今年已经留出了网络改造的钱，想尽快定方案。",
        "description_en": "The owner of five tea shops calls himself: the tills and delivery "
        "apps keep dropping offline and he loses orders at peak time; he has set "
        "money aside for the network this year and wants a plan soon.",
        "money": 1,
        "authority": 1,
        "need": 1,
        "facts_zh": "有预算（已留出改造资金）；老板本人拍板；掉线造成订单损失，需求明确且紧迫。",
        "facts_en": "Budget set aside; the owner decides himself; dropped connections cost "
        "orders, so the need is clear and urgent.",
    },
    {
        "id": "P2",
        "name": "明远律师事务所",
        "name_en": "Mingyuan Law Firm",
        "description_zh": "行政助理来营业厅索要专线报价：视频庭审经常卡顿，律所今年的 IT 预算"
        "已经批下来了；不过合同要由主任律师签字。",
        "description_en": "An office assistant asks the shop for a leased-line quote: remote "
        "court hearings freeze on video, and this year's IT budget is approved; but "
        "the senior partner signs all contracts.",
        "money": 1,
        "authority": 0,
        "need": 1,
        "facts_zh": "预算已批；但来访者没有决定权，拍板的是主任律师；视频庭审卡顿是真实痛点。",
        "facts_en": "Budget approved; the visitor cannot decide, the senior partner does; "
        "frozen video hearings are a real pain.",
    },
    {
        "id": "P3",
        "name": "新开业的动力健身房",
        "name_en": "Dynamo Gym (just opened)",
        "description_zh": "健身房老板要给会员提供 Wi-Fi、接入监控摄像头，需求很具体；但开业刚"
        "两周，装修花光了积蓄，他说“最好三个月后再付钱”。",
        "description_en": "A gym owner wants member Wi-Fi and connected cameras, with a "
        "precise list; but he opened two weeks ago, the fit-out used up his savings "
        "and he would rather pay in three months.",
        "money": 0,
        "authority": 1,
        "need": 1,
        "facts_zh": "需求明确，老板自己决定；眼下缺资金，可以考虑分期、入门套餐或先试用。",
        "facts_en": "Clear need and he decides; short of cash right now: consider "
        "instalments, a starter package or a trial.",
    },
    {
        "id": "P4",
        "name": "金桥物流园",
        "name_en": "Jinqiao Logistics Park",
        "description_zh": "园区 IT 经理预算充足，也有采购决定权；但上个月刚和另一家运营商签了"
        "三年专线合同，目前使用满意，没有换网计划。",
        "description_en": "The park's IT manager has ample budget and signs purchases; but "
        "last month he signed a three-year leased-line contract with another "
        "operator, is happy with it and has no plan to switch.",
        "money": 1,
        "authority": 1,
        "need": 0,
        "facts_zh": "有钱也有权，但现有方案满意、合同刚签：眼下没有需求，只宜保持联系。",
        "facts_en": "Money and authority, but a fresh contract he is happy with: no need "
        "for now, keep in touch only.",
    },
    {
        "id": "P5",
        "name": "合租的研究生小林",
        "name_en": "Xiao Lin, graduate student in a shared flat",
        "description_zh": "小林打游戏、上网课，嫌房东装的宽带太慢，想升级千兆；但宽带账户在房东"
        "名下，月租也由房东决定，他自己每月只能多出二三十元。",
        "description_en": "Xiao Lin games and takes online classes and finds the landlord's "
        "broadband too slow; he wants gigabit, but the account is in the landlord's "
        "name, the landlord decides, and he can spare only 20-30 yuan a month.",
        "money": 0,
        "authority": 0,
        "need": 1,
        "facts_zh": "需求真实，但既没有足够预算，也不是账户决策人：长期培育，先接触房东。",
        "facts_en": "A real need, but neither enough budget nor the decision: nurture over "
        "time, reach the landlord first.",
    },
    {
        "id": "P6",
        "name": "促销摊位前的路人",
        "name_en": "Passer-by at the promotion stand",
        "description_zh": "一位路人在小区促销摊位前停下来领了赠品；他家的宽带是单位统一办理的，"
        "他对现在的网速没意见，也不负责家里的缴费。",
        "description_en": "A passer-by stops at the promotion stand for the free gift; his "
        "broadband comes through his employer, he is fine with the speed and does not "
        "pay the household bills.",
        "money": 0,
        "authority": 0,
        "need": 0,
        "facts_zh": "没有预算、没有决定权、也没有需求：不是潜在客户，礼貌结束即可。",
        "facts_en": "No budget, no authority, no need: not a prospect; end politely.",
    },
    {
        "id": "P7",
        "name": "翠湖别墅的陈先生",
        "name_en": "Mr Chen, Cuihu villas",
        "description_zh": "陈先生的三层别墅楼上信号弱，孩子上网课经常断线；他本人是户主，"
        "主动询问全屋 Wi-Fi 组网的价格，并表示“效果好，价格不是问题”。",
        "description_en": "Mr Chen's three-storey villa has weak signal upstairs and his "
        "children's online classes drop; he owns the account, asks about whole-home "
        "Wi-Fi mesh prices and says price is no issue if it works.",
        "money": 1,
        "authority": 1,
        "need": 1,
        "facts_zh": "预算充足、户主本人决定、楼上信号弱影响网课：合格线索，尽快上门勘查出方案。",
        "facts_en": "Ample budget, the account holder decides, weak upstairs signal hurts "
        "classes: qualified, survey the house and propose soon.",
    },
)


def make_prospects() -> pd.DataFrame:
    """The MAN prospects with their true facts."""
    return pd.DataFrame(list(PROSPECTS))


def main() -> None:
    """Write ``customers.csv`` and ``prospects.csv`` (UTF-8 with BOM for Excel)."""
    make_customers().to_csv(HERE / "customers.csv", index=False, encoding="utf-8-sig")
    make_prospects().to_csv(HERE / "prospects.csv", index=False, encoding="utf-8-sig")


if __name__ == "__main__":
    main()

"""Generate the sample loyalty survey of the home-broadband running case (lecture 08).

Writes, next to this script:

- ``nps_survey.csv``: one row per respondent (wide), columns
  ``respondent, tenure, tier, recommend, csat, ces, csat_t3, csat_t5, csat_t8, csat_t10,
  csat_t11, csat_t14, csat_t15, comment``.
- ``nps_template.csv``: the upload format (long layout: one row per respondent and
  question, columns ``respondent, tenure, tier, question, answer``) for three respondents.

Questions: ``recommend`` is the 0-10 likelihood to recommend; ``csat`` the overall
satisfaction (1-5); ``ces`` the customer effort score ("the company made it easy to handle
my issue", 1-7, 7 = very easy); ``csat_tN`` the satisfaction (1-5) with touchpoint ``tN`` of
the sample journey (``data/journey_sample.json``):

======  ===========================================  ==========================
column  touchpoint                                    answered by
======  ===========================================  ==========================
t3      hotline: can my home get gigabit?             everyone
t5      one-tap online order and ID check             everyone
t8      installer on time                             everyone
t10     speed test and Wi-Fi app shown on the spot    everyone
t11     evening peak: video and games                 everyone
t14     technician fixes the fault                    those who reported a fault
t15     contract-end reminder and renewal offer       customers of a year or more
======  ===========================================  ==========================

How the data are made (synthetic, reproducible, seed ``SEED``):

1. Tier and tenure as in the other sample surveys (``make_kano.py``'s mix) (seniors stay long, young customers are
   more often new).
2. Each touchpoint has a latent quality per respondent (normal, touchpoint mean, a little
   segment shift); its 1-5 answer is the rounded, clipped latent.
3. About half the respondents reported a fault; their repair took 0-5 days (longer for
   business customers' sites less often); the repair answer falls with the days waited.
4. Likelihood to recommend is a weighted sum of the touchpoints' latent qualities plus
   noise, cut into 0-10. Repair carries the largest weight (a slow repair makes
   detractors), evening-peak speed the next; installation punctuality weighs a lot for new
   customers (3 and 6 months) and little for customers of two years or more, whose
   installation is long past; the renewal offer weighs for customers of a year or more.
5. CES follows the repair and hotline experience; overall CSAT follows recommend.
6. About 75% leave a comment, assembled from short Chinese phrases about the touchpoints
   they rated lowest (detractors) or highest (promoters), with a little general talk; a
   comment names the touchpoint in the customer's words (维修, 装维师傅, 晚上网速 ...).
7. 2% of touchpoint answers are left blank (skipped questions).

Run: ``.venv/bin/python data/make_nps.py``
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240808
N_RESPONDENTS = 600
BLANK_RATE = 0.02
COMMENT_RATE = 0.75

HERE = Path(__file__).resolve().parent

# The segment mix of the other sample surveys (one definition, in make_kano.py).
from make_kano import TENURE_BY_TIER, TENURES, TIER_SHARES, TIERS  # noqa: E402

TOUCHPOINTS = ("t3", "t5", "t8", "t10", "t11", "t14", "t15")
# Mean latent quality on the 1-5 scale and its spread.
MEANS = {"t3": 3.6, "t5": 4.3, "t8": 3.7, "t10": 4.1, "t11": 3.5, "t14": 3.4, "t15": 3.2}
SPREAD = 0.9
# Weight of each touchpoint's latent quality in the likelihood to recommend (t8: by tenure).
WEIGHTS = {"t3": 0.25, "t5": 0.15, "t10": 0.2, "t11": 0.75, "t14": 1.3, "t15": 0.4}
# Installation punctuality weighs with how recent the installation is.
INSTALL_WEIGHT = {"3m": 1.5, "6m": 1.1, "1y": 0.4, "2y+": 0.15}
FAULT_RATE = 0.5
BASE_RECOMMEND = 7.9
NOISE = 1.0

# Phrases of the comments (Chinese, as customers write them), by touchpoint and tone.
BAD = {
    "t3": ["热线打了好几次才打通", "客服说不清楚能不能装千兆", "咨询的时候没人讲明白资费"],
    "t5": ["网上办理实名认证老是失败", "下单页面太复杂"],
    "t8": ["装维师傅迟到了两个小时", "约好上午来结果下午才到", "师傅临时改约，我又请了一天假",
           "上门时间不准时"],
    "t10": ["装完没测速就走了", "师傅没教怎么用App管理Wi-Fi"],
    "t11": ["晚上网速慢", "看视频卡", "打游戏延迟高", "晚高峰网络不稳定", "一到晚上就卡"],
    "t14": ["报修后等了三天才有人来", "维修太慢", "断网两天没人管", "修了两次还是不好",
            "报修后一直没人联系我", "维修太慢了，等了好几天", "修得太慢"],
    "t15": ["老用户续约反而更贵", "续约价格比新用户贵", "续约没有任何优惠"],
}
GOOD = {
    "t3": ["客服解释得很清楚", "热线很快就接通了"],
    "t5": ["网上办理很方便", "几分钟就办好了"],
    "t8": ["装维师傅准时上门", "师傅很准时还穿了鞋套", "安装准时，很专业"],
    "t10": ["师傅当场测速，还教我用App", "光猫和线都整理得很整齐"],
    "t11": ["网速快，很稳定", "晚上看视频也不卡", "千兆网速很快"],
    "t14": ["维修当天就修好了", "报修后师傅很快上门", "维修师傅很负责"],
    "t15": ["续约有老用户优惠", "续约很划算"],
}
GENERAL_BAD = ["价格有点贵", "总体一般", "感觉不太值"]
GENERAL_GOOD = ["总体满意", "性价比高", "会推荐给朋友"]
GENERAL_MID = ["还行吧", "总体还可以", "基本满意"]


def _segments(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    tiers = rng.choice(TIERS, size=N_RESPONDENTS, p=[TIER_SHARES[t] for t in TIERS])
    tenures = np.array([rng.choice(TENURES, p=TENURE_BY_TIER[tier]) for tier in tiers])
    return tenures, tiers


def _latent(rng: np.random.Generator, tenures: np.ndarray, tiers: np.ndarray) -> pd.DataFrame:
    latent = {tp: rng.normal(MEANS[tp], SPREAD, N_RESPONDENTS) for tp in TOUCHPOINTS}
    latent["t11"] = latent["t11"] - 0.3 * (tiers == "young")  # gamers feel the evening peak
    latent["t15"] = latent["t15"] - 0.3 * (tenures == "2y+")  # loyal customers see new deals
    fault = rng.random(N_RESPONDENTS) < FAULT_RATE
    days = rng.choice([0, 1, 2, 3, 4, 5], size=N_RESPONDENTS, p=[0.3, 0.25, 0.18, 0.12, 0.1, 0.05])
    latent["t14"] = 4.4 - 0.6 * days + rng.normal(0, 0.5, N_RESPONDENTS)
    frame = pd.DataFrame(latent)
    frame["fault"] = fault
    return frame


def _recommend(
    rng: np.random.Generator, latent: pd.DataFrame, tenures: np.ndarray
) -> np.ndarray:
    score = np.full(N_RESPONDENTS, BASE_RECOMMEND)
    for tp in TOUCHPOINTS:
        if tp == "t8":
            weight = np.array([INSTALL_WEIGHT[t] for t in tenures])
        else:
            weight = np.full(N_RESPONDENTS, WEIGHTS[tp])
        deviation = latent[tp] - MEANS[tp]
        if tp == "t14":
            deviation = np.where(latent["fault"], latent[tp] - MEANS[tp], 0.0)
        if tp == "t15":
            deviation = np.where(np.isin(tenures, ("1y", "2y+")), deviation, 0.0)
        score = score + weight * deviation
    score = score + rng.normal(0, NOISE, N_RESPONDENTS)
    return np.clip(np.rint(score), 0, 10).astype(int)


def _answer(values: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(values), 1, 5).astype(int)


def _comment(rng: np.random.Generator, row: dict, recommend: int) -> str:
    rated = {tp: row[f"csat_{tp}"] for tp in TOUCHPOINTS if not pd.isna(row[f"csat_{tp}"])}
    order = sorted(rated, key=lambda tp: (rated[tp], rng.random()))
    phrases: list[str] = []
    if recommend <= 6:
        for tp in order[: rng.integers(1, 3)]:
            if rated[tp] <= 3:
                phrases.append(str(rng.choice(BAD[tp])))
        if rng.random() < 0.35:
            phrases.append(str(rng.choice(GENERAL_BAD)))
    elif recommend >= 9:
        for tp in order[::-1][: rng.integers(1, 3)]:
            if rated[tp] >= 4:
                phrases.append(str(rng.choice(GOOD[tp])))
        if rng.random() < 0.4:
            phrases.append(str(rng.choice(GENERAL_GOOD)))
    else:
        low, high = order[0], order[-1]
        if rated[high] >= 4:
            phrases.append(str(rng.choice(GOOD[high])))
        if rated[low] <= 3:
            phrases.append(str(rng.choice(BAD[low])))
        if rng.random() < 0.5:
            phrases.append(str(rng.choice(GENERAL_MID)))
    if not phrases:
        pool = GENERAL_BAD if recommend <= 6 else GENERAL_GOOD if recommend >= 9 else GENERAL_MID
        phrases.append(str(rng.choice(pool)))
    return "，".join(phrases) + "。"


def make_survey(seed: int = SEED) -> pd.DataFrame:
    """The sample survey (one row per respondent), reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    tenures, tiers = _segments(rng)
    latent = _latent(rng, tenures, tiers)
    recommend = _recommend(rng, latent, tenures)
    frame = pd.DataFrame(
        {
            "respondent": [f"N{i:03d}" for i in range(1, N_RESPONDENTS + 1)],
            "tenure": tenures,
            "tier": tiers,
            "recommend": recommend,
        }
    )
    frame["csat"] = np.clip(np.rint(1 + recommend * 0.4 + rng.normal(0, 0.6, N_RESPONDENTS)), 1, 5)
    effort = 4.6 + 0.6 * np.where(latent["fault"], latent["t14"] - 3.4, 0.4) + 0.4 * (
        latent["t3"] - MEANS["t3"]
    )
    frame["ces"] = np.clip(np.rint(effort + rng.normal(0, 0.8, N_RESPONDENTS)), 1, 7)
    for tp in TOUCHPOINTS:
        answers = _answer(latent[tp].to_numpy()).astype(float)
        if tp == "t14":
            answers[~latent["fault"].to_numpy()] = np.nan
        if tp == "t15":
            answers[~np.isin(tenures, ("1y", "2y+"))] = np.nan
        answers[rng.random(N_RESPONDENTS) < BLANK_RATE] = np.nan
        frame[f"csat_{tp}"] = answers
    comments = []
    for row, score in zip(frame.to_dict("records"), recommend, strict=True):
        comments.append(_comment(rng, row, int(score)) if rng.random() < COMMENT_RATE else "")
    frame["comment"] = comments
    for column in ("csat", "ces", *(f"csat_{tp}" for tp in TOUCHPOINTS)):
        frame[column] = frame[column].astype("Int64")
    return frame


def make_template(survey: pd.DataFrame) -> pd.DataFrame:
    """The long-layout upload template: three respondents of the survey."""
    rows = []
    questions = ("recommend", "csat", "ces", *(f"csat_{tp}" for tp in TOUCHPOINTS), "comment")
    for record in survey.head(3).to_dict("records"):
        for question in questions:
            value = record[question]
            if pd.isna(value) or value == "":
                continue
            rows.append(
                {
                    "respondent": record["respondent"],
                    "tenure": record["tenure"],
                    "tier": record["tier"],
                    "question": question,
                    "answer": value,
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    survey = make_survey()
    survey.to_csv(HERE / "nps_survey.csv", index=False, encoding="utf-8-sig")
    make_template(survey).to_csv(HERE / "nps_template.csv", index=False, encoding="utf-8-sig")
    print(f"nps_survey.csv: {len(survey)} respondents")


if __name__ == "__main__":
    main()

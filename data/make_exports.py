"""Make example survey-tool exports of the course's sample surveys (lectures 02, 03, 08).

Trainers' own survey data come as exports of 问卷星 (wjx.cn), 腾讯问卷 (wj.qq.com), Google
Forms or hand-made Excel files: one row per respondent, one column per question, the question
*text* as header and the answers as the option *labels*. This script rewrites the three sample
surveys in those layouts, so that importing an export must give exactly the analysis of the
sample it was made from. Reads ``kano_survey.csv``, ``servqual_survey.csv`` and
``nps_survey.csv`` next to this script and writes, into ``exports/``:

=============================  ==========================================================
file                           made from / layout
=============================  ==========================================================
``kano_wjx.xlsx``              KANO, 问卷星 "按选项文本导出"
``kano_tencent.csv``           KANO, 腾讯问卷 CSV (label variants 喜欢 / 理应如此 ...)
``kano_tencent_skips.csv``     KANO, 腾讯问卷, first 12 respondents with a few skipped answers
``servqual_excel.xlsx``        SERVQUAL, a trainer's hand-made Excel sheet (wide)
``servqual_google_forms.csv``  SERVQUAL, Google Forms (English, grid questions)
``nps_wjx.xlsx``               NPS / CSAT / CES, 问卷星
``nps_google_forms.csv``       NPS / CSAT / CES, Google Forms (English)
=============================  ==========================================================

Every label and its code is listed in the tables below (and in ``data/README.md``). Respondents
keep the sample's order: row *n* (序号 / 编号 *n*, or the *n*-th Google Forms row) is the sample's
*n*-th respondent. Nothing is random: submission times, durations, sources and IP addresses
are fake values computed from the row number. XLSX files are written byte for byte the same on
every run (fixed document times and zip entry dates).

Run: ``.venv/bin/python data/make_exports.py``
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
OUT = HERE / "exports"

Row = list[Any]
Table = tuple[list[str], list[Row]]

#: The time written into XLSX document properties (so that a rebuild is byte-identical).
DOC_TIME = dt.datetime(2026, 3, 20, 8, 0, 0)
ZIP_TIME = (2026, 3, 20, 8, 0, 0)

# --------------------------------------------------------------------------- segments
TENURE_QUESTION_ZH = "您使用我们的宽带多久了？"
TIER_QUESTION_ZH = "您属于哪类客户？"
TENURE_QUESTION_EN = "How long have you been our customer?"
TIER_QUESTION_EN = "Which customer group are you in?"

#: Segment option texts per tool (code -> text); ``data/README.md`` lists the same.
TENURE_WJX = {"2y+": "2年以上", "1y": "1-2年", "6m": "6个月-1年", "3m": "6个月以内"}
TIER_WJX = {"high_value": "全球通/高价值客户", "senior": "银发客户", "young": "年轻客户",
            "business": "商客（企业/商铺）"}
TENURE_TENCENT = {"2y+": "两年以上", "1y": "一到两年", "6m": "半年到一年", "3m": "不到半年"}
TIER_TENCENT = {"high_value": "高价值客户", "senior": "老年客户", "young": "年轻用户",
                "business": "企业/商铺客户"}
TENURE_EXCEL = {"2y+": "两年以上", "1y": "一年", "6m": "半年", "3m": "三个月"}
TIER_EXCEL = {"high_value": "全球通/高价值", "senior": "银发", "young": "年轻", "business": "商客"}
TENURE_EN = {"2y+": "More than 2 years", "1y": "1-2 years", "6m": "6-12 months",
             "3m": "Less than 6 months"}
TIER_EN = {"high_value": "High-value customer", "senior": "Senior customer",
           "young": "Young customer", "business": "Business customer"}

# --------------------------------------------------------------------------- KANO
KANO_WJX = {1: "我很喜欢", 2: "理所当然", 3: "无所谓", 4: "能忍受", 5: "我很不喜欢"}
KANO_TENCENT = {1: "喜欢", 2: "理应如此", 3: "无所谓", 4: "可以忍受", 5: "不喜欢"}

#: feature code -> (condition of the functional question, of the dysfunctional question).
KANO_QUESTIONS = {
    "speed_as_promised": ("宽带网速总能达到套餐承诺的速率", "宽带网速经常达不到套餐承诺的速率"),
    "install_on_time": ("装机师傅总能在约定的时间准时上门", "装机师傅不能在约定的时间准时上门"),
    "repair_2h": ("报修后2小时内就有人响应", "报修后2小时内没有人响应"),
    "clear_bill": ("每月的账单清晰易懂", "每月的账单不清晰、看不明白"),
    "one_stop": ("所有业务在一个窗口或一次就能办完", "办业务不能一次办完，要跑好几个地方"),
    "wifi_whole_home": ("免费为您提供全屋Wi-Fi覆盖", "不提供免费的全屋Wi-Fi覆盖"),
    "loyalty_discount": ("老用户续约时能享受专属优惠", "老用户续约时没有任何优惠"),
    "app_self_report": ("可以在手机APP上自助报障", "不能在手机APP上自助报障"),
    "account_manager": ("为您配备专属客户经理", "没有为您配备专属客户经理"),
    "technician_uniform": ("装维人员统一着装、穿戴规范", "装维人员着装随意、不规范"),
}

#: Cells left blank in ``kano_tencent_skips.csv``: (respondent, question), question being
#: ``tier`` or (feature, ``functional`` | ``dysfunctional``).
KANO_SKIPS: tuple[tuple[str, Any], ...] = (
    ("R003", ("repair_2h", "dysfunctional")),
    ("R005", ("account_manager", "functional")),
    ("R005", ("account_manager", "dysfunctional")),
    ("R008", ("app_self_report", "functional")),
    ("R010", "tier"),
)
KANO_SKIPS_RESPONDENTS = 12

# --------------------------------------------------------------------------- SERVQUAL
#: Short Chinese item names of a trainer's sheet ("期望1 设备现代化").
SERVQUAL_SHORT = {
    1: "设备现代化", 2: "营业厅与App整洁易用", 3: "装维人员仪表", 4: "资料账单清楚",
    5: "按时兑现承诺", 6: "真心解决问题", 7: "一次做好", 8: "约定时段上门",
    9: "账单准确无误", 10: "告知办理时间", 11: "报修迅速响应", 12: "乐意帮忙",
    13: "忙时及时回复", 14: "言行让人放心", 15: "信息财物安全", 16: "礼貌待人",
    17: "专业知识", 18: "个别关照", 19: "服务时间方便", 20: "专人跟进",
    21: "关心长远利益", 22: "了解具体需要",
}
#: English item texts (``servqual.item.<n>.text`` of ``cxwidgets/locales/servqual.json``).
SERVQUAL_EN = {
    1: "The modem, router and other equipment installed at home are up to date and work well",
    2: "Service halls and the mobile app are tidy, clearly signposted and easy to find your way in",
    3: "Installers arrive neatly dressed, wear an ID badge and put on shoe covers",
    4: "Plan leaflets, bills and installation receipts are clear and easy to understand",
    5: "What they promise to do by a certain time (activation, a call back) is done by then",
    6: "When I have a fault, staff show a sincere interest in solving it",
    7: "Installation or repair is done right the first time, with no second visit",
    8: "The technician arrives within the agreed time slot",
    9: "Bills, plan details and charges are recorded without errors",
    10: "They tell me exactly when the line will be activated, when they will visit and when "
        "it will be fixed",
    11: "Faults I report get a prompt response",
    12: "Staff are always willing to help",
    13: "However busy they are, my questions (hotline, online chat) are answered in good time",
    14: "The way staff behave gives me confidence",
    15: "My personal data and my home are safe when I deal with them or they visit",
    16: "Staff are consistently courteous",
    17: "Staff have the knowledge to answer my questions",
    18: "They give me individual attention",
    19: "Their service hours suit me (e.g. evening and weekend visits)",
    20: "Someone follows up my case personally",
    21: "They have my best interests at heart (e.g. recommend the plan that really suits me)",
    22: "Staff understand my specific needs (e.g. older users, working from home)",
}
SERVQUAL_ENDS_ZH = {1: "1 非常不同意", 7: "7 非常同意"}
SERVQUAL_ENDS_EN = {1: "1 - Strongly disagree", 7: "7 - Strongly agree"}
#: In the Excel sheet, every cell whose running number (row x 44 + column) leaves this
#: remainder modulo ``TEXT_NUMBER_EVERY`` holds its 2-6 rating as text ("5", not 5).
TEXT_NUMBER_EVERY = 61
TEXT_NUMBER_AT = 17

# --------------------------------------------------------------------------- NPS
TOUCHPOINTS = ("t3", "t5", "t8", "t10", "t11", "t14", "t15")
RECOMMEND_ENDS_ZH = {0: "0（完全不可能）", 10: "10（非常可能）"}
CSAT_ZH = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意"}
CES_ZH = {1: "非常不同意", 2: "不同意", 3: "比较不同意", 4: "一般", 5: "比较同意", 6: "同意",
          7: "非常同意"}
CSAT_EN = {1: "Very dissatisfied", 2: "Dissatisfied", 3: "Neither satisfied nor dissatisfied",
           4: "Satisfied", 5: "Very satisfied"}
CES_EN = {1: "Strongly disagree", 2: "Disagree", 3: "Somewhat disagree",
          4: "Neither agree nor disagree", 5: "Somewhat agree", 6: "Agree", 7: "Strongly agree"}
#: 问卷星's marks for an answer not given: a question skipped by jump logic, an empty text box.
WJX_SKIPPED = "(跳过)"
WJX_EMPTY = "(空)"

NPS_QUESTIONS_ZH = {
    "recommend": "您有多大可能把我们的宽带推荐给亲友？",
    "csat": "总体而言，您对我们的宽带服务满意吗？",
    "ces": "您是否同意：“这次办理业务，宽带公司让我很省力。”",
    "t3": "您对「热线咨询（如问能否装千兆）」的满意度是？",
    "t5": "您对「线上下单和实名认证」的满意度是？",
    "t8": "您对「装维师傅准时上门」的满意度是？",
    "t10": "您对「安装时现场测速、教您用App管Wi-Fi」的满意度是？",
    "t11": "您对「晚高峰（看视频、打游戏时）的网速」的满意度是？",
    "t14": "您对「最近一次故障维修」的满意度是？",
    "t15": "您对「合约到期提醒和续约报价」的满意度是？",
    "comment": "您给出这个评分的主要原因是？",
}
NPS_QUESTIONS_EN = {
    "recommend": "How likely are you to recommend us to a friend or colleague?",
    "csat": "Overall, how satisfied are you with our broadband service?",
    "ces": "The company made it easy for me to handle my issue.",
    "comment": "What is the main reason for your score?",
}
NPS_GRID_EN = "How satisfied are you with each of the following?"
NPS_ROWS_EN = {
    "t3": "Hotline enquiry (e.g. whether gigabit is available)",
    "t5": "Online order and ID check",
    "t8": "Installer arriving on time",
    "t10": "Speed test and Wi-Fi app shown at installation",
    "t11": "Speed at evening peak hours",
    "t14": "Your most recent fault repair",
    "t15": "Contract-end reminder and renewal offer",
}

# --------------------------------------------------------------------------- fake metadata
#: (IP prefix, 问卷星 place, province, city) of the fake respondents.
PLACES = (
    ("112.64", "上海-上海", "上海", "上海"),
    ("180.168", "江苏-南京", "江苏", "南京"),
    ("115.236", "浙江-杭州", "浙江", "杭州"),
    ("58.212", "江苏-苏州", "江苏", "苏州"),
    ("101.87", "上海-上海", "上海", "上海"),
    ("183.136", "浙江-宁波", "浙江", "宁波"),
)


def submitted(n: int, start: dt.datetime) -> dt.datetime:
    """The fake submission time of row ``n`` (1-based): 40 a day, about 20 minutes apart."""
    day, slot = divmod(n - 1, 40)
    return start + dt.timedelta(days=day, seconds=1200 * slot + (n * 7919) % 600)


def seconds_taken(n: int, base: int) -> int:
    """The fake answering time of row ``n`` in seconds, ``base`` to ``base + 239``."""
    return base + (n * 73) % 240


def place(n: int) -> tuple[str, str, str, str]:
    """The fake place of row ``n``."""
    return PLACES[(n * 5) % len(PLACES)]


def wjx_meta(n: int, start: dt.datetime, base_seconds: int) -> Row:
    """问卷星's first six columns for row ``n``."""
    prefix, where, _, _ = place(n)
    ip = f"{prefix}.{(n * 37) % 254 + 1}.{(n * 101) % 254 + 1}({where})"
    when = submitted(n, start)
    wechat = n % 3 == 0
    return [
        n,
        f"{when.year}/{when.month}/{when.day} {when.hour}:{when:%M:%S}",
        f"{seconds_taken(n, base_seconds)}秒",
        "微信" if wechat else "手机提交",
        "微信群" if wechat else "直接访问",
        ip,
    ]


WJX_META = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]


def google_timestamp(when: dt.datetime) -> str:
    """A Google Forms timestamp such as ``2026/03/14 9:41:07 AM GMT+8``."""
    hour = when.hour % 12 or 12
    half = "AM" if when.hour < 12 else "PM"
    return f"{when:%Y/%m/%d} {hour}:{when:%M:%S} {half} GMT+8"


def _label(value: Any, labels: dict[int, str]) -> Any:
    """The label of a code, or ``None`` for a missing answer."""
    return None if pd.isna(value) else labels[int(value)]


def _number(value: Any, ends: dict[int, str]) -> Any:
    """A rating as a number, the end points as their label, ``None`` when missing."""
    if pd.isna(value):
        return None
    return ends.get(int(value), int(value))


# --------------------------------------------------------------------------- KANO files
def _kano_wide(kano: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """One row per respondent: segments and (functional, dysfunctional) per feature."""
    features = list(dict.fromkeys(kano["feature"]))
    people = kano.drop_duplicates("respondent").set_index("respondent")[["tenure", "tier"]]
    answers = kano.pivot(index="respondent", columns="feature",
                         values=["functional", "dysfunctional"])
    answers.columns = [f"{which}:{feature}" for which, feature in answers.columns]
    return people.join(answers), features


def kano_wjx(kano: pd.DataFrame) -> Table:
    """The KANO sample as a 问卷星 export (option texts)."""
    wide, features = _kano_wide(kano)
    header = [*WJX_META, f"1、{TENURE_QUESTION_ZH}", f"2、{TIER_QUESTION_ZH}"]
    for i, feature in enumerate(features):
        positive, negative = KANO_QUESTIONS[feature]
        header += [f"{3 + 2 * i}、如果{positive}，您的感受是？",
                   f"{4 + 2 * i}、如果{negative}，您的感受是？"]
    rows = []
    start = dt.datetime(2026, 3, 9, 8, 30, 0)
    for n, (_, person) in enumerate(wide.iterrows(), start=1):
        row = [*wjx_meta(n, start, 120), TENURE_WJX[person["tenure"]], TIER_WJX[person["tier"]]]
        for feature in features:
            row += [KANO_WJX[person[f"functional:{feature}"]],
                    KANO_WJX[person[f"dysfunctional:{feature}"]]]
        rows.append(row)
    return header, rows


def _tencent_rows(wide: pd.DataFrame, features: list[str],
                  skips: Sequence[tuple[str, Any]] = ()) -> list[Row]:
    start = dt.datetime(2026, 3, 11, 9, 10, 0)
    rows = []
    for n, (respondent, person) in enumerate(wide.iterrows(), start=1):
        end = submitted(n, start)
        begin = end - dt.timedelta(seconds=seconds_taken(n, 110))
        taken = seconds_taken(n, 110)
        _, _, province, city = place(n)
        row: Row = [n, f"{begin:%Y-%m-%d %H:%M:%S}", f"{end:%Y-%m-%d %H:%M:%S}",
                    f"{taken // 60}分{taken % 60}秒", "中国", province, city,
                    TENURE_TENCENT[person["tenure"]],
                    None if (respondent, "tier") in skips else TIER_TENCENT[person["tier"]]]
        for feature in features:
            for which in ("functional", "dysfunctional"):
                skipped = (respondent, (feature, which)) in skips
                row.append(None if skipped else KANO_TENCENT[person[f"{which}:{feature}"]])
        rows.append(row)
    return rows


def _tencent_header(features: list[str]) -> list[str]:
    header = ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区",
              "地理位置省", "地理位置市", f"Q1:{TENURE_QUESTION_ZH}", f"Q2:{TIER_QUESTION_ZH}"]
    for i, feature in enumerate(features):
        positive, negative = KANO_QUESTIONS[feature]
        header += [f"Q{3 + 2 * i}:如果{positive}，您的感受是？",
                   f"Q{4 + 2 * i}:如果{negative}，您的感受是？"]
    return header


def kano_tencent(kano: pd.DataFrame) -> Table:
    """The KANO sample as a 腾讯问卷 export, every answer given."""
    wide, features = _kano_wide(kano)
    return _tencent_header(features), _tencent_rows(wide, features)


def kano_tencent_skips(kano: pd.DataFrame) -> Table:
    """The first ``KANO_SKIPS_RESPONDENTS`` respondents, with the ``KANO_SKIPS`` cells blank."""
    wide, features = _kano_wide(kano)
    return (_tencent_header(features),
            _tencent_rows(wide.head(KANO_SKIPS_RESPONDENTS), features, KANO_SKIPS))


# --------------------------------------------------------------------------- SERVQUAL files
def _servqual_wide(servqual: pd.DataFrame) -> pd.DataFrame:
    people = servqual.drop_duplicates("respondent").set_index("respondent")[["tenure", "tier"]]
    ratings = servqual.pivot(index="respondent", columns="item",
                             values=["expectation", "perception"])
    ratings.columns = [f"{which}:{item}" for which, item in ratings.columns]
    return people.join(ratings)


def _excel_rating(value: Any, cell_number: int) -> Any:
    rating = _number(value, SERVQUAL_ENDS_ZH)
    if isinstance(rating, int) and cell_number % TEXT_NUMBER_EVERY == TEXT_NUMBER_AT:
        return str(rating)
    return rating


def servqual_excel(servqual: pd.DataFrame) -> Table:
    """The SERVQUAL sample as a trainer's hand-made Excel sheet."""
    wide = _servqual_wide(servqual)
    header = ["受访者", "入网时长", "客户类型"]
    header += [f"期望{n} {SERVQUAL_SHORT[n]}" for n in range(1, 23)]
    header += [f"感知{n} {SERVQUAL_SHORT[n]}" for n in range(1, 23)]
    rows = []
    for r, (respondent, person) in enumerate(wide.iterrows()):
        row: Row = [respondent, TENURE_EXCEL[person["tenure"]], TIER_EXCEL[person["tier"]]]
        values = [person[f"{which}:{n}"] for which in ("expectation", "perception")
                  for n in range(1, 23)]
        row += [_excel_rating(v, r * 44 + c) for c, v in enumerate(values)]
        rows.append(row)
    return header, rows


def servqual_google_forms(servqual: pd.DataFrame) -> Table:
    """The SERVQUAL sample as a Google Forms export (English, two grid questions)."""
    wide = _servqual_wide(servqual)
    header = ["Timestamp", TENURE_QUESTION_EN, TIER_QUESTION_EN]
    header += [f"Expectation [{SERVQUAL_EN[n]}]" for n in range(1, 23)]
    header += [f"Perception [{SERVQUAL_EN[n]}]" for n in range(1, 23)]
    start = dt.datetime(2026, 3, 14, 9, 2, 0)
    rows = []
    for n, (_, person) in enumerate(wide.iterrows(), start=1):
        row: Row = [google_timestamp(submitted(n, start)), TENURE_EN[person["tenure"]],
                    TIER_EN[person["tier"]]]
        row += [_number(person[f"{which}:{i}"], SERVQUAL_ENDS_EN)
                for which in ("expectation", "perception") for i in range(1, 23)]
        rows.append(row)
    return header, rows


# --------------------------------------------------------------------------- NPS files
def nps_wjx(nps: pd.DataFrame) -> Table:
    """The loyalty sample as a 问卷星 export (option texts)."""
    codes = ["recommend", "csat", "ces", *TOUCHPOINTS, "comment"]
    header = [*WJX_META, f"1、{TENURE_QUESTION_ZH}", f"2、{TIER_QUESTION_ZH}"]
    header += [f"{3 + i}、{NPS_QUESTIONS_ZH[code]}" for i, code in enumerate(codes)]
    start = dt.datetime(2026, 3, 16, 8, 15, 0)
    rows = []
    for n, person in enumerate(nps.to_dict("records"), start=1):
        row = [*wjx_meta(n, start, 60), TENURE_WJX[person["tenure"]], TIER_WJX[person["tier"]]]
        row += [_number(person["recommend"], RECOMMEND_ENDS_ZH),
                CSAT_ZH[int(person["csat"])], CES_ZH[int(person["ces"])]]
        row += [_label(person[f"csat_{tp}"], CSAT_ZH) or WJX_SKIPPED for tp in TOUCHPOINTS]
        comment = person["comment"]
        row.append(WJX_EMPTY if pd.isna(comment) or comment == "" else comment)
        rows.append(row)
    return header, rows


def nps_google_forms(nps: pd.DataFrame) -> Table:
    """The loyalty sample as a Google Forms export (English)."""
    header = ["Timestamp", TENURE_QUESTION_EN, TIER_QUESTION_EN, NPS_QUESTIONS_EN["recommend"],
              NPS_QUESTIONS_EN["csat"], NPS_QUESTIONS_EN["ces"]]
    header += [f"{NPS_GRID_EN} [{NPS_ROWS_EN[tp]}]" for tp in TOUCHPOINTS]
    header.append(NPS_QUESTIONS_EN["comment"])
    start = dt.datetime(2026, 3, 18, 10, 5, 0)
    rows = []
    for n, person in enumerate(nps.to_dict("records"), start=1):
        row: Row = [google_timestamp(submitted(n, start)), TENURE_EN[person["tenure"]],
                    TIER_EN[person["tier"]], int(person["recommend"]),
                    CSAT_EN[int(person["csat"])], CES_EN[int(person["ces"])]]
        row += [_label(person[f"csat_{tp}"], CSAT_EN) for tp in TOUCHPOINTS]
        comment = person["comment"]
        row.append(None if pd.isna(comment) else comment)
        rows.append(row)
    return header, rows


# --------------------------------------------------------------------------- writers
def write_csv(path: Path, table: Table, *, bom: bool, quote_all: bool) -> None:
    """Write ``table`` as CSV (``None`` is an empty field)."""
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig" if bom else "utf-8"))


def _fixed_zip(data: bytes) -> bytes:
    """The XLSX ``data`` again with fixed zip entry dates and document times."""
    stamp = DOC_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rf"\g<1>{stamp}",
                              text)
                content = text.encode("utf-8")
            target.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_xlsx(path: Path, table: Table, sheet: str) -> None:
    """Write ``table`` as a one-sheet XLSX file, the same bytes on every run."""
    header, rows = table
    book = Workbook()
    book.properties.creator = "cx-course"
    book.properties.created = DOC_TIME
    book.properties.modified = DOC_TIME
    book.properties.lastModifiedBy = "cx-course"
    page = book.active
    page.title = sheet
    page.append(header)
    for row in rows:
        page.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_fixed_zip(buffer.getvalue()))


def read_samples(folder: Path = HERE) -> dict[str, pd.DataFrame]:
    """The three sample surveys, as the other ``make_*.py`` scripts wrote them."""
    return {
        name: pd.read_csv(folder / f"{name}_survey.csv", encoding="utf-8-sig",
                          keep_default_na=False, na_values=[""])
        for name in ("kano", "servqual", "nps")
    }


#: file name -> (sample, builder, writer)
FILES: dict[str, tuple[str, Callable[[pd.DataFrame], Table], Callable[[Path, Table], None]]] = {
    "kano_wjx.xlsx": ("kano", kano_wjx, lambda p, t: write_xlsx(p, t, "Sheet1")),
    "kano_tencent.csv": ("kano", kano_tencent,
                         lambda p, t: write_csv(p, t, bom=True, quote_all=False)),
    "kano_tencent_skips.csv": ("kano", kano_tencent_skips,
                               lambda p, t: write_csv(p, t, bom=True, quote_all=False)),
    "servqual_excel.xlsx": ("servqual", servqual_excel,
                            lambda p, t: write_xlsx(p, t, "问卷结果")),
    "servqual_google_forms.csv": ("servqual", servqual_google_forms,
                                  lambda p, t: write_csv(p, t, bom=False, quote_all=True)),
    "nps_wjx.xlsx": ("nps", nps_wjx, lambda p, t: write_xlsx(p, t, "Sheet1")),
    "nps_google_forms.csv": ("nps", nps_google_forms,
                             lambda p, t: write_csv(p, t, bom=False, quote_all=True)),
}


def build(out: Path = OUT, samples: Path = HERE) -> list[Path]:
    """Write every export of ``FILES`` into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    data = read_samples(samples)
    written = []
    for name, (sample, builder, writer) in FILES.items():
        writer(out / name, builder(data[sample]))
        written.append(out / name)
    return written


def main() -> None:
    """Write the exports into ``data/exports/``."""
    for path in build():
        print(f"{path.relative_to(HERE)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

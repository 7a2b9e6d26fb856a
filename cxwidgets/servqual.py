"""SERVQUAL: the 22-item service-quality questionnaire and its gap scores (lecture 02).

Source: Parasuraman, Zeithaml & Berry (1988), "SERVQUAL: a multiple-item scale
for measuring consumer perceptions of service quality", Journal of Retailing
64(1); item structure as refined in 1991. Each of the 22 items is rated twice
on a 7-point scale: what an excellent provider would do (expectation, E) and
what this provider does (perception, P). The gap of one answer is ``P - E``
(negative: the service falls short).

Figures computed here:

* item gap = mean of ``P - E`` over the answers to that item;
* dimension gap = mean of ``P - E`` over all answers of that dimension's items;
* unweighted SERVQUAL score = mean of the five dimension gaps;
* weighted SERVQUAL score = ``sum(gap_d * w_d / 100)``, with the 100 importance
  points ``w_d`` the respondent shares across the five dimensions.

An answer with either rating missing is left out of every figure; it is never
counted as zero.

The item wording is the course's own, written for home broadband. ``ITEMS`` is
a **tuple of frozen dataclasses** (:class:`Item`); :func:`items_frame` gives the
same content as a DataFrame.

Data layout (the public API): a *long* DataFrame with one row per answer and
the columns ``respondent``, ``item`` (1-22), ``expectation`` and
``perception`` (1-7), optionally segment columns such as ``tenure`` and
``tier``. :func:`read_responses` also accepts the *wide* layout (one row per
respondent with columns ``E1``..``E22`` and ``P1``..``P22``) and common
Chinese column names, and turns it into the long one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from .errors import CXError
from .i18n import get_language, normalize_language
from .tables import rows_text

DIMENSIONS: tuple[str, ...] = (
    "tangibles",
    "reliability",
    "responsiveness",
    "assurance",
    "empathy",
)
"""The five SERVQUAL dimensions, in questionnaire order."""

DIMENSION_ITEMS: dict[str, tuple[int, ...]] = {
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
}
"""Item numbers of each dimension (the standard 22-item structure)."""

SCALE_MIN, SCALE_MAX = 1, 7
"""The 7-point rating scale (1 = strongly disagree / not at all, 7 = strongly agree / fully)."""

REQUIRED_COLUMNS: tuple[str, ...] = ("respondent", "item", "expectation", "perception")
SEGMENT_COLUMNS: tuple[str, ...] = ("tenure", "tier")

TENURES: tuple[str, ...] = ("2y+", "1y", "6m", "3m")
"""Tenure codes of the sample survey: 2 years or more, 1 year, 6 months, 3 months."""

TIERS: tuple[str, ...] = ("high_value", "senior", "young", "business")
"""Customer-tier codes shared by the course's data sets: 全球通/高价值, 银发, 年轻, 商客."""

SEGMENT_ALIASES: dict[str, dict[str, str]] = {
    "tenure": {
        "2年以上": "2y+", "两年以上": "2y+", "2年+": "2y+", "2y": "2y+",
        "1年": "1y", "一年": "1y",
        "6个月": "6m", "半年": "6m", "六个月": "6m",
        "3个月": "3m", "三个月": "3m",
    },
    "tier": {
        "全球通/高价值": "high_value", "全球通": "high_value", "高价值": "high_value",
        "银发": "senior", "年轻": "young", "商客": "business",
    },
}
"""Spellings of the course's segment values in a Chinese export -> the shared codes."""

_MAX_LISTED = 8


def _pick(zh: str, en: str, language: str | None) -> str:
    return en if normalize_language(language or get_language()) == "en" else zh


@dataclass(frozen=True)
class Item:
    """One SERVQUAL item.

    Attributes
    ----------
    number : int
        1-22, the position in the standard questionnaire.
    dimension : str
        One of :data:`DIMENSIONS`.
    zh, en : str
        The statement, worded for home broadband.
    tip_zh, tip_en : str
        What a provider can do when this item shows a large negative gap.
    """

    number: int
    dimension: str
    zh: str
    en: str
    tip_zh: str
    tip_en: str

    def text(self, language: str | None = None) -> str:
        """The statement in ``language`` (default: the active language)."""
        return _pick(self.zh, self.en, language)

    def tip(self, language: str | None = None) -> str:
        """The improvement suggestion in ``language`` (default: the active language)."""
        return _pick(self.tip_zh, self.tip_en, language)


ITEMS: tuple[Item, ...] = (
    # tangibles 1-4
    Item(1, "tangibles",
         "上门安装的光猫、路由器等设备新颖、好用",
         "The modem, router and other equipment installed at home are up to date and work well",
         "更新老旧光猫和路由器，装机时当面演示设备指示灯和 App 的用法",
         "Replace outdated modems and routers; show the lights and the app at installation"),
    Item(2, "tangibles",
         "营业厅和手机 App 环境整洁、指引清楚、容易找到要办的业务",
         "Service halls and the mobile app are tidy, clearly signposted and easy to find your way "
         "in",
         "按客户常办业务重排营业厅动线和 App 首页入口，定期做神秘顾客检查",
         "Reorder the hall layout and the app's home screen around common tasks; run mystery "
         "visits"),
    Item(3, "tangibles",
         "装维人员着装整洁、佩戴工牌，进门穿鞋套",
         "Installers arrive neatly dressed, wear an ID badge and put on shoe covers",
         "把着装、工牌、鞋套写进上门标准，纳入回访抽查",
         "Put dress, badge and shoe covers into the visit standard and check them in follow-up "
         "calls"),
    Item(4, "tangibles",
         "套餐说明、账单和安装回执清楚易懂",
         "Plan leaflets, bills and installation receipts are clear and easy to understand",
         "用客户语言重写账单和套餐说明，请几位老年客户试读后再定稿",
         "Rewrite bills and plan leaflets in plain words; test them with a few older customers"),
    # reliability 5-9
    Item(5, "reliability",
         "承诺在某个时间前完成的事（开通、回电），会按时完成",
         "What they promise to do by a certain time (activation, a call back) is done by then",
         "给每个承诺设时限并自动提醒责任人，超时主动致歉并告知新时间",
         "Give every promise a deadline with an automatic reminder; if late, apologise and give a "
         "new time"),
    Item(6, "reliability",
         "遇到故障时，工作人员真心想帮我解决问题",
         "When I have a fault, staff show a sincere interest in solving it",
         "报修由一人负责到底，修好后回访确认，而不是只关工单",
         "Make one person own each fault until it is fixed and confirm with the customer before "
         "closing"),
    Item(7, "reliability",
         "安装或维修第一次就做好，不用再跑一趟",
         "Installation or repair is done right the first time, with no second visit",
         "统计二次上门的原因，补齐工具和备件，给装维人员一张完工自检清单",
         "Track why second visits happen, stock tools and parts, give installers a completion "
         "checklist"),
    Item(8, "reliability",
         "装维人员在约定的时段内上门",
         "The technician arrives within the agreed time slot",
         "缩短预约时段，出发前短信告知预计到达时间，迟到提前致电",
         "Offer shorter slots, text an arrival estimate on departure, call ahead when running "
         "late"),
    Item(9, "reliability",
         "账单、套餐和资费记录准确无误",
         "Bills, plan details and charges are recorded without errors",
         "套餐变更后核对首月账单，差错主动退还并说明原因",
         "Check the first bill after every plan change; refund errors unasked and explain why"),
    # responsiveness 10-13
    Item(10, "responsiveness",
         "会准确告诉我何时开通、何时上门、何时修好",
         "They tell me exactly when the line will be activated, when they will visit and when it "
         "will be fixed",
         "在每个环节主动推送进度和下一步时间，客户无需来电询问",
         "Push the status and the next time at every step, so customers never have to call to ask"),
    Item(11, "responsiveness",
         "报修后很快有人响应并处理",
         "Faults I report get a prompt response",
         "设报修首次响应时限（如 2 小时内回电），按时段排班应对高峰",
         "Set a first-response limit for faults (e.g. a call back within 2 hours); staff for peak "
         "hours"),
    Item(12, "responsiveness",
         "工作人员总是乐意帮忙",
         "Staff are always willing to help",
         "授权一线人员当场处理常见问题，减少“这不归我管”",
         "Empower front-line staff to settle common issues on the spot, so nobody says \"not my "
         "job\""),
    Item(13, "responsiveness",
         "再忙也会及时回复我的咨询（热线、在线客服）",
         "However busy they are, my questions (hotline, online chat) are answered in good time",
         "高峰期提供回拨预约和排队进度，在线客服设人工转接时限",
         "Offer call-backs and queue status at peak times; cap the wait before a human takes over "
         "a chat"),
    # assurance 14-17
    Item(14, "assurance",
         "工作人员的言行让人放心",
         "The way staff behave gives me confidence",
         "用真实案例培训解释故障原因的话术，让客户听得懂、信得过",
         "Train staff with real cases to explain faults in words customers understand and trust"),
    Item(15, "assurance",
         "办理业务和上门服务时，我的个人信息和家中财物是安全的",
         "My personal data and my home are safe when I deal with them or they visit",
         "上门前发送工号和照片以便核验，规范个人信息的查询和使用",
         "Send the technician's ID and photo before a visit; restrict access to personal data"),
    Item(16, "assurance",
         "工作人员始终礼貌待人",
         "Staff are consistently courteous",
         "把礼貌用语和情绪管理纳入质检，表扬做得好的同事",
         "Include courtesy and emotion management in quality checks; praise those who do it well"),
    Item(17, "assurance",
         "工作人员有足够的专业知识回答我的问题",
         "Staff have the knowledge to answer my questions",
         "建立常见问题知识库并随套餐更新，新员工通过考核再上岗",
         "Keep a searchable FAQ base in step with every new plan; certify new staff before they "
         "serve"),
    # empathy 18-22
    Item(18, "empathy",
         "会根据我的情况给予个别关照",
         "They give me individual attention",
         "在客户档案中记录特殊情况（老人独居、居家办公），服务时主动提起",
         "Record special circumstances (older people living alone, home workers) and act on them"),
    Item(19, "empathy",
         "服务时间方便我（如晚上、周末也能预约上门）",
         "Their service hours suit me (e.g. evening and weekend visits)",
         "开放晚间和周末上门时段，按需求量调整排班",
         "Open evening and weekend visit slots and staff them to demand"),
    Item(20, "empathy",
         "有专人跟进我的业务",
         "Someone follows up my case personally",
         "为高价值和商客客户指定专属经理，其他客户的工单显示一个固定联系人",
         "Give premium and business customers a named manager; show one contact on every other "
         "case"),
    Item(21, "empathy",
         "把我的长远利益放在心上（如推荐真正适合我的套餐）",
         "They have my best interests at heart (e.g. recommend the plan that really suits me)",
         "按实际用量每年给客户做一次套餐体检，主动推荐更省钱的方案",
         "Review each customer's plan against their real usage once a year; suggest cheaper "
         "options"),
    Item(22, "empathy",
         "工作人员了解我的具体需要（如老人使用、居家办公）",
         "Staff understand my specific needs (e.g. older users, working from home)",
         "装机时问清使用场景（网课、游戏、办公），据此调整 Wi-Fi 覆盖和设置",
         "Ask about usage (online classes, gaming, office work) at installation and tune the "
         "Wi-Fi to it"),
)
"""The 22 items (tuple of frozen :class:`Item` dataclasses), numbered 1-22."""

ITEM_DIMENSION: dict[int, str] = {item.number: item.dimension for item in ITEMS}


@dataclass(frozen=True)
class Moment:
    """A sample service moment for the scenario-mapping exercise.

    Attributes
    ----------
    id : str
        Stable identifier (used in the workbook).
    dimension : str
        The dimension a trainer would assign.
    zh, en : str
        The moment as the learner reads it.
    why_zh, why_en : str
        Feedback: why that dimension.
    """

    id: str
    dimension: str
    zh: str
    en: str
    why_zh: str
    why_en: str

    def text(self, language: str | None = None) -> str:
        """The moment in ``language`` (default: the active language)."""
        return _pick(self.zh, self.en, language)

    def why(self, language: str | None = None) -> str:
        """The feedback in ``language`` (default: the active language)."""
        return _pick(self.why_zh, self.why_en, language)


SAMPLE_MOMENTS: tuple[Moment, ...] = (
    Moment("m_slot", "reliability",
           "师傅说好周六上午 9-11 点上门，结果下午 3 点才到",
           "The technician promised Saturday 9-11 am and turned up at 3 pm",
           "约定的时段没有兑现，是“说到做到”的问题，属于可靠性。",
           "A promised time slot was not kept: doing what was promised is reliability."),
    Moment("m_shoes", "tangibles",
           "装维人员进门主动套上鞋套，走时把线头纸屑收拾干净",
           "The installer put on shoe covers at the door and cleared away cable offcuts before "
           "leaving",
           "客户看得见的仪表和现场整洁，属于有形性。",
           "What the customer can see (appearance, a tidy home afterwards) is tangibles."),
    Moment("m_callback", "responsiveness",
           "在线报修后 20 分钟，客服就打来电话确认故障",
           "Twenty minutes after an online fault report, an agent called to confirm the problem",
           "快速回应客户的请求，属于响应性。",
           "Answering a request quickly is responsiveness."),
    Moment("m_explain", "assurance",
           "工程师用通俗的话讲清楚网速慢是因为路由器放在柜子里",
           "The engineer explained in plain words that the Wi-Fi was slow because the router sat "
           "in a cupboard",
           "专业知识让客户信得过，属于保证性。",
           "Knowledge that earns the customer's trust is assurance."),
    Moment("m_elderly", "empathy",
           "得知客户是独居老人，客服放慢语速，并约了子女在家的时间上门",
           "Hearing the customer was an older person living alone, the agent slowed down and "
           "booked a visit when the family would be home",
           "体察客户的个人处境并据此调整服务，属于移情性。",
           "Noticing the customer's situation and adapting the service to it is empathy."),
    Moment("m_bill", "reliability",
           "改套餐后第一个月的账单多扣了 30 元",
           "The first bill after a plan change overcharged 30 yuan",
           "记录和计费准确是基本承诺，出错属于可靠性问题。",
           "Accurate records and charges are a basic promise: an error is a reliability failure."),
    Moment("m_queue", "responsiveness",
           "热线排队 25 分钟也没人接，也没有回拨选项",
           "The hotline queue lasted 25 minutes with no one answering and no call-back option",
           "客户需要帮助时迟迟得不到回应，属于响应性。",
           "Waiting a long time for help is a responsiveness failure."),
    Moment("m_id", "assurance",
           "上门前收到短信，附有工程师的照片和工号，家人可以核验",
           "Before the visit a text arrived with the engineer's photo and staff number so the "
           "family could check",
           "让客户感到安全、放心，属于保证性。",
           "Making the customer feel safe is assurance."),
)
"""Sample moments with a trainer's answer, for the scenario-mapping exercise."""

DIMENSION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "tangibles": ("设备", "环境", "着装", "工牌", "鞋套", "整洁", "外观", "单据", "界面",
                  "equipment", "tidy", "badge", "dress", "leaflet", "look"),
    "reliability": ("准时", "按时", "承诺", "一次", "返工", "差错", "出错", "多扣", "准确", "约定",
                    "on time", "promise", "first time", "error", "overcharg", "accurate", "agreed"),
    "responsiveness": ("等", "排队", "回电", "回复", "及时", "马上", "迅速", "响应", "进度", "分钟",
                       "wait", "queue", "call back", "reply", "prompt", "quick", "minutes"),
    "assurance": ("专业", "知识", "放心", "安全", "信任", "礼貌", "解释", "隐私", "工号",
                  "knowledge", "confiden", "safe", "trust", "courteous", "polite", "explain",
                  "privacy"),
    "empathy": ("老人", "个性", "关心", "体谅", "专属", "周末", "晚上", "需要", "处境", "家人",
                "older", "personal", "individual", "care", "weekend", "evening", "needs", "family"),
}
"""Words that often point at a dimension: a hint for the learner's own moments, not a rule."""


def item(number: int) -> Item:
    """Return item ``number`` (1-22).

    Parameters
    ----------
    number : int
        The item number.

    Returns
    -------
    Item
        The item.
    """
    if not isinstance(number, (int,)) or not 1 <= number <= len(ITEMS):
        raise CXError("servqual.error.item_number", value=number)
    return ITEMS[number - 1]


def items_frame(
    language: str | None = None, custom: Mapping[int | str, str] | None = None
) -> pd.DataFrame:
    """The 22 items as a DataFrame.

    Parameters
    ----------
    language : str, optional
        Language of the ``text`` and ``tip`` columns (default: the active language).
    custom : mapping, optional
        Item number -> the learner's own wording; replaces ``text`` for those items.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``item`` (1-22) with columns ``dimension``, ``zh``, ``en``, ``text``, ``tip``.
    """
    custom = {int(k): str(v) for k, v in (custom or {}).items() if str(v).strip()}
    rows = [
        {
            "item": it.number,
            "dimension": it.dimension,
            "zh": it.zh,
            "en": it.en,
            "text": custom.get(it.number, it.text(language)),
            "tip": it.tip(language),
        }
        for it in ITEMS
    ]
    return pd.DataFrame(rows).set_index("item")


# --------------------------------------------------------------------------- input


_ALIASES: dict[str, tuple[str, ...]] = {
    "respondent": ("respondent", "respondent_id", "id", "受访者", "受访者编号", "编号", "客户编号"),
    "item": ("item", "item_no", "question", "题号", "题目编号", "条目"),
    "expectation": ("expectation", "expected", "e", "期望", "期望值", "期望分"),
    "perception": ("perception", "perceived", "p", "感知", "感知值", "感知分", "实际感受"),
    "tenure": ("tenure", "入网时长", "在网时长", "网龄"),
    "tier": ("tier", "segment", "客户类型", "客群", "客户群"),
}

_WIDE_RE = re.compile(r"^\s*([EePp])\s*0*(\d{1,2})\s*$")


def _canonical(name: object) -> str:
    text = str(name).strip().replace("\ufeff", "")
    low = text.lower()
    for canon, aliases in _ALIASES.items():
        if low in aliases or text in aliases:
            return canon
    return text


def _rows_text(positions: Iterable[int]) -> str:
    """Spreadsheet row numbers (the header is row 1) of ``positions``, shortened."""
    return rows_text(positions, limit=_MAX_LISTED)


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and not value.strip()


def _blank_mask(series: pd.Series) -> pd.Series:
    """True where a cell is missing or only white space (vectorised :func:`_is_blank`)."""
    missing = series.isna()
    if pd.api.types.is_numeric_dtype(series.dtype):
        return missing
    text = series[~missing].astype(str).str.strip()
    return missing | (text == "").reindex(series.index, fill_value=False)


def _stripped(series: pd.Series, blank: pd.Series) -> pd.Series:
    """Cells as numbers or stripped text, blanks as NaN."""
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series
    return series.where(~blank).map(lambda v: v.strip() if isinstance(v, str) else v)


def _ratings(series: pd.Series, column: str) -> pd.Series:
    """Numeric ratings 1-7 (NaN for blanks); CXError naming the rows for anything else."""
    blank = _blank_mask(series)
    numeric = pd.to_numeric(_stripped(series, blank), errors="coerce")
    bad_text = ~blank & numeric.isna()
    if bad_text.any():
        positions = [i for i, flag in enumerate(bad_text.to_numpy()) if flag]
        example = series[bad_text].iloc[0]
        raise CXError("servqual.error.not_number", column=column, rows=_rows_text(positions),
                      example=example)
    valid = numeric.dropna()
    out_of_scale = (valid < SCALE_MIN) | (valid > SCALE_MAX) | (valid != valid.round())
    if out_of_scale.any():
        flags = pd.Series(False, index=series.index)
        flags[valid.index[out_of_scale.to_numpy()]] = True
        positions = [i for i, flag in enumerate(flags.to_numpy()) if flag]
        example = valid[out_of_scale].iloc[0]
        raise CXError("servqual.error.out_of_scale", column=column, rows=_rows_text(positions),
                      example=_fmt(example))
    return numeric.astype("float64")


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _wide_to_long(frame: pd.DataFrame, wide_cols: dict[str, tuple[str, int]]) -> pd.DataFrame:
    numbers_e = {n for kind, n in wide_cols.values() if kind == "E"}
    numbers_p = {n for kind, n in wide_cols.values() if kind == "P"}
    bad = sorted(n for n in numbers_e | numbers_p if not 1 <= n <= len(ITEMS))
    if bad:
        raise CXError("servqual.error.wide_item_number", numbers=", ".join(map(str, bad)))
    unpaired = sorted(numbers_e ^ numbers_p)
    if unpaired:
        labels = [f"E{n}" if n not in numbers_e else f"P{n}" for n in unpaired]
        raise CXError("servqual.error.wide_unpaired", columns=", ".join(labels))
    by_key = {v: k for k, v in wide_cols.items()}
    if "respondent" in frame.columns:
        respondents = frame["respondent"]
    else:
        respondents = pd.Series(range(1, len(frame) + 1), index=frame.index)
    extra = [c for c in frame.columns if c in SEGMENT_COLUMNS]
    parts = []
    for number in sorted(numbers_e):
        part = pd.DataFrame({
            "respondent": respondents.to_numpy(),
            "item": number,
            "expectation": frame[by_key[("E", number)]].to_numpy(),
            "perception": frame[by_key[("P", number)]].to_numpy(),
            "_row": range(len(frame)),
        })
        for column in extra:
            part[column] = frame[column].to_numpy()
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def read_responses(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate survey answers in the long or the wide layout and return the long layout.

    Parameters
    ----------
    frame : pandas.DataFrame
        Either long (columns ``respondent``, ``item``, ``expectation``, ``perception``) or
        wide (one row per respondent, columns ``E1``..``E22`` and ``P1``..``P22``, optional
        ``respondent``). Optional segment columns ``tenure`` and ``tier`` are kept, their
        Chinese spellings (银发, 两年以上, ...) mapped to the shared codes (:data:`SEGMENT_ALIASES`).
        Common Chinese headers (受访者, 题号, 期望, 感知, 入网时长, 客户类型) are understood.

    Returns
    -------
    pandas.DataFrame
        Long layout with ``respondent`` (str), ``item`` (int 1-22), ``expectation`` and
        ``perception`` (float, NaN where blank) and the segment columns present. ``attrs``
        holds ``incomplete_rows``: spreadsheet rows (header = row 1) with a blank rating, which
        every figure leaves out, and ``layout`` (``"long"`` or ``"wide"``).

    Raises
    ------
    CXError
        Empty table, missing columns, item numbers outside 1-22, ratings that are not whole
        numbers 1-7, a blank respondent, or the same item answered twice by one respondent.
        The message names the rows or columns and how to fix them.
    """
    if frame is None or len(frame.columns) == 0 or len(frame) == 0:
        raise CXError("servqual.error.empty")
    data = frame.copy()
    data.columns = [_canonical(c) for c in data.columns]
    duplicated = sorted({c for c in data.columns if list(data.columns).count(c) > 1})
    if duplicated:
        raise CXError("servqual.error.duplicate_columns", columns=", ".join(duplicated))
    wide_cols: dict[str, tuple[str, int]] = {}
    for column in data.columns:
        match = _WIDE_RE.match(str(column))
        if match:
            wide_cols[column] = (match.group(1).upper(), int(match.group(2)))
    has_long = all(c in data.columns for c in REQUIRED_COLUMNS)
    if not has_long and wide_cols:
        data = _wide_to_long(data, wide_cols)
        layout = "wide"
    elif has_long:
        data = data.reset_index(drop=True)
        data["_row"] = range(len(data))
        layout = "long"
    else:
        missing = [c for c in REQUIRED_COLUMNS if c not in data.columns]
        raise CXError("servqual.error.columns", missing=", ".join(missing),
                      found=", ".join(str(c) for c in frame.columns))

    # respondent
    blank_resp = _blank_mask(data["respondent"])
    if blank_resp.any():
        raise CXError("servqual.error.blank_respondent", rows=_rows_text(
            sorted(set(data.loc[blank_resp, "_row"]))))
    data["respondent"] = _ids(data["respondent"])

    # item
    if layout == "long":
        blank_item = _blank_mask(data["item"])
        numbers = pd.to_numeric(_stripped(data["item"], blank_item), errors="coerce")
        bad = blank_item | numbers.isna() | (numbers != numbers.round()) | \
            (numbers < 1) | (numbers > len(ITEMS))
        if bad.any():
            example = data.loc[bad, "item"].iloc[0]
            raise CXError("servqual.error.item", rows=_rows_text(data.loc[bad, "_row"]),
                          example="" if _is_blank(example) else example)
        data["item"] = numbers.astype("int64")

    # ratings: map error rows back to the file's rows
    for column in ("expectation", "perception"):
        try:
            data[column] = _ratings(data[column].reset_index(drop=True), column).to_numpy()
        except CXError as exc:
            if layout == "wide":
                raise _wide_rating_error(data, column, exc) from None
            raise

    # duplicates
    dup = data.duplicated(["respondent", "item"], keep=False)
    if dup.any():
        first = data[dup].iloc[0]
        raise CXError("servqual.error.duplicate_answer", respondent=first["respondent"],
                      item=int(first["item"]), rows=_rows_text(sorted(set(data.loc[dup, "_row"]))))

    incomplete = data["expectation"].isna() | data["perception"].isna()
    rows = sorted({int(r) + 2 for r in data.loc[incomplete, "_row"]})
    columns = ["respondent", "item", "expectation", "perception"]
    columns += [c for c in SEGMENT_COLUMNS if c in data.columns]
    result = data[columns].reset_index(drop=True)
    for column in SEGMENT_COLUMNS:
        if column in result.columns:
            values = result[column]
            text = values.astype(str).str.strip().where(~_blank_mask(values), "")
            result[column] = text.replace(SEGMENT_ALIASES[column])
    result.attrs = {"incomplete_rows": rows, "layout": layout,
                    "incomplete_answers": int(incomplete.sum())}
    return result


def _respondent_id(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _ids(series: pd.Series) -> pd.Series:
    """Respondent ids as text (``3.0`` read from a spreadsheet becomes ``"3"``)."""
    if pd.api.types.is_integer_dtype(series.dtype):
        return series.astype("int64").astype(str)
    if pd.api.types.is_float_dtype(series.dtype) and (series % 1 == 0).all():
        return series.astype("int64").astype(str)
    if series.map(type).eq(str).all():
        return series.str.strip()
    return series.map(_respondent_id)


def _wide_rating_error(data: pd.DataFrame, column: str, exc: CXError) -> CXError:
    """Re-phrase a rating error of a wide table with respondent rows and E/P columns."""
    letter = "E" if column == "expectation" else "P"
    values = data[column]
    blank = _blank_mask(values)
    numeric = pd.to_numeric(_stripped(values, blank), errors="coerce")
    bad = (~blank & numeric.isna()) | (~numeric.isna() & (
        (numeric < SCALE_MIN) | (numeric > SCALE_MAX) | (numeric != numeric.round())))
    cols = sorted({f"{letter}{n}" for n in data.loc[bad, "item"]}, key=lambda c: int(c[1:]))
    rows = _rows_text(sorted(set(data.loc[bad, "_row"])))
    example = values[bad].iloc[0] if bad.any() else ""
    return CXError("servqual.error.wide_rating", columns=", ".join(cols[:_MAX_LISTED]), rows=rows,
                   example=example)


def _prepared(responses: pd.DataFrame) -> pd.DataFrame:
    """Validated long answers with both ratings present and a ``gap`` column."""
    return _complete(read_responses(responses))


def _complete(data: pd.DataFrame) -> pd.DataFrame:
    """Answers of a validated long frame with both ratings present, plus ``gap``."""
    complete = data.dropna(subset=["expectation", "perception"]).copy()
    complete["dimension"] = complete["item"].map(ITEM_DIMENSION)
    complete["gap"] = complete["perception"] - complete["expectation"]
    complete.attrs = dict(data.attrs)
    return complete


# --------------------------------------------------------------------------- scores


def validate_weights(weights: Mapping[str, float] | None) -> dict[str, float] | None:
    """Check an importance allocation: dimension -> points, summing to 100.

    Parameters
    ----------
    weights : mapping or None
        Points per dimension; a dimension left out gets 0.

    Returns
    -------
    dict or None
        Points for all five dimensions (``None`` when ``weights`` is ``None``).

    Raises
    ------
    CXError
        Unknown dimension, a value that is not a number or is negative, or a total other
        than 100.
    """
    if weights is None:
        return None
    unknown = [str(k) for k in weights if k not in DIMENSIONS]
    if unknown:
        raise CXError("servqual.error.weight_dimension", names=", ".join(unknown),
                      known=", ".join(DIMENSIONS))
    points: dict[str, float] = {}
    for dimension in DIMENSIONS:
        value = weights.get(dimension, 0)
        try:
            number = float(0 if _is_blank(value) else value)
        except (TypeError, ValueError):
            raise CXError("servqual.error.weight_value", dimension=dimension, value=value) from None
        if math.isnan(number) or number < 0:
            raise CXError("servqual.error.weight_value", dimension=dimension, value=value)
        points[dimension] = number
    total = sum(points.values())
    if total > 100 + 1e-6:
        raise CXError("servqual.error.weight_total_over", total=_fmt(round(total, 6)),
                      over=_fmt(round(total - 100, 6)))
    if total < 100 - 1e-6:
        raise CXError("servqual.error.weight_total", total=_fmt(round(total, 6)),
                      left=_fmt(round(100 - total, 6)))
    return points


def item_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """Gap per item.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers in the long layout (see :func:`read_responses`; the wide one is accepted too).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``item`` (all 22) with ``dimension``, ``expectation`` and ``perception``
        (means), ``gap`` (mean of P - E) and ``n`` (answers with both ratings). Items
        without a complete answer have NaN figures and ``n`` = 0.
    """
    data = _prepared(responses)
    grouped = data.groupby("item")
    table = pd.DataFrame({
        "expectation": grouped["expectation"].mean(),
        "perception": grouped["perception"].mean(),
        "gap": grouped["gap"].mean(),
        "n": grouped["gap"].size(),
    }).reindex(range(1, len(ITEMS) + 1))
    table.index.name = "item"
    table["n"] = table["n"].fillna(0).astype("int64")
    table.insert(0, "dimension", [ITEM_DIMENSION[n] for n in table.index])
    table.attrs = {"n_respondents": int(data["respondent"].nunique()),
                   "incomplete_rows": data.attrs.get("incomplete_rows", [])}
    return table


def score(responses: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """SERVQUAL scores per dimension, unweighted and weighted.

    Parameters
    ----------
    responses : pandas.DataFrame
        Long layout: ``respondent``, ``item`` (1-22), ``expectation``, ``perception`` (1-7).
        An answer with either rating missing is left out of every figure.
    weights : mapping, optional
        Importance points per dimension summing to 100 (see :func:`validate_weights`).

    Returns
    -------
    pandas.DataFrame
        Indexed by the five :data:`DIMENSIONS` with ``expectation`` and ``perception``
        (means over the dimension's answers), ``gap`` (mean of P - E over those answers),
        ``n`` (answers counted) and ``weight`` (points, NaN without weights). ``attrs``:

        * ``unweighted``: mean of the five dimension gaps (NaN if a dimension has no answer);
        * ``weighted``: sum of gap x weight / 100 (``None`` without weights; NaN if a
          dimension with weight > 0 has no answer);
        * ``weights``: the points used (or ``None``);
        * ``n_respondents``, ``n_answers``, ``incomplete_answers``, ``incomplete_rows``;
        * ``missing_dimensions``: dimensions without a complete answer.

    Raises
    ------
    CXError
        Invalid answers (see :func:`read_responses`) or weights (see :func:`validate_weights`).

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"respondent": [1, 1], "item": [1, 5],
    ...                         "expectation": [6, 7], "perception": [5, 4]})
    >>> score(answers).loc["reliability", "gap"]
    np.float64(-3.0)
    """
    points = validate_weights(weights)
    data = _prepared(responses)
    grouped = data.groupby("dimension")
    table = pd.DataFrame({
        "expectation": grouped["expectation"].mean(),
        "perception": grouped["perception"].mean(),
        "gap": grouped["gap"].mean(),
        "n": grouped["gap"].size(),
    }).reindex(list(DIMENSIONS))
    table.index.name = "dimension"
    table["n"] = table["n"].fillna(0).astype("int64")
    table["weight"] = [points[d] if points else math.nan for d in DIMENSIONS]
    missing = [d for d in DIMENSIONS if table.at[d, "n"] == 0]
    unweighted = math.nan if missing else float(table["gap"].mean())
    weighted: float | None = None
    if points is not None:
        if any(points[d] > 0 for d in missing):
            weighted = math.nan
        else:
            weighted = float(sum(
                (table.at[d, "gap"] * points[d] / 100) for d in DIMENSIONS if points[d] > 0))
    table.attrs = {
        "unweighted": unweighted,
        "weighted": weighted,
        "weights": points,
        "n_respondents": int(data["respondent"].nunique()),
        "n_answers": len(data),
        "incomplete_answers": int(data.attrs.get("incomplete_answers", 0)),
        "incomplete_rows": list(data.attrs.get("incomplete_rows", [])),
        "missing_dimensions": missing,
    }
    return table


def respondent_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """Gap per respondent and dimension (the unit for comparing segments).

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).

    Returns
    -------
    pandas.DataFrame
        One row per respondent: ``respondent``, the segment columns present, and one column
        per dimension with that respondent's mean P - E (NaN without a complete answer).
    """
    return _per_respondent(_prepared(responses))


def _per_respondent(data: pd.DataFrame) -> pd.DataFrame:
    wide = data.pivot_table(index="respondent", columns="dimension", values="gap",
                            aggfunc="mean").reindex(columns=list(DIMENSIONS))
    wide.columns.name = None
    segments = [c for c in SEGMENT_COLUMNS if c in data.columns]
    if segments:
        wide = data.groupby("respondent")[segments].first().join(wide)
    return wide.reset_index()


def largest_gaps(responses: pd.DataFrame, n: int = 3, language: str | None = None) -> pd.DataFrame:
    """The ``n`` items with the largest negative gap, with a suggestion each.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).
    n : int, default 3
        How many items.
    language : str, optional
        Language of ``text`` and ``tip`` (default: the active language).

    Returns
    -------
    pandas.DataFrame
        Up to ``n`` rows indexed by item, most negative first, only items whose gap is
        below zero; columns as :func:`item_scores` plus ``text`` and ``tip``. Ties keep
        questionnaire order.
    """
    table = item_scores(responses)
    negative = table[table["gap"] < 0].sort_values("gap", kind="stable").head(n)
    words = items_frame(language)
    return negative.join(words[["text", "tip"]])


def filter_segment(responses: pd.DataFrame, **segments: str | Iterable[str] | None) -> pd.DataFrame:
    """Keep the answers of one segment.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).
    **segments
        Column -> value (or values) to keep, e.g. ``tier="银发"``; ``None`` or ``""`` keeps all.

    Returns
    -------
    pandas.DataFrame
        The validated long answers of that segment (possibly empty).

    Raises
    ------
    CXError
        A segment column the data does not have.
    """
    data = read_responses(responses)
    attrs = dict(data.attrs)
    mask = pd.Series(True, index=data.index)
    for column, wanted in segments.items():
        if wanted is None or wanted == "" or wanted == ():
            continue
        if column not in data.columns:
            raise CXError("servqual.error.no_segment_column", column=column)
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        mask &= data[column].isin([str(v) for v in values])
    result = data[mask].reset_index(drop=True)
    result.attrs = attrs
    return result


def segment_values(responses: pd.DataFrame, column: str) -> list[str]:
    """The distinct non-blank values of a segment column, known codes first in course order.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).
    column : str
        ``"tenure"`` or ``"tier"`` (or another column of the data).

    Returns
    -------
    list of str
        Values, empty when the column is absent.
    """
    data = read_responses(responses)
    if column not in data.columns:
        return []
    present = [v for v in data[column].unique() if v]
    order = {"tenure": TENURES, "tier": TIERS}.get(column, ())

    def rank(value: str) -> tuple[int, str]:
        return (order.index(value) if value in order else len(order), value)

    return sorted(present, key=rank)


def compare_segments(responses: pd.DataFrame, column: str, first: str, second: str) -> pd.DataFrame:
    """Compare the dimension gaps of two segments.

    Each respondent's dimension gap (mean P - E over their answers) is the unit of analysis;
    the difference between the segments is tested with Welch's t-test (unequal variances).

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout) with the segment column.
    column : str
        Segment column, e.g. ``"tier"``.
    first, second : str
        The two values to compare.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension: ``gap_first``, ``gap_second`` (dimension gaps computed as in
        :func:`score`), ``difference`` (first - second), ``n_first``, ``n_second``
        (respondents), ``p_value`` (NaN with fewer than two respondents on a side).
        ``attrs`` holds ``column``, ``first``, ``second``.

    Raises
    ------
    CXError
        Missing column, the same value twice, or a value with no answers.
    """
    from scipy import stats

    data = read_responses(responses)
    if column not in data.columns:
        raise CXError("servqual.error.no_segment_column", column=column)
    if first == second:
        raise CXError("servqual.error.same_segment", value=first)
    complete = _complete(data)
    per_person = _per_respondent(complete)
    result = {}
    for label, value in (("first", first), ("second", second)):
        subset = complete[complete[column] == value]
        if subset.empty:
            raise CXError("servqual.error.empty_segment", column=column, value=value)
        result[label] = subset.groupby("dimension")["gap"].mean().reindex(list(DIMENSIONS))
    rows = []
    for dimension in DIMENSIONS:
        a = per_person.loc[per_person[column] == first, dimension].dropna()
        b = per_person.loc[per_person[column] == second, dimension].dropna()
        p_value = math.nan
        if len(a) >= 2 and len(b) >= 2 and (a.var() > 0 or b.var() > 0):
            p_value = float(stats.ttest_ind(a, b, equal_var=False).pvalue)
        gap_a = float(result["first"][dimension])
        gap_b = float(result["second"][dimension])
        rows.append({"dimension": dimension, "gap_first": gap_a, "gap_second": gap_b,
                     "difference": gap_a - gap_b, "n_first": len(a), "n_second": len(b),
                     "p_value": p_value})
    table = pd.DataFrame(rows).set_index("dimension")
    table.attrs = {"column": column, "first": first, "second": second}
    return table


# --------------------------------------------------------------------------- scenario mapping


def suggest_dimension(text: str) -> list[str]:
    """Dimensions whose typical words appear in ``text`` (a hint for the learner's own moments).

    Parameters
    ----------
    text : str
        A service moment in the learner's words.

    Returns
    -------
    list of str
        Matching dimensions, most matches first; empty when nothing matches.
    """
    low = str(text or "").lower()
    counts = {d: sum(1 for word in words if word in low) for d, words in DIMENSION_KEYWORDS.items()}
    hits = [d for d in DIMENSIONS if counts[d] > 0]
    return sorted(hits, key=lambda d: -counts[d])


def check_moments(assigned: Mapping[str, str | None]) -> pd.DataFrame:
    """Check the learner's dimension for each sample moment.

    Parameters
    ----------
    assigned : mapping
        Moment id -> the dimension the learner chose (``None`` or missing: not answered).

    Returns
    -------
    pandas.DataFrame
        Indexed by moment id: ``answer``, ``expected``, ``correct`` (bool, ``NA`` when not
        answered).

    Raises
    ------
    CXError
        An unknown dimension.
    """
    rows = []
    for moment in SAMPLE_MOMENTS:
        answer = assigned.get(moment.id)
        if answer is not None and answer not in DIMENSIONS:
            raise CXError("servqual.error.weight_dimension", names=str(answer),
                          known=", ".join(DIMENSIONS))
        rows.append({"id": moment.id, "answer": answer, "expected": moment.dimension,
                     "correct": pd.NA if answer is None else answer == moment.dimension})
    return pd.DataFrame(rows).set_index("id")


def to_wide(responses: pd.DataFrame) -> pd.DataFrame:
    """Convert answers to the wide layout (one row per respondent, E1..E22, P1..P22).

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (long or wide layout).

    Returns
    -------
    pandas.DataFrame
        ``respondent``, segment columns present, then ``E1``..``E22`` and ``P1``..``P22``.
    """
    data = read_responses(responses)
    table = pd.DataFrame({"respondent": list(dict.fromkeys(data["respondent"]))})
    segments = [c for c in SEGMENT_COLUMNS if c in data.columns]
    if segments:
        table = table.merge(data.groupby("respondent", sort=False)[segments].first().reset_index(),
                            on="respondent", how="left")
    for letter, column in (("E", "expectation"), ("P", "perception")):
        wide = data.pivot(index="respondent", columns="item", values=column)
        for number in range(1, len(ITEMS) + 1):
            values = wide[number] if number in wide.columns else pd.Series(dtype="float64")
            table[f"{letter}{number}"] = table["respondent"].map(values)
    return table

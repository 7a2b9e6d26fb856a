"""The service-quality gap model as data, and the diagnosis it supports (lecture 07).

Sources: Parasuraman, Zeithaml & Berry (1985), "A conceptual model of service
quality and its implications for future research", Journal of Marketing 49(4);
the customer-gap framing and the causes of each provider gap follow Zeithaml,
Bitner & Gremler, *Services Marketing* (the gaps model of service quality).

* The **customer gap** (gap 5) is the distance between expected and perceived
  service: what SERVQUAL measures (:mod:`cxwidgets.servqual`).
* Four **provider gaps** cause it: 1 listening (management does not know what
  customers expect), 2 service design and standards, 3 service performance,
  4 communication (promises do not match delivery).

The model is plain data: :data:`GAPS`, :data:`CAUSES` and :data:`LEVERS` are
tuples of frozen dataclasses carrying their zh/en wording. :func:`diagnose`
turns the learner's evidence ratings (0-3 per cause) into a score per provider
gap, names the gaps that matter most and ranks the levers they call for.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .errors import CXError
from .i18n import get_language, normalize_language

EVIDENCE_MIN, EVIDENCE_MAX = 0, 3
"""Evidence scale per cause: 0 none, 1 a hint, 2 clear evidence, 3 strong evidence."""

DEFAULT_THRESHOLD = 50.0
"""A provider gap scoring at least this (0-100) is named as one that matters."""


def _pick(zh: str, en: str, language: str | None) -> str:
    return en if normalize_language(language or get_language()) == "en" else zh


@dataclass(frozen=True)
class Gap:
    """One gap of the model.

    Attributes
    ----------
    id : str
        ``listening``, ``design``, ``performance``, ``communication`` or ``customer``.
    number : int
        1-4 for the provider gaps, 5 for the customer gap.
    zh, en : str
        Short name.
    what_zh, what_en : str
        What the gap is, in one sentence.
    """

    id: str
    number: int
    zh: str
    en: str
    what_zh: str
    what_en: str

    def name(self, language: str | None = None) -> str:
        """Short name in ``language`` (default: the active language)."""
        return _pick(self.zh, self.en, language)

    def what(self, language: str | None = None) -> str:
        """One-sentence definition in ``language``."""
        return _pick(self.what_zh, self.what_en, language)


@dataclass(frozen=True)
class Lever:
    """An improvement lever (where a gap leads).

    Attributes
    ----------
    id : str
        Stable identifier.
    zh, en : str
        Name.
    how_zh, how_en : str
        What pulling the lever means in practice.
    """

    id: str
    zh: str
    en: str
    how_zh: str
    how_en: str

    def name(self, language: str | None = None) -> str:
        """Name in ``language``."""
        return _pick(self.zh, self.en, language)

    def how(self, language: str | None = None) -> str:
        """Practical description in ``language``."""
        return _pick(self.how_zh, self.how_en, language)


@dataclass(frozen=True)
class Cause:
    """A usual cause of a provider gap.

    Attributes
    ----------
    id : str
        Stable identifier, unique across gaps (used as the key of evidence ratings).
    gap : str
        The provider gap it causes.
    zh, en : str
        The cause, phrased as something one can look for evidence of.
    levers : tuple of str
        Lever ids that address it, most direct first.
    """

    id: str
    gap: str
    zh: str
    en: str
    levers: tuple[str, ...]

    def text(self, language: str | None = None) -> str:
        """The cause in ``language``."""
        return _pick(self.zh, self.en, language)


@dataclass(frozen=True)
class Failure:
    """A short broadband service failure to classify into provider gap 1-4.

    Attributes
    ----------
    id : str
        Stable identifier.
    gap : int
        The provider gap (1-4) a trainer would name.
    zh, en : str
        The failure.
    why_zh, why_en : str
        Feedback explaining the answer.
    """

    id: str
    gap: int
    zh: str
    en: str
    why_zh: str
    why_en: str

    def text(self, language: str | None = None) -> str:
        """The failure in ``language``."""
        return _pick(self.zh, self.en, language)

    def why(self, language: str | None = None) -> str:
        """The feedback in ``language``."""
        return _pick(self.why_zh, self.why_en, language)


@dataclass(frozen=True)
class Symptom:
    """One observation in the sample case.

    Attributes
    ----------
    id : str
        Stable identifier.
    zh, en : str
        What was observed.
    causes : tuple of str
        The causes this observation is evidence of (a trainer's reading).
    """

    id: str
    zh: str
    en: str
    causes: tuple[str, ...]

    def text(self, language: str | None = None) -> str:
        """The observation in ``language``."""
        return _pick(self.zh, self.en, language)


GAPS: tuple[Gap, ...] = (
    Gap("listening", 1, "倾听差距", "Listening gap",
        "管理层并不真正知道客户期望什么。",
        "Management does not know what customers expect."),
    Gap("design", 2, "设计与标准差距", "Service design and standards gap",
        "知道客户要什么，却没有把它设计成合适的服务和以客户为准的标准。",
        "What customers expect is not turned into the right service design and customer-defined "
        "standards."),
    Gap("performance", 3, "服务表现差距", "Service performance gap",
        "标准有了，一线却没有按标准交付。",
        "The standards exist but are not delivered."),
    Gap("communication", 4, "沟通差距", "Communication gap",
        "对客户说的和实际做到的不一致。",
        "What is promised to customers does not match what is delivered."),
    Gap("customer", 5, "顾客差距", "Customer gap",
        "客户期望的服务与实际感受到的服务之间的距离，由 SERVQUAL 测量。",
        "The distance between expected and perceived service, measured by SERVQUAL."),
)
"""The five gaps: provider gaps 1-4, then the customer gap (5)."""

PROVIDER_GAPS: tuple[str, ...] = ("listening", "design", "performance", "communication")

LEVERS: tuple[Lever, ...] = (
    Lever("review", "服务分析与检视", "Service review and customer research",
          "系统地听客户和一线的声音：分项调研、投诉分析、一线反馈渠道、管理者走到现场。",
          "Listen systematically to customers and front-line staff: itemised research, complaint "
          "analysis, feedback channels, managers on the floor."),
    Lever("redesign", "业务流程改善", "Process redesign and standards",
          "按客户旅程重画流程（服务蓝图），把客户在意的事写成可衡量的标准。",
          "Redraw the process along the customer journey (a service blueprint) and write what "
          "customers care about into measurable standards."),
    Lever("hiring", "招聘识人", "Hiring and selection",
          "招对人、配够人：按服务意愿和能力选人，按需求高峰配置人手。",
          "Hire the right people and enough of them: select for service attitude and skill, "
          "staff for peak demand."),
    Lever("training", "培训与授权", "Training and empowerment",
          "把标准教会、练熟，并给一线当场解决问题的权限和工具。",
          "Teach and practise the standards, and give front-line staff the authority and tools "
          "to solve problems on the spot."),
    Lever("innovation", "服务创新", "Service innovation",
          "当现有服务本身满足不了期望时，重新设计服务内容或模式。",
          "When the service itself cannot meet expectations, redesign what is offered or how."),
    Lever("promise", "承诺管理与诚实沟通", "Promise management and honest communication",
          "只承诺做得到的事，各渠道口径一致，提前告诉客户会发生什么。",
          "Promise only what will be delivered, say the same in every channel, tell customers "
          "in advance what will happen."),
)
"""Where each gap leads (the seeds' five levers plus promise management for gap 4)."""

CAUSES: tuple[Cause, ...] = (
    # gap 1: listening
    Cause("research", "listening",
          "对客户做的调研太少，决策靠经验猜测",
          "Too little customer research: decisions rest on guesses", ("review",)),
    Cause("research_focus", "listening",
          "调研只问总体满意度，看不出哪个服务环节出了问题",
          "Research asks only about overall satisfaction, not about the parts of the service",
          ("review",)),
    Cause("upward", "listening",
          "一线员工听到的客户声音传不到管理层",
          "What front-line staff hear from customers does not reach management", ("review",)),
    Cause("relationship", "listening",
          "只关注单次交易，不了解老客户和不同客群的需要",
          "Focus on single transactions, not on knowing long-standing customers and segments",
          ("review", "innovation")),
    Cause("recovery", "listening",
          "投诉处理完就结案，没人分析原因、从中学习",
          "Complaints are closed without anyone analysing causes or learning from them",
          ("review", "redesign")),
    # gap 2: design and standards
    Cause("design", "design",
          "服务流程是零散拼起来的，没有按客户旅程系统设计",
          "The service was pieced together, not designed along the customer journey",
          ("redesign", "innovation")),
    Cause("standards", "design",
          "标准只看内部指标（如工单量），没有以客户在意的事来定",
          "Standards track internal measures (e.g. tickets closed), not what customers care about",
          ("redesign",)),
    Cause("evidence", "design",
          "客户看得见的环境、设备和单据与服务定位不符",
          "What customers see (premises, equipment, paperwork) does not fit the service promised",
          ("redesign", "innovation")),
    # gap 3: performance
    Cause("hiring", "performance",
          "招人不当或人手不足",
          "The wrong people are hired, or too few", ("hiring",)),
    Cause("training", "performance",
          "培训不足，员工不会按标准做",
          "Too little training: staff cannot do what the standard says", ("training",)),
    Cause("empowerment", "performance",
          "角色冲突、授权不足：一线想帮却没有权限",
          "Role conflict and too little empowerment: staff want to help but may not",
          ("training", "redesign")),
    Cause("tools", "performance",
          "缺少协作和支持工具，系统不好用",
          "Poor teamwork and support tools; systems that get in the way",
          ("redesign", "training")),
    Cause("customers", "performance",
          "客户不清楚自己要配合什么（在家、准备资料）",
          "Customers do not know their part (being home, having documents ready)",
          ("promise", "redesign")),
    Cause("intermediaries", "performance",
          "外包商、代理商不按标准服务",
          "Contractors and agents do not follow the standards", ("training", "redesign")),
    Cause("capacity", "performance",
          "供需不匹配：高峰人手不够，低谷人员闲置",
          "Supply does not match demand: short-staffed at peaks, idle in troughs",
          ("hiring", "redesign")),
    # gap 4: communication
    Cause("integration", "communication",
          "各渠道（广告、营业厅、热线、App）说法不一致",
          "Channels (ads, halls, hotline, app) say different things", ("promise",)),
    Cause("expectations", "communication",
          "没有主动管理客户期望，没提前说明会发生什么",
          "Expectations are not managed: customers are not told in advance what will happen",
          ("promise",)),
    Cause("overpromise", "communication",
          "广告和销售过度承诺",
          "Advertising and sales over-promise", ("promise",)),
    Cause("horizontal", "communication",
          "部门之间横向沟通不足（如销售与装维）",
          "Weak communication between departments (e.g. sales and installation)",
          ("promise", "redesign")),
)
"""The usual causes of each provider gap, phrased as things to look for evidence of."""

DIMENSION_LINKS: dict[str, tuple[str, ...]] = {
    "tangibles": ("design", "performance"),
    "reliability": ("performance", "design", "communication"),
    "responsiveness": ("performance", "design"),
    "assurance": ("performance", "listening"),
    "empathy": ("listening", "performance"),
}
"""A SERVQUAL dimension with a large negative gap -> provider gaps worth checking first (a hint)."""

FAILURES: tuple[Failure, ...] = (
    Failure("f_speed_focus", 1,
            "公司以为老年客户最在乎网速，其实他们最在乎出了问题有人上门管",
            "The company assumed older customers care most about speed; they care most about "
            "someone coming when it breaks",
            "管理层对客户期望的判断本身就错了，这是倾听差距。",
            "Management misread what customers expect: a listening gap."),
    Failure("f_ignored_feedback", 1,
            "装维师傅多次反映客户嫌光猫太旧，这些意见从没传到管理层",
            "Installers keep reporting that customers find the modems outdated; it never reaches "
            "management",
            "一线听到的声音没有向上传递，管理层因此不了解期望，属于倾听差距。",
            "Front-line knowledge does not flow upward, so management does not know: a listening "
            "gap."),
    Failure("f_one_question", 1,
            "每年的满意度调查只有一道“总体是否满意”，看不出哪个环节有问题",
            "The yearly survey has one question, \"overall satisfied?\", and cannot show which "
            "step fails",
            "调研没有覆盖服务质量的具体方面，管理层仍然不知道客户期望，属于倾听差距。",
            "Research that misses the parts of the service leaves management blind: a listening "
            "gap."),
    Failure("f_closed_complaints", 1,
            "投诉一解决就结案，同类投诉每月重复出现，却没人分析原因",
            "Complaints are closed once settled; the same complaint comes back every month and "
            "nobody analyses why",
            "没有从服务补救中学习，问题背后的期望没有被了解，属于倾听差距。",
            "Not learning from service recovery keeps expectations unknown: a listening gap."),
    Failure("f_all_day", 2,
            "上门标准只写“当天完成”，客户只能在家等一整天",
            "The visit standard only says \"same day\", so customers wait at home all day",
            "标准是按内部方便定的，不是按客户在意的时间窗定的，属于设计与标准差距。",
            "The standard suits the company, not the customer's need for a time slot: a design "
            "and standards gap."),
    Failure("f_photo_upload", 2,
            "报修流程要求客户先自己重启光猫并拍照上传，很多老人不会操作",
            "The fault process makes customers restart the modem and upload a photo first; many "
            "older customers cannot",
            "流程设计没有考虑客户的能力，即使员工照做也会出问题，属于设计与标准差距。",
            "The process was designed without the customer's abilities in mind; doing it by the "
            "book still fails: a design gap."),
    Failure("f_rain_queue", 2,
            "营业厅取号机放在门外，下雨天客户只能淋雨排队",
            "The hall's ticket machine stands outside, so customers queue in the rain",
            "服务环境（有形展示）设计不当，属于设计与标准差距。",
            "The servicescape was badly designed: a design and standards gap."),
    Failure("f_skip_test", 3,
            "标准要求装机后当面测速，但师傅赶时间常常跳过",
            "The standard requires a speed test with the customer, but installers in a hurry skip "
            "it",
            "标准存在却没有被执行，属于服务表现差距。",
            "The standard exists but is not performed: a service performance gap."),
    Failure("f_half_day", 3,
            "外包公司的新装维只培训半天就上门，不会配置组网路由器",
            "New contractor installers get half a day of training and cannot set up mesh routers",
            "培训不足加上中间商管理薄弱，导致交付达不到标准，属于服务表现差距。",
            "Too little training and weak control of contractors: a service performance gap."),
    Failure("f_weekend", 3,
            "周末预约量是平时的三倍，排班却不变，大量预约被改期",
            "Weekend bookings are three times weekday ones, staffing stays flat, many visits get "
            "rescheduled",
            "供需没有匹配，员工再努力也做不到标准，属于服务表现差距。",
            "Supply does not match demand: a service performance gap."),
    Failure("f_no_authority", 3,
            "客服知道应该给客户减免，却没有权限，只能让客户等层层审批",
            "The agent knows a refund is due but has no authority, so the customer waits for "
            "approvals",
            "授权不足让员工无法按标准服务，属于服务表现差距。",
            "Lack of empowerment stops staff from delivering: a service performance gap."),
    Failure("f_not_home", 3,
            "客户没按约定在家，还留错了地址，师傅白跑一趟",
            "The customer was not home as agreed and gave a wrong address; the visit was wasted",
            "客户没有完成自己在服务中的角色，也会造成交付失败，属于服务表现差距。",
            "Customers not playing their part also breaks delivery: a service performance gap."),
    Failure("f_gigabit", 4,
            "广告写着“千兆到家”，没说明家里的旧路由器最多只能跑百兆",
            "The ad says \"gigabit to your home\" without saying an old router tops out near 100 "
            "Mbps",
            "宣传的承诺超出了实际交付，属于沟通差距。",
            "The promise goes beyond what is delivered: a communication gap."),
    Failure("f_tomorrow", 4,
            "销售承诺“明天就开通”，但装维排期已经排到下周",
            "Sales promised \"activation tomorrow\" while installation was booked up until next "
            "week",
            "销售与装维之间缺少横向沟通，承诺与交付脱节，属于沟通差距。",
            "Sales and installation do not talk to each other: a communication gap."),
    Failure("f_channels", 4,
            "公众号说可以线上退订，营业厅却要求本人到场办理",
            "The official account says you can cancel online; the hall insists you come in person",
            "不同渠道说法不一致，客户的期望被错误设定，属于沟通差距。",
            "Channels say different things and set wrong expectations: a communication gap."),
)
"""Broadband service failures to sort into provider gaps 1-4, with feedback."""

CASE_SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("s_repeat", "近三个月报修中，约四成在一周内再次报修（修了又坏）",
            "About four in ten faults of the last three months came back within a week",
            ("training", "tools", "standards")),
    Symptom("s_survey", "公司每年只做一次满意度调查，只有一道“总体满意吗”",
            "The company runs one survey a year with a single \"overall satisfied?\" question",
            ("research", "research_focus")),
    Symptom("s_modem", "装维人员反映客户常嫌光猫老旧，但这些意见没有渠道上报",
            "Installers say customers often complain about old modems, but there is no way to "
            "pass it on",
            ("upward", "evidence")),
    Symptom("s_gigabit",
            "广告主打“千兆到家”，多数客户家里的 Wi-Fi 实测只有一两百兆，销售未说明需要换路由器",
            "Ads push \"gigabit to your home\"; most customers measure 100-200 Mbps on Wi-Fi, and "
            "sales never mention a new router",
            ("overpromise", "expectations")),
    Symptom("s_contractor", "装维外包给两家合作公司，新人上岗培训只有半天",
            "Installation is outsourced to two contractors; new installers get half a day of "
            "training",
            ("intermediaries", "training", "hiring")),
    Symptom("s_weekend", "周末预约量是工作日的三倍，排班却一样，改期多集中在周末",
            "Weekend bookings are three times weekday ones with the same staffing; most "
            "reschedules happen at weekends",
            ("capacity",)),
    Symptom("s_window", "上门时间只承诺“当天内”，没有具体时间窗",
            "Visits are promised only as \"same day\", with no time slot",
            ("standards", "design")),
    Symptom("s_channels", "营业厅和热线对同一套餐的提速条件说法不一致",
            "The hall and the hotline describe the same plan's upgrade conditions differently",
            ("integration", "horizontal")),
    Symptom("s_refund", "客服无权直接减免费用，每笔都要层层审批",
            "Agents may not waive any charge; every case needs several approvals",
            ("empowerment",)),
    Symptom("s_closed", "投诉处理完即结案，没有月度的原因分析",
            "Complaints are closed once handled; there is no monthly review of causes",
            ("recovery",)),
)
"""The sample case: symptoms observed in a city branch's home-broadband service."""

CASE_EVIDENCE: dict[str, int] = {
    "research": 1, "research_focus": 3, "upward": 2, "relationship": 1, "recovery": 2,
    "design": 1, "standards": 2, "evidence": 1,
    "hiring": 1, "training": 3, "empowerment": 2, "tools": 1, "customers": 0,
    "intermediaries": 3, "capacity": 3,
    "integration": 2, "expectations": 2, "overpromise": 3, "horizontal": 2,
}
"""A trainer's evidence ratings for the sample case (the solution learners compare with)."""

_GAP_BY_ID = {gap.id: gap for gap in GAPS}
_LEVER_BY_ID = {lever.id: lever for lever in LEVERS}
_CAUSE_BY_ID = {cause.id: cause for cause in CAUSES}


def gap(gap_id: str) -> Gap:
    """The gap with id ``gap_id`` (CXError if unknown)."""
    if gap_id not in _GAP_BY_ID:
        raise CXError("gaps.error.unknown_gap", value=gap_id, known=", ".join(_GAP_BY_ID))
    return _GAP_BY_ID[gap_id]


def lever(lever_id: str) -> Lever:
    """The lever with id ``lever_id`` (CXError if unknown)."""
    if lever_id not in _LEVER_BY_ID:
        raise CXError("gaps.error.unknown_lever", value=lever_id, known=", ".join(_LEVER_BY_ID))
    return _LEVER_BY_ID[lever_id]


def causes_of(gap_id: str) -> tuple[Cause, ...]:
    """The causes of provider gap ``gap_id``, in model order."""
    gap(gap_id)
    return tuple(cause for cause in CAUSES if cause.gap == gap_id)


def model_frame(language: str | None = None) -> pd.DataFrame:
    """The model as one table: a row per cause with its gap and levers.

    Parameters
    ----------
    language : str, optional
        Language of the text columns (default: the active language).

    Returns
    -------
    pandas.DataFrame
        Indexed by cause id: ``gap``, ``gap_number``, ``gap_name``, ``cause``, ``levers``
        (lever names joined with " / ").
    """
    rows = []
    for cause in CAUSES:
        owner = _GAP_BY_ID[cause.gap]
        rows.append({
            "cause_id": cause.id,
            "gap": cause.gap,
            "gap_number": owner.number,
            "gap_name": owner.name(language),
            "cause": cause.text(language),
            "levers": " / ".join(_LEVER_BY_ID[lv].name(language) for lv in cause.levers),
        })
    return pd.DataFrame(rows).set_index("cause_id")


# --------------------------------------------------------------------------- classification


def check_classification(answers: Mapping[str, int | None]) -> pd.DataFrame:
    """Check the learner's gap (1-4) for each failure in :data:`FAILURES`.

    Parameters
    ----------
    answers : mapping
        Failure id -> chosen gap number 1-4 (``None`` or missing: not answered).

    Returns
    -------
    pandas.DataFrame
        Indexed by failure id: ``answer`` (nullable int), ``expected``, ``correct``
        (nullable bool, NA when not answered). ``attrs``: ``answered``, ``right``, ``total``.

    Raises
    ------
    CXError
        An unknown failure id or an answer other than 1-4.
    """
    known = {f.id for f in FAILURES}
    unknown = [k for k in answers if k not in known]
    if unknown:
        raise CXError("gaps.error.unknown_failure", value=", ".join(unknown))
    rows = []
    for failure in FAILURES:
        raw = answers.get(failure.id)
        if raw is None:
            answer = None
        else:
            try:
                answer = int(raw)
            except (TypeError, ValueError):
                raise CXError("gaps.error.failure_answer", value=raw) from None
            if answer not in (1, 2, 3, 4) or answer != raw:
                raise CXError("gaps.error.failure_answer", value=raw)
        rows.append({"id": failure.id, "answer": answer, "expected": failure.gap,
                     "correct": None if answer is None else answer == failure.gap})
    table = pd.DataFrame(rows).set_index("id")
    table["answer"] = table["answer"].astype("Int64")
    table["correct"] = table["correct"].astype("boolean")
    answered = int(table["answer"].notna().sum())
    table.attrs = {"answered": answered, "right": int(table["correct"].sum()),
                   "total": len(FAILURES)}
    return table


# --------------------------------------------------------------------------- diagnosis


def validate_evidence(evidence: Mapping[str, int | float | None]) -> dict[str, int]:
    """Check evidence ratings: cause id -> 0-3 (``None``: not assessed, left out).

    Parameters
    ----------
    evidence : mapping
        Ratings per cause id.

    Returns
    -------
    dict
        The assessed causes only, with int ratings.

    Raises
    ------
    CXError
        An unknown cause id, or a rating that is not a whole number 0-3.
    """
    unknown = [str(k) for k in evidence if k not in _CAUSE_BY_ID]
    if unknown:
        raise CXError("gaps.error.unknown_cause", value=", ".join(unknown))
    clean: dict[str, int] = {}
    for cause_id, value in evidence.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise CXError("gaps.error.evidence_value", cause=cause_id, value=value) from None
        if not number.is_integer() or not EVIDENCE_MIN <= number <= EVIDENCE_MAX:
            raise CXError("gaps.error.evidence_value", cause=cause_id, value=value)
        clean[cause_id] = int(number)
    return clean


def customer_gap(scores: pd.DataFrame | Mapping[str, float]) -> pd.DataFrame:
    """The customer gap per SERVQUAL dimension, from a SERVQUAL result.

    Parameters
    ----------
    scores : pandas.DataFrame or mapping
        The output of :func:`cxwidgets.servqual.score` (or any frame indexed by dimension
        with a ``gap`` column), or a mapping dimension -> gap (P - E).

    Returns
    -------
    pandas.DataFrame
        Indexed by the five dimensions, column ``gap`` (NaN where unknown). ``attrs``
        ``overall``: the weighted SERVQUAL score when the input has one, else the mean of the
        known dimension gaps; ``weighted``: whether ``overall`` is weighted.

    Raises
    ------
    CXError
        Unknown dimension names or gaps that are not numbers.
    """
    from .servqual import DIMENSIONS

    if isinstance(scores, pd.DataFrame):
        if "gap" not in scores.columns:
            raise CXError("gaps.error.customer_columns")
        values = dict(scores["gap"].items())
        attrs = dict(scores.attrs)
    else:
        values = dict(scores)
        attrs = {}
    unknown = [str(k) for k in values if k not in DIMENSIONS]
    if unknown:
        raise CXError("gaps.error.customer_dimension", value=", ".join(unknown))
    gaps_by_dim = {}
    for dimension in DIMENSIONS:
        value = values.get(dimension)
        try:
            gaps_by_dim[dimension] = math.nan if value is None else float(value)
        except (TypeError, ValueError):
            raise CXError("gaps.error.customer_value", dimension=dimension, value=value) from None
    table = pd.DataFrame({"gap": gaps_by_dim})
    table.index.name = "dimension"
    weighted = attrs.get("weighted")
    if weighted is not None and not (isinstance(weighted, float) and math.isnan(weighted)):
        overall, is_weighted = float(weighted), True
    else:
        known = table["gap"].dropna()
        overall, is_weighted = (float(known.mean()) if len(known) else math.nan), False
    table.attrs = {"overall": overall, "weighted": is_weighted}
    return table


@dataclass(frozen=True)
class Diagnosis:
    """Result of :func:`diagnose`.

    Attributes
    ----------
    gaps : pandas.DataFrame
        Indexed by provider gap id (model order): ``number``, ``score`` (0-100, NaN when no
        cause was rated), ``rated``, ``causes``, ``strong`` (causes rated 2 or 3), ``rank``
        (1 = highest score), ``priority`` (score >= threshold).
    levers : pandas.DataFrame
        Indexed by lever id, only levers called for by a cause rated 2 or more in a priority
        gap (or, with no priority gap, in any gap): ``support`` (sum of those ratings),
        ``causes`` (cause ids), ``gaps`` (gap ids), sorted by support.
    customer : pandas.DataFrame or None
        The customer gap per dimension (see :func:`customer_gap`).
    focus : tuple of str
        Provider gaps that matter most: the priority gaps by score, or the single
        highest-scoring gap when none reaches the threshold (empty if nothing scored > 0).
    check_first : tuple of str
        Provider gaps linked (:data:`DIMENSION_LINKS`) to the customer's most negative
        dimension; empty without a customer gap.
    threshold : float
        The priority threshold used.
    """

    gaps: pd.DataFrame
    levers: pd.DataFrame
    customer: pd.DataFrame | None
    focus: tuple[str, ...]
    check_first: tuple[str, ...]
    threshold: float

    @property
    def customer_overall(self) -> float | None:
        """The overall customer gap (SERVQUAL score), or ``None``."""
        return None if self.customer is None else self.customer.attrs.get("overall")


def diagnose(
    evidence: Mapping[str, int | float | None],
    customer: pd.DataFrame | Mapping[str, float] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Diagnosis:
    """Score the four provider gaps from evidence ratings and propose levers.

    A gap's score is the mean evidence of its rated causes on a 0-100 scale:
    ``100 * mean(rating) / 3``. Causes left unrated are left out (never counted as 0).

    Parameters
    ----------
    evidence : mapping
        Cause id -> evidence 0-3 (``None``: not assessed).
    customer : pandas.DataFrame or mapping, optional
        SERVQUAL result for the customer gap (see :func:`customer_gap`).
    threshold : float, default 50
        Score from which a provider gap is a priority.

    Returns
    -------
    Diagnosis
        Scores, focus gaps, levers and the customer gap.

    Raises
    ------
    CXError
        Invalid evidence (see :func:`validate_evidence`) or customer gap.
    """
    ratings = validate_evidence(evidence)
    rows = []
    for gap_id in PROVIDER_GAPS:
        owned = [c.id for c in causes_of(gap_id)]
        rated = [ratings[c] for c in owned if c in ratings]
        score_value = 100 * sum(rated) / (EVIDENCE_MAX * len(rated)) if rated else math.nan
        rows.append({"gap": gap_id, "number": _GAP_BY_ID[gap_id].number, "score": score_value,
                     "rated": len(rated), "causes": len(owned),
                     "strong": sum(1 for r in rated if r >= 2)})
    table = pd.DataFrame(rows).set_index("gap")
    table["rank"] = table["score"].rank(ascending=False, method="min").astype("Int64")
    table["priority"] = table["score"].fillna(-1) >= threshold
    ordered = table.dropna(subset=["score"]).sort_values(["score", "number"],
                                                         ascending=[False, True])
    focus = tuple(ordered.index[ordered["priority"]])
    if not focus and len(ordered) and ordered["score"].iloc[0] > 0:
        focus = (ordered.index[0],)
    source_gaps = set(focus) if focus else set(PROVIDER_GAPS)
    support: dict[str, dict[str, object]] = {}
    for cause in CAUSES:
        rating = ratings.get(cause.id)
        if rating is None or rating < 2 or cause.gap not in source_gaps:
            continue
        for lever_id in cause.levers:
            entry = support.setdefault(lever_id, {"support": 0, "causes": [], "gaps": []})
            entry["support"] += rating
            entry["causes"].append(cause.id)
            if cause.gap not in entry["gaps"]:
                entry["gaps"].append(cause.gap)
    lever_order = [lv.id for lv in LEVERS]
    levers = pd.DataFrame(
        [{"lever": k, **v} for k, v in support.items()],
        columns=["lever", "support", "causes", "gaps"],
    ).set_index("lever")
    if len(levers):
        levers["order"] = [lever_order.index(k) for k in levers.index]
        levers = levers.sort_values(["support", "order"], ascending=[False, True]).drop(
            columns="order")
    levers["support"] = levers["support"].astype("int64")
    customer_table = None if customer is None else customer_gap(customer)
    check_first: tuple[str, ...] = ()
    if customer_table is not None:
        known = customer_table["gap"].dropna()
        if len(known) and known.min() < 0:
            check_first = DIMENSION_LINKS[known.idxmin()]
    return Diagnosis(gaps=table, levers=levers, customer=customer_table, focus=focus,
                     check_first=check_first, threshold=float(threshold))


"""What forms and summary tables call a cluster's facts and figures, and how a cell is read.

One table for the fill-in workbook (which writes these names, units and hints) and for the
readers of filled workbooks and summary tables (推荐汇总表, whose headers carry the unit:
``营业收入(亿元)``, ``主导产业占比(%)``), so that a frame reader can share it too. A cell becomes
what a cluster file would hold: a number with the unit its row or header names, so
``23.5`` under ``营业收入(亿元)`` is ``"23.5亿元"``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from decimal import Decimal

import attrs

from ..base.errors import FigureError, Problem
from ..base.figures import MONEY_UNITS

#: How a figure is written: its kind decides how a bare number in a cell is read.
MONEY, PERCENT, COUNT, INTENSITY, AREA, TEXT, YEAR, LIST = (
    "money", "percent", "count", "intensity", "area", "text", "year", "list",
)  # fmt: skip


@attrs.frozen
class FigureName:
    """A fact or figure of a cluster as a form names it: its key in a cluster file, its
    names, the unit a form offers, and the hint a person filling it in reads."""

    key: str
    zh: str
    en: str
    kind: str
    unit: str = ""
    hint_zh: str = ""
    hint_en: str = ""
    #: Other names summary tables give it.
    aliases: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def hint(self, lang: str) -> str:
        return self.hint_en if lang == "en" else self.hint_zh

    def header(self, lang: str) -> str:
        """The column header of a summary table or yearly sheet: ``营业收入(万元)``."""
        return f"{self.name(lang)}({self.unit})" if self.unit else self.name(lang)


_MONEY_HINT = ("填数字，单位见“单位”列（可改为 元、万元、亿元）；也可连单位一起填，如 23.5亿元",
               "a number in the unit of the unit column (元, 万元 or 亿元), or with its unit, such as 23.5亿元")  # fmt: skip
_PERCENT_HINT = ("填百分数，如 52%", "a percentage such as 52%")
_COUNT_HINT = ("填整数家数", "a whole number of firms")

#: A cluster's own facts: who and where it is, and the year its figures describe.
BASIC = (
    FigureName("name", "集群名称", "Cluster name", TEXT, "", "必填，如 示例县纺织服装产业集群", "required, such as 示例县纺织服装产业集群", ("集群", "产业集群", "集群名称")),
    FigureName("region", "所在地区", "Region", TEXT, "", "县（市、区）名", "the county or city", ("地区", "所在地", "所属地区")),
    FigureName("main_industry", "主导产业", "Main industry", TEXT, "", "如 纺织服装", "such as 纺织服装"),
    FigureName("year", "数据年份", "Year of the figures", YEAR, "年", "数据所属年度，如 2015", "the year the figures describe, such as 2015", ("年份", "年度")),
    FigureName("id", "集群编号", "Cluster id", TEXT, "", "已认定集群的编号（复核时填），可空", "the id of an accredited cluster (for re-verification); may be empty", ("编号",)),
)  # fmt: skip

#: The figures of the application form (``[declared]`` in a cluster file).
DECLARED = (
    FigureName("operating_revenue", "营业收入", "Operating revenue", MONEY, "万元", *_MONEY_HINT, ("集群营业收入", "年营业收入")),
    FigureName("main_industry_revenue", "主导产业营业收入", "Main-industry revenue", MONEY, "万元", *_MONEY_HINT, ("主导产业收入",)),
    FigureName("main_share", "主导产业占比", "Main-industry share", PERCENT, "%", "可不填：由营业收入算出；填了则以此为准", "may be left empty: computed from the revenues; when given, it decides", ("主导产业收入占比", "主导产业营业收入占比")),
    FigureName("rd_expense", "研发投入", "R&D spending", MONEY, "万元", *_MONEY_HINT, ("研发费用", "研发经费")),
    FigureName("rd_ratio", "研发投入占比", "R&D ratio", PERCENT, "%", "可不填：由研发投入和营业收入算出", "may be left empty: computed from R&D spending and revenue", ("研发投入强度",)),
    FigureName("leaders", "龙头企业数", "Leading firms", COUNT, "家", "主营业务收入超5000万元的企业家数", "firms with 主营业务收入 over 5000万元", ("龙头企业",)),
    FigureName("related_smes", "关联中小企业数", "Related SMEs", COUNT, "家", *_COUNT_HINT, ("关联中小企业",)),
    FigureName("building_density", "工业用地建筑密度", "Building density of industrial land", PERCENT, "%", *_PERCENT_HINT, ("建筑密度",)),
    FigureName("investment_intensity", "单位土地投资强度", "Investment intensity", INTENSITY, "万元/公顷", "填数字，单位 万元/公顷", "a number, in 万元 per hectare", ("投资强度",)),
    FigureName("clean_audit_required", "应实施强制性清洁生产审核企业数", "Firms required to audit", COUNT, "家", "规模以上企业中应实施的家数", "among firms above the size threshold", ("应实施清洁生产审核企业数",)),
    FigureName("clean_audit_done", "已实施强制性清洁生产审核企业数", "Firms that audited", COUNT, "家", "其中已实施的家数", "of those, the firms that did", ("已实施清洁生产审核企业数",)),
    FigureName("clean_audit_rate", "强制性清洁生产审核实施率", "Clean-production audit rate", PERCENT, "%", "可不填：由家数算出", "may be left empty: computed from the counts", ("清洁生产审核实施率",)),
    FigureName("service_functions", "公共服务平台功能", "Service platform functions", LIST, "", "已具备的功能，以顿号分隔：研发设计、检验检测、业务培训、信息咨询、知识产权保护、融资担保、产品展销、物流服务", "the functions present, separated by 、: 研发设计、检验检测、业务培训、信息咨询、知识产权保护、融资担保、产品展销、物流服务", ("服务平台功能", "公共服务功能")),
    FigureName("area", "集群占地面积", "Area of the cluster", AREA, "平方公里", "填数字，单位 平方公里", "a number, in square kilometres", ("占地面积",)),
    FigureName("champions", "单项冠军和“小巨人”企业数", "Champions and little giants", COUNT, "家", "制造业单项冠军或专精特新“小巨人”企业家数", "single-item champions or little giants", ("单项冠军或小巨人企业数",)),
    FigureName("specialised_firms", "专精特新、创新型中小企业和高新技术企业数", "Specialised, innovative and high-tech firms", COUNT, "家", *_COUNT_HINT, ("专精特新企业数",)),
    FigureName("platform_adoption", "工业互联网平台应用普及率", "Industrial internet platform adoption", PERCENT, "%", *_PERCENT_HINT, ("平台应用普及率",)),
    FigureName("sme_output_share", "中小企业产值占比", "SME share of output value", PERCENT, "%", "可不填：由年度产值算出；只公布了比例时填，如 70%以上", "may be left empty: computed from the yearly output; give it when only the share is published, such as 70%以上", ("中小企业产值占集群总产值比例",)),
    FigureName("main_output_share", "主导产业产值占比", "Main-industry share of output value", PERCENT, "%", "可不填：由年度产值算出；只公布了比例时填，如 逾70%", "may be left empty: computed from the yearly output; give it when only the share is published, such as 逾70%", ("主导产业占集群总产值比例",)),
    FigureName("output_growth", "产值年均增速", "Average annual growth of output", PERCENT, "%", "可不填：由近三年产值算出；只公布了增速时填，如 12%", "may be left empty: computed from three years of output; give it when only the rate is published, such as 12%", ("年均增速",)),
    FigureName("rd_growth", "中小企业研发经费年均增长", "Average annual growth of SME R&D", PERCENT, "%", "可不填：由近三年中小企业研发经费算出；只公布了增速时填", "may be left empty: computed from three years of SME R&D; give it when only the rate is published", ("研发经费年均增长",)),
)  # fmt: skip

#: The figures of one year (``[[yearly]]``), in the yearly sheet's columns.
YEARLY = (
    FigureName("output", "产值", "Output value", MONEY, "万元", *_MONEY_HINT, ("总产值",)),
    FigureName("sme_output", "中小企业产值", "SME output value", MONEY, "万元", *_MONEY_HINT),
    FigureName("main_industry_output", "主导产业产值", "Main-industry output value", MONEY, "万元", *_MONEY_HINT),
    FigureName("operating_revenue", "营业收入", "Operating revenue", MONEY, "万元", *_MONEY_HINT),
    FigureName("rd_expense", "研发经费", "R&D spending", MONEY, "万元", *_MONEY_HINT, ("研发投入",)),
    FigureName("sme_rd_expense", "中小企业研发经费", "SME R&D spending", MONEY, "万元", *_MONEY_HINT),
)  # fmt: skip

#: Findings as summary tables head them, by criterion id: the bundled packs' labels (a header
#: may also be the id itself). ``service_functions`` is also a figure: its finding is headed by
#: its label, or ``attested.service_functions``.
ATTESTATIONS: dict[str, str] = {
    "scope": "地理范围与集聚",
    "coordination": "组织协调机构",
    "plan": "产业发展规划",
    "policy": "政策扶持措施",
    "service_functions": "初步具备公共服务功能",
    "service_platform": "省级以上公共服务平台或创业基地",
    "clean_record": "近三年未发生较大及以上事故和违法违规行为",
    "county_scope": "位于县级区划范围内",
    "county_pillar": "主导产业为县域支柱或特色产业",
    "industrial_policy": "符合国家产业政策和行业发展规划",
    "niche_leader": "发展水平位居细分领域全国前列",
    "brand": "集群品牌知名度较高",
    "tiered_cultivation": "持续开展优质中小企业梯度培育",
    "supply_chain": "产业链供应链协作高效",
    "innovation": "创新平台与协同创新",
    "standards": "参加主导产业标准制修订",
    "digital_infrastructure": "新型信息基础设施和数字化装备",
    "digital_services": "跨企业数字化解决方案和服务",
    "data_connected": "工业软件应用和生产数据联通",
    "green": "绿色低碳（原文未找到）",
    "openness": "开放合作（原文未找到）",
    "governance": "治理和服务（原文未找到）",
}  # fmt: skip

BY_KEY = {f.key: f for f in (*BASIC, *DECLARED)}

_UNIT = re.compile(r"^(.*?)[(（\[【]\s*([^()（）\[\]【】]*?)\s*[)）\]】]$")
#: Units a header may give after a slash (``营业收入/万元``), the longest first.
_SLASH_UNITS = sorted(
    (*MONEY_UNITS, "%", "家", "个", "项", "万元/公顷", "平方公里"), key=len, reverse=True
)
#: Units a header may run on to its name (``营业收入万元``), where the name alone is known.
_RUN_ON_UNITS = ("亿元", "千元", "万元", "元", "%")
_PLAIN = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_LIST_SEPARATORS = re.compile(r"[、,，;；\n]")


def header_key(text: str, marks: str = "", known: Container[str] = ()) -> tuple[str, str | None]:
    """A header as a lookup key (NFKC, no spaces, lowercase, ``marks`` taken off its ends)
    and its unit: in brackets of any kind (``营业收入（万元）``, ``营业收入 [万元]``), after a
    slash (``营业收入/万元``), or run on (``营业收入万元``) when the name before it is one of
    ``known`` and the whole is not: each gives (``"营业收入"``, ``"万元"``)."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip(marks).lower()
    match = _UNIT.match(key)
    if match is not None:
        return match.group(1), match.group(2) or None
    for unit in _SLASH_UNITS:
        if key.endswith("/" + unit) and len(key) > len(unit) + 1:
            return key[: -len(unit) - 1], unit
    if key not in known:
        for unit in _RUN_ON_UNITS:
            if key.endswith(unit) and key[: -len(unit)] in known:
                return key[: -len(unit)], unit
    return key, None


def _lookup(names: tuple[FigureName, ...]) -> dict[str, FigureName]:
    found: dict[str, FigureName] = {}
    for figure in names:
        for name in (figure.key, figure.zh, figure.en, *figure.aliases):
            found.setdefault(header_key(name)[0], figure)
    return found


#: Summary-table headers (without their unit) → the figure, basic facts and declared figures.
SUMMARY_HEADERS = _lookup((*BASIC, *DECLARED))
#: Attestation headers → criterion id: the label, or the id itself.
ATTESTATION_HEADERS = {
    **{header_key(label)[0]: key for key, label in ATTESTATIONS.items()},
    **{key: key for key in ATTESTATIONS},
}
YEARLY_HEADERS = _lookup(YEARLY)


def cell_value(
    figure: FigureName,
    text: str,
    unit: str | None,
    *,
    percents_seen: bool = True,
    fraction_ambiguous: bool = False,
) -> object:
    """What a cluster file would hold for ``text`` (a cell, stripped) of ``figure``, a bare
    number taken in ``unit`` (the row's or the header's); text with a unit is kept as written,
    for the figure's own parser to read. A bare number with no unit is refused, never read in
    a unit assumed. Where percentage formats cannot be seen (.xls), or where a cell was made a
    percentage and holds a bare number (``fraction_ambiguous``: a form whose format was
    cleared), a number below 1 may be a cell showing ``52%`` and is refused, not guessed."""
    plain = _PLAIN.fullmatch(text) is not None
    kind = figure.kind
    if kind == TEXT:
        return text
    if kind == YEAR:
        return int(text) if text.isascii() and text.isdigit() else text
    if kind == LIST:
        return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]
    if not plain:
        return text
    if kind == MONEY:
        if unit is None:
            raise FigureError(Problem("cell_without_unit", shown=repr(text), value=text))
        if unit not in MONEY_UNITS:
            raise FigureError(Problem("not_unit", value=unit, expected="、".join(MONEY_UNITS)))
        return f"{text}{unit}"
    if kind == PERCENT:
        if unit is None:
            raise FigureError(Problem("share_without_unit", shown=repr(text), value=text))
        if unit != "%":
            raise FigureError(Problem("not_unit", value=unit, expected="%"))
        if 0 < Decimal(text.replace(",", "")) < 1:
            if not percents_seen:
                raise FigureError(Problem("percent_format_unseen", value=text))
            if fraction_ambiguous:
                raise FigureError(Problem("percent_fraction", value=text))
        return f"{text}%"
    return text

"""Building clusters in code: what each field accepts, read exactly, and what it refuses,
named as a file's errors are; and every impossible figure reported at once."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

import clustercheck as cc
from clustercheck.model.roster import Names, RosterFigures

MONEY = 'money such as "20亿元", "5000万元" or "12,345.6万元"'
MONEY_IN_CODE = 'expected a Decimal or text, such as Decimal("2500000000") or "25亿元"'
COUNT = "a whole number of firms such as 20"


def refusal(call: Any, *args: Any, **kwargs: Any) -> cc.InputError:
    """The one error ``call`` raises, checked to name the code as its source."""
    with pytest.raises(cc.InputError) as caught:
        call(*args, **kwargs)
    assert caught.value.source == "<code>"
    return caught.value


def refusals(call: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    """(where, problem) of each error ``call`` raises at once."""
    with pytest.raises(cc.InputErrors) as caught:
        call(*args, **kwargs)
    assert {e.source for e in caught.value.errors} == {"<code>"}
    return [(e.where, e.problem) for e in caught.value.errors]


def test_the_analysts_reference_case() -> None:
    declared = cc.Declared(leaders=numpy.int64(3))
    assert declared.leaders == 3 and type(declared.leaders) is int
    report = cc.check(cc.Cluster(name="示例县集群", declared=declared))
    assert report["leaders"].value == Decimal(3)
    error = refusal(cc.Declared, operating_revenue=2.5e9)
    assert error.where == "Declared.operating_revenue"
    assert error.problem == f"2500000000.0 is a float, which is not exact; {MONEY_IN_CODE}"
    assert str(error) == f"<code>: Declared.operating_revenue: {error.problem}"
    assert isinstance(error, cc.ClusterCheckError)


@pytest.mark.parametrize(
    ("field", "given", "read"),
    [
        ("operating_revenue", 2_500_000_000, Decimal("2500000000")),
        ("operating_revenue", Decimal("2350005000.5"), Decimal("2350005000.5")),
        ("operating_revenue", "20亿元", Decimal("2000000000")),
        ("operating_revenue", "12,345.6万元", Decimal("123456000")),
        ("operating_revenue", "800", Decimal("800")),  # bare text in code is in 元
        ("operating_revenue", numpy.int64(2_500_000_000), Decimal("2500000000")),
        ("rd_expense", numpy.uint32(31_000_000), Decimal("31000000")),
        ("main_share", Decimal("0.65"), Decimal("0.65")),
        ("main_share", "65%", Decimal("0.65")),
        ("main_share", 1, Decimal("1")),
        ("building_density", numpy.int8(0), Decimal("0")),
        ("investment_intensity", "1180万元/公顷", Decimal("1180")),
        ("investment_intensity", Decimal("1180.5"), Decimal("1180.5")),
        ("area", "85平方公里", Decimal("85")),
        ("leaders", 3, 3),
        ("leaders", Decimal("3"), 3),
        ("leaders", Decimal("3.00"), 3),
        ("related_smes", "41家", 41),
        ("champions", numpy.int16(2), 2),
        ("service_functions", ["研发设计", " 检验检测 "], ("研发设计", "检验检测")),
        ("operating_revenue", None, None),
    ],
)
def test_declared_figures_given_in_code_are_read_exactly(
    field: str, given: Any, read: object
) -> None:
    value = getattr(cc.Declared(**{field: given}), field)
    assert value == read
    assert type(value) is type(read)


@pytest.mark.parametrize(
    "word", ["大", "大型", "大型企业", "large", "LARGE", " Large "]
)  # fmt: skip
def test_sizes_take_the_words_of_a_roster(word: str) -> None:
    assert cc.Enterprise(name="甲", size=word).size is cc.Size.LARGE
    assert cc.Enterprise(name="甲", size="微").size is cc.Size.MICRO
    assert cc.Enterprise(name="甲", size=cc.Size.SMALL).size is cc.Size.SMALL


def test_other_fields_given_in_code() -> None:
    firm = cc.Enterprise(name=" 甲公司 ", credit_code="91110000600037341l", in_main_industry=True)
    assert (firm.name, firm.credit_code) == ("甲公司", "91110000600037341L")
    year = cc.Yearly(year=numpy.int32(2020), output="50亿元")
    assert year.year == 2020 and type(year.year) is int
    assert year.output == Decimal("5000000000")
    cluster = cc.Cluster(name="示例县集群", enterprises=[firm], yearly=[year], declared=None)
    assert cluster.enterprises == (firm,) and cluster.yearly == (year,)
    assert cluster.declared == cc.Declared()


@pytest.mark.parametrize(
    ("field", "given", "problem"),
    [
        ("operating_revenue", numpy.float64(2.5e9), f"2500000000.0 is a float64, which is not exact; {MONEY_IN_CODE}"),
        ("operating_revenue", numpy.float32(2.5), f"2.5 is a float32, which is not exact; {MONEY_IN_CODE}"),
        ("operating_revenue", float("nan"), f"nan is a float, which is not exact; {MONEY_IN_CODE}"),
        ("operating_revenue", Decimal("NaN"), f"NaN is not a finite number; expected {MONEY}"),
        ("operating_revenue", Decimal("sNaN"), f"sNaN is not a finite number; expected {MONEY}"),
        ("operating_revenue", Decimal("Infinity"), f"Infinity is not a finite number; expected {MONEY}"),
        ("operating_revenue", Decimal("-Infinity"), f"-Infinity is not a finite number; expected {MONEY}"),
        ("operating_revenue", -1, f"-1 is negative; expected {MONEY}"),
        ("operating_revenue", True, f"True is a boolean; expected {MONEY}"),
        ("operating_revenue", Fraction(1, 2), f"1/2 is a Fraction; expected {MONEY}"),
        ("operating_revenue", "30美元", f"'30美元' is not money; expected {MONEY} (units: 元、千元、万元、万、亿元、亿)"),
        ("main_share", 0.65, '0.65 is a float, which is not exact; expected a Decimal fraction or a percentage, such as Decimal("0.65") or "65%"'),
        ("main_share", Decimal("1.2"), "1.2 is above 100%; expected a share from 0% to 100%"),
        ("main_share", "65", """'65' is not a percentage; expected a percentage such as "65%\""""),
        ("leaders", 3.0, '3.0 is a float, which is not exact; expected a whole number such as 3, or Decimal("3")'),
        ("leaders", Decimal("3.5"), f"3.5 is not a whole number; expected {COUNT}"),
        ("leaders", True, f"True is a boolean; expected {COUNT}"),
        ("leaders", numpy.bool_(True), f"True is a bool; expected {COUNT}"),
        ("leaders", -2, f"-2 is negative; expected {COUNT}"),
        ("service_functions", "研发设计", """'研发设计' is not a list; expected a list such as ["研发设计", "检验检测"]"""),
    ],
)  # fmt: skip
def test_declared_refuses_what_a_file_may_not_hold(field: str, given: object, problem: str) -> None:
    error = refusal(cc.Declared, **{field: given})
    assert (error.where, error.problem) == (f"Declared.{field}", problem)


@pytest.mark.parametrize(
    ("flag", "problem"),
    [
        ("否", "plan = '否' is not true or false"),
        ("no", "plan = 'no' is not true or false"),
        ("false", "plan = 'false' is not true or false"),
        (0, "plan = 0 is not true or false"),
        (1, "plan = 1 is not true or false"),
        (None, "plan = None is not true or false; leave the key out when it is not known"),
    ],
)
def test_attestations_are_true_or_false_only(flag: object, problem: str) -> None:
    error = refusal(cc.Cluster, name="X", attested={"plan": flag})
    assert (error.where, error.problem) == ("Cluster.attested", problem)


def test_a_refused_attestation_never_reaches_a_check() -> None:
    # This once checked as PASS: "否" is a non-empty string, so truthy.
    with pytest.raises(cc.InputError, match="'否' is not true or false"):
        cc.check(cc.Cluster(name="X", attested={"plan": "否"}))  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("call", "field", "given", "problem"),
    [
        (cc.Cluster, "attested", "plan", "'plan' is not a table; expected keys such as plan = true"),
        (cc.Cluster, "attested", {1: True}, "1 is not the name of an attestation; expected text such as plan"),
        (cc.Cluster, "year", 2015.0, "2015.0 is a float, which is not exact; expected a year such as 2015"),
        (cc.Cluster, "year", True, "True is not a year; expected a year such as 2015"),
        (cc.Cluster, "year", 1948, "1948 is not a year; expected a year such as 2015"),
        (cc.Cluster, "year", 2201, "2201 is not a year; expected a year such as 2015"),
        (cc.Cluster, "enterprises", "甲", "'甲' is not a list; expected a list of Enterprise"),
        (cc.Cluster, "enterprises", ["甲"], "item 0 is '甲'; expected cc.Enterprise(…)"),
        (cc.Cluster, "declared", {"leaders": 3}, "{'leaders': 3} is not declared figures; expected cc.Declared(…)"),
        (cc.Cluster, "roster", "firms.csv", "'firms.csv' is not a roster's figures; expected RosterFigures or None"),
        (cc.Cluster, "region", "", "'' is not a name; expected non-empty text"),
        (cc.Enterprise, "size", "huge", "'huge' is not a firm size; expected 大/中/小/微 or large/medium/small/micro"),
        (cc.Enterprise, "related", None, "None is not true or false"),
        (cc.Enterprise, "in_main_industry", "是", "'是' is not true or false"),
        (cc.Enterprise, "sector", " ", "' ' is not a sector; expected text such as 工业 or industry"),
        (cc.Enterprise, "employees", 420.0, 'expected a whole number such as 3, or Decimal("3")'),
        (cc.Enterprise, "credit_code", 91110000600037341, "91110000600037341 is not a credit code; expected 18 characters of text"),
        (cc.Yearly, "output", 5e9, f"5000000000.0 is a float, which is not exact; {MONEY_IN_CODE}"),
    ],
)  # fmt: skip
def test_each_class_refuses_what_a_file_may_not_hold(
    call: type, field: str, given: object, problem: str
) -> None:
    required: dict[type, dict[str, Any]] = {
        cc.Cluster: {"name": "X"},
        cc.Enterprise: {"name": "甲"},
        cc.Yearly: {"year": 2020},
    }
    error = refusal(call, **{**required[call], field: given})
    assert error.where == f"{call.__name__}.{field}"
    assert problem in error.problem


def test_an_iterator_refused_is_reported_though_it_is_used_up() -> None:
    error = refusal(cc.Cluster, name="X", enterprises=iter(["甲"]))
    assert (error.where, error.problem) == ("Cluster", "item 0 is '甲'; expected cc.Enterprise(…)")


def test_every_refused_field_is_reported_at_once() -> None:
    assert refusals(cc.Declared, operating_revenue=2.5e9, leaders="三", main_share="65") == [
        ("Declared.operating_revenue", f"2500000000.0 is a float, which is not exact; {MONEY_IN_CODE}"),
        ("Declared.main_share", """'65' is not a percentage; expected a percentage such as "65%\""""),
        ("Declared.leaders", f"'三' is not a count; expected {COUNT}"),
    ]  # fmt: skip


def test_a_call_that_does_not_fit_the_fields_is_an_input_error() -> None:
    error = refusal(cc.Declared, revenue=3)
    assert error.where == "Declared"
    assert error.problem.startswith("got an unexpected keyword argument 'revenue'; expected ")
    assert "operating_revenue" in error.problem
    error = refusal(cc.Cluster)
    assert error.where == "Cluster"
    assert error.problem.startswith("missing a required argument: 'name'")


def test_every_impossible_declared_figure_is_reported_at_once() -> None:
    assert refusals(
        cc.Declared,
        operating_revenue="10亿元",
        main_industry_revenue="11亿元",
        rd_expense="12亿元",
        clean_audit_required=3,
        clean_audit_done=4,
    ) == [
        ("Declared.main_industry_revenue", "main_industry_revenue 1100000000 元 is above operating_revenue 1000000000 元; expected at most 1000000000 元, since the main industry's revenue (主导产业营业收入) is part of the total"),
        ("Declared.rd_expense", "rd_expense 1200000000 元 is above operating_revenue 1000000000 元; expected at most 1000000000 元, since R&D spending above revenue would be an R&D ratio above 100%"),
        ("Declared.clean_audit_done", "clean_audit_done 4 is above clean_audit_required 3; expected at most 3, since the audits done are among those required"),
    ]  # fmt: skip


def test_one_impossible_figure_is_one_input_error() -> None:
    error = refusal(cc.Declared, operating_revenue=100, rd_expense=120)
    assert error.where == "Declared.rd_expense"
    assert error.problem.startswith("rd_expense 120 元 is above operating_revenue 100 元;")


def test_a_part_equal_to_its_whole_is_possible() -> None:
    declared = cc.Declared(
        operating_revenue=100, main_industry_revenue=100, rd_expense=100,
        clean_audit_required=3, clean_audit_done=3,
    )  # fmt: skip
    assert cc.check(cc.Cluster(name="X", declared=declared))["rd_ratio"].value == Decimal(100)


def test_a_firms_main_business_revenue_is_part_of_its_operating_revenue() -> None:
    error = refusal(cc.Enterprise, name="甲", main_business_revenue=200, operating_revenue=100)
    assert (error.where, error.problem) == (
        "Enterprise.main_business_revenue",
        "main_business_revenue 200 元 is above operating_revenue 100 元; expected at most 100 元, "
        "since 主营业务收入 is part of 营业收入",
    )
    # One firm may spend more on research than it earns; a whole cluster may not.
    assert cc.Enterprise(name="甲", operating_revenue=100, rd_expense=200).rd_expense == 200


def test_every_impossible_yearly_figure_is_reported_at_once() -> None:
    assert refusals(
        cc.Yearly, year=2020, output=10, sme_output=11, main_industry_output=12,
        operating_revenue=5, rd_expense=6, sme_rd_expense=7,
    ) == [
        ("Yearly.sme_output", "2020: sme_output 11 元 is above output 10 元; expected at most 10 元, since SME output (中小企业产值) is part of the total"),
        ("Yearly.main_industry_output", "2020: main_industry_output 12 元 is above output 10 元; expected at most 10 元, since main-industry output (主导产业产值) is part of the total"),
        ("Yearly.rd_expense", "2020: rd_expense 6 元 is above operating_revenue 5 元; expected at most 5 元, since R&D spending above revenue would be an R&D ratio above 100%"),
        ("Yearly.sme_rd_expense", "2020: sme_rd_expense 7 元 is above rd_expense 6 元; expected at most 6 元, since SME R&D spending (中小企业研发经费) is part of the total"),
    ]  # fmt: skip


def _roster_figures() -> RosterFigures:
    return RosterFigures(
        firms=0, operating_revenue=Decimal(0), lacking_operating_revenue=Names(),
        main_industry_revenue=Decimal(0), lacking_main_flag=Names(), rd_expense=Decimal(0),
        lacking_rd_expense=Names(), leaders={}, proxied=Names(),
        lacking_business_revenue=Names(), related_smes=0, undecided_size=Names(),
    )  # fmt: skip


def test_every_impossible_cluster_is_reported_at_once() -> None:
    code = "91110000600037341L"
    firms = [cc.Enterprise(name=name, credit_code=code) for name in ("甲", "乙", "丙")]
    assert refusals(
        cc.Cluster,
        name="X",
        enterprises=firms,
        yearly=[cc.Yearly(year=2020), cc.Yearly(year=2020)],
        roster=_roster_figures(),
    ) == [
        ("Cluster.yearly", "yearly figures give a year twice ([2020, 2020]); expected each year once"),
        ("Cluster.roster", "both [[enterprises]] and a roster file are given; expected the roster in one place"),
        ("Cluster.enterprises", f"credit code {code} appears twice in one cluster: '甲' and '乙'; expected each firm once"),
        ("Cluster.enterprises", f"credit code {code} appears twice in one cluster: '甲' and '丙'; expected each firm once"),
    ]  # fmt: skip


def test_evolving_a_cluster_validates_as_building_it() -> None:
    cluster = cc.Cluster(name="X", enterprises=[cc.Enterprise(name="甲")])
    error = refusal(attrs.evolve, cluster, roster=_roster_figures())
    assert error.where == "Cluster.roster"


def test_impossible_figures_in_a_file_are_named_by_key_path(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        'name = "示例县集群"\nmoney_unit = "万元"\n'
        '[declared]\noperating_revenue = "10亿元"\nmain_industry_revenue = "11亿元"\n'
        "rd_expense = 120000\nclean_audit_required = 3\nclean_audit_done = 4\n"
        '[[enterprises]]\nname = "甲"\nmain_business_revenue = "2亿元"\noperating_revenue = 10000\n'
        '[[yearly]]\nyear = 2020\noutput = "10亿元"\n'
        '[[yearly]]\nyear = 2021\noutput = "10亿元"\nsme_output = "11亿元"\n',
        encoding="utf-8",
    )
    with pytest.raises(cc.InputErrors) as caught:
        cc.load_cluster(path)
    errors = caught.value.errors
    assert {e.source for e in errors} == {str(path)}
    assert [(e.where, e.problem.split(";")[0]) for e in errors] == [
        ("declared.main_industry_revenue", "main_industry_revenue 1100000000 元 is above operating_revenue 1000000000 元"),
        ("declared.rd_expense", "rd_expense 1200000000 元 is above operating_revenue 1000000000 元"),
        ("declared.clean_audit_done", "clean_audit_done 4 is above clean_audit_required 3"),
        ("enterprises[0].main_business_revenue", "main_business_revenue 200000000 元 is above operating_revenue 100000000 元"),
        ("yearly[1].sme_output", "2021: sme_output 1100000000 元 is above output 1000000000 元"),
    ]  # fmt: skip


def test_a_roster_file_beside_inline_firms_is_named_by_key(tmp_path: Path) -> None:
    (tmp_path / "firms.csv").write_text("企业名称,营业收入\n甲公司,1亿元\n", encoding="utf-8")
    path = tmp_path / "c.toml"
    path.write_text(
        'name = "示例县集群"\nroster = "firms.csv"\n[[enterprises]]\nname = "乙"\n',
        encoding="utf-8",
    )
    with pytest.raises(cc.InputError) as caught:
        cc.load_cluster(path)
    assert (caught.value.source, caught.value.where) == (str(path), "roster")
    assert caught.value.problem == (
        "both [[enterprises]] and a roster file are given; expected the roster in one place"
    )


# Any value of many Python types, for any field of any class.
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.fractions(),
    st.complex_numbers(),
    st.text(),
    st.binary(),
    st.dates(),
    st.from_regex(r"-?[0-9]{1,6}(\.[0-9]{1,3})?(亿元|万元|元|%|家|万元/公顷|平方公里)?", fullmatch=True),
    st.sampled_from(["中型", "micro", "是", "否", "true", "91110000600037341L", "2020", "NaN"]),
    st.sampled_from(list(cc.Size)),
    st.builds(numpy.int64, st.integers(-(2**63), 2**63 - 1)),
    st.builds(numpy.float64, st.floats()),
    st.builds(numpy.bool_, st.booleans()),
    st.lists(st.integers() | st.text() | st.booleans(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.none() | st.booleans() | st.integers() | st.text(), max_size=3),
    st.tuples(st.just(cc.Enterprise(name="甲")), st.just(cc.Enterprise(name="乙"))),
    st.lists(st.builds(cc.Yearly, year=st.integers(2018, 2021)), max_size=3),
    st.just(cc.Declared(leaders=1)),
    st.builds(object),
)  # fmt: skip

REQUIRED: dict[type, dict[str, Any]] = {
    cc.Cluster: {"name": "X"},
    cc.Declared: {},
    cc.Enterprise: {"name": "甲"},
    cc.Yearly: {"year": 2020},
    cc.Reported: {"criterion": "leaders", "wording": "w", "source": "s", "why_not_used": "n"},
}
FIELDS = [(cls, f.name) for cls in REQUIRED for f in attrs.fields(cls)]


def _in_a_cluster(made: object) -> cc.Cluster:
    if isinstance(made, cc.Cluster):
        return made
    if isinstance(made, cc.Declared):
        return cc.Cluster(name="X", declared=made)
    if isinstance(made, cc.Enterprise):
        return cc.Cluster(name="X", enterprises=[made])
    if isinstance(made, cc.Yearly):
        return cc.Cluster(name="X", year=made.year, yearly=[made])
    return cc.Cluster(name="X", reported=[made])  # type: ignore[list-item]


@given(st.sampled_from(FIELDS), anything)
def test_any_value_for_any_field_is_a_valid_object_or_an_input_error(
    field: tuple[type, str], value: object
) -> None:
    cls, name = field
    try:
        made = cls(**{**REQUIRED[cls], name: value})
    except cc.InputError as exc:
        refused: cc.InputError = exc
    else:
        cluster = _in_a_cluster(made)
        for pack in cc.bundled_packs():
            cc.check(cluster, pack)
        return
    assert (refused.source, refused.where) == ("<code>", f"{cls.__name__}.{name}")


@pytest.mark.parametrize("year", [1949, 2200, numpy.int32(2015)])
def test_a_clusters_year_is_kept_as_an_int_up_to_its_bounds(year: object) -> None:
    cluster = cc.Cluster(name="X", year=year)  # type: ignore[arg-type]
    assert (cluster.year, type(cluster.year)) == (int(year), int)  # type: ignore[call-overload]

"""Test cases that ship beside a pack, as data: a pack proves itself without Python.

``henan-2014-196.toml`` has its cases in ``henan-2014-196.cases.toml``: a base cluster, and
cases that change some of its figures and say which status each criterion must get, what the
verdict must be and, for a pack with work targets, the revenue band. ``clustercheck rules
--test`` runs them.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .base.errors import TOP_LEVEL, InputError, InputErrors, PackError, Problem
from .read.cluster_file import cluster_from_data
from .rules.engine import check
from .rules.measures import leader_tests
from .rules.pack import Rules
from .rules.report import Status, Verdict, band_of

_TOP = ("pack", "base", "case")
_CASE = (
    "name",
    "declared",
    "attested",
    "yearly",
    "enterprises",
    "add_enterprises",
    "year",
    "omit",
    "expect",
    "verdict",
    "band",
)
#: What a case expects as its band when the revenue falls in no band of the targets.
NO_BAND = "none"
_MERGED = ("declared", "attested")


@attrs.frozen
class Mismatch:
    """A criterion (or ``verdict``) whose result is not the one the case expects."""

    criterion: str
    expected: str
    got: str


@attrs.frozen
class CaseResult:
    """One case run: its name and what did not come out as expected (nothing when it passed)."""

    name: str
    mismatches: tuple[Mismatch, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not self.mismatches


def cases_path(rules: Rules) -> Path:
    """Where a pack's cases are: beside it, ``<pack>.cases.toml``."""
    if rules.path is None:
        raise PackError(Problem("pack_not_from_file", pack=rules.id), source=rules.id)
    path = Path(rules.path)
    return path.with_name(f"{path.stem}.cases.toml")


def _cluster(base: Mapping[str, Any], case: Mapping[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(dict(base))
    for key in _MERGED:
        if key in case:
            data[key] = {**base.get(key, {}), **case[key]}
    for key in ("yearly", "enterprises", "year"):
        if key in case:
            data[key] = case[key]
    if "add_enterprises" in case:
        data["enterprises"] = [*data.get("enterprises", []), *case["add_enterprises"]]
    for dotted in case.get("omit", []):
        table, _, key = str(dotted).rpartition(".")
        target = data.get(table, {}) if table else data
        if isinstance(target, dict):
            target.pop(key, None)
    data["name"] = case.get("name", data.get("name", "case"))
    return data


def _expectations(origin: str, where: str, case: Mapping[str, Any], rules: Rules) -> dict[str, str]:
    expect = dict(case.get("expect", {}))
    ids = {c.id for c in rules.criteria}
    errors = []
    for key, value in expect.items():
        if key not in ids:
            errors.append(
                InputError(
                    origin,
                    f"{where}.expect.{key}",
                    Problem("no_criterion", value=key, pack=rules.id, expected=", ".join(ids)),
                )
            )
        elif value not in {s.value for s in Status}:
            errors.append(
                InputError(
                    origin,
                    f"{where}.expect.{key}",
                    Problem("not_status", value=value, expected="PASS, FAIL, UNKNOWN, INFO"),
                )
            )
    if "verdict" in case:
        if case["verdict"] not in {v.value for v in Verdict}:
            errors.append(
                InputError(
                    origin,
                    f"{where}.verdict",
                    Problem(
                        "not_verdict",
                        value=case["verdict"],
                        expected="QUALIFIED, NOT_QUALIFIED, INCOMPLETE",
                    ),
                )
            )
        expect["verdict"] = case["verdict"]
    if "band" in case:
        bands = [b.id for b in rules.targets.bands] if rules.targets is not None else []
        if not bands:
            errors.append(InputError(origin, f"{where}.band", Problem("no_targets", pack=rules.id)))
        elif case["band"] not in [*bands, NO_BAND]:
            expected = ", ".join([*bands, NO_BAND])
            problem = Problem("not_band", value=case["band"], expected=expected)
            errors.append(InputError(origin, f"{where}.band", problem))
        expect["band"] = case["band"]
    if not expect:
        errors.append(
            InputError(
                origin,
                where,
                Problem("expects_nothing"),
            )
        )
    if errors:
        raise InputErrors(errors)
    return expect


def _known_keys(origin: str, where: str, table: Mapping[str, Any], known: tuple[str, ...]) -> None:
    """Refuses a key of ``table`` that is not ``known``: a typo is no silently ignored case."""
    unknown = sorted(set(table) - set(known))
    if unknown:
        problem = Problem("unknown_keys", value=", ".join(unknown), expected=", ".join(known))
        raise InputError(origin, where, problem)


def run_cases(rules: Rules, path: str | Path | None = None) -> list[CaseResult]:
    """Run the cases of ``rules`` (from ``path``, else the file beside the pack)."""
    file = Path(path) if path is not None else cases_path(rules)
    origin = str(file)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"), parse_float=Decimal)
    except FileNotFoundError:
        raise InputError(origin, "", Problem("no_cases", pack=rules.id)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(origin, "", Problem("not_toml", detail=str(exc))) from None
    _known_keys(origin, TOP_LEVEL, data, _TOP)
    if data.get("pack", rules.id) != rules.id:
        raise InputError(
            origin, "pack", Problem("cases_for_other_pack", value=data["pack"], expected=rules.id)
        )
    base = data.get("base", {})
    cases = data.get("case", [])
    if not cases:
        raise InputError(origin, "case", Problem("no_case_tables"))
    tests = leader_tests(rules)
    results = []
    for index, case in enumerate(cases):
        where = f"case[{index}]"
        _known_keys(origin, where, case, _CASE)
        expect = _expectations(origin, where, case, rules)
        if not isinstance(case.get("add_enterprises", []), list):
            problem = Problem("not_list_of", value=case["add_enterprises"], kind="enterprises")
            raise InputError(origin, f"{where}.add_enterprises", problem)
        cluster = cluster_from_data(_cluster(base, case), f"{origin} {where}", leader_tests=tests)
        report = check(cluster, rules)
        got = {o.id: o.status.value for o in report.outcomes} | {"verdict": report.verdict.value}
        if "band" in expect:
            band = band_of(rules, report)
            got["band"] = NO_BAND if band is None else band.id
        mismatches = tuple(Mismatch(k, v, got[k]) for k, v in expect.items() if got[k] != v)
        results.append(CaseResult(str(case.get("name", where)), mismatches))
    return results

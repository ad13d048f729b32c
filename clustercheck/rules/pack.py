"""Rule packs: declarative files that state a document's criteria, loaded and validated strictly.

A pack is TOML (see ``docs/packs.md``). Every key is checked against a fixed list, so a typo
is an error naming the pack and the key, never a silently ignored rule.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError

from ..base.arguments import item_list, tag_set, wrong_argument
from ..base.compare import Operator
from ..base.errors import (
    FigureError,
    InputError,
    PackError,
    Problem,
    UsageError,
)
from ..base.figures import (
    DISPLAY_UNITS,
    EXACT,
    MONEY_UNITS,
    exact_decimal,
    format_decimal,
    parse_date,
    parse_money,
    parse_threshold,
)
from ..base.filekind import refuse_special_input
from ..base.messages import Phrase
from ..base.structuring import error_lines

#: A problem found in a pack, at its key path.
Found = tuple[str, Problem]

DEFAULT_PACK = "henan-2014-196"
PACK_FORMAT = 1


class Kind(enum.Enum):
    """What a criterion is: a figure against a threshold, a yes/no attestation, or advice."""

    THRESHOLD = "threshold"
    ATTESTATION = "attestation"
    ADVISORY = "advisory"

    @property
    def decides(self) -> bool:
        """Advisory criteria are reported but never decide the verdict."""
        return self is not Kind.ADVISORY


@attrs.frozen
class Label:
    """A text in Chinese and English."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        """The text in ``lang`` ("zh" or "en")."""
        return self.en if lang == "en" else self.zh


def _param_operator(value: object) -> Operator:
    try:
        return Operator(value)
    except ValueError:
        raise FigureError(Problem("not_operator", value=value, expected="> >= < <=")) from None


def _param_functions(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise FigureError(Problem("not_function_list", value=value))
    return tuple(value)


#: Declared figures a pack may test directly with the ``declared`` measure.
DECLARED_FIGURES = ("area", "champions", "specialised_firms", "platform_adoption")
#: Yearly figures the yearly measures may use.
YEARLY_FIGURES = (
    "output", "sme_output", "main_industry_output", "operating_revenue", "rd_expense",
    "sme_rd_expense",
)  # fmt: skip
GROWTH_METHODS = ("geometric", "arithmetic")


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: object) -> str:
        if value not in choices:
            raise FigureError(Problem("not_choice", value=value, expected=", ".join(choices)))
        return str(value)

    return parse


def _years(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2 <= value <= 10:
        raise FigureError(Problem("not_years", value=value, expected="2–10"))
    return value


#: The measures a pack may name, each with the parameters it accepts (all required).
MEASURE_PARAMS: dict[str, dict[str, Callable[[Any], object]]] = {
    "attestation": {},
    "leaders": {"firm_operator": _param_operator, "firm_threshold": parse_threshold},
    "related_smes": {},
    "building_density": {},
    "investment_intensity": {},
    "revenue": {},
    "main_share": {},
    "rd_ratio": {},
    "clean_audit_rate": {},
    "service_functions": {"functions": _param_functions},
    "declared": {"field": _choice(DECLARED_FIGURES)},
    "yearly_each": {"figure": _choice(YEARLY_FIGURES), "years": _years},
    "yearly_share": {"part": _choice(YEARLY_FIGURES), "whole": _choice(YEARLY_FIGURES)},
    "growth": {
        "figure": _choice(YEARLY_FIGURES),
        "years": _years,
        "method": _choice(GROWTH_METHODS),
    },
    "any_of": {},
}

#: The measures each kind of criterion may use.
_KIND_MEASURES = {
    # A finding may show declared evidence beside it: the service functions listed.
    Kind.ATTESTATION: {"attestation", "service_functions"},
    Kind.ADVISORY: {"service_functions"},
    Kind.THRESHOLD: set(MEASURE_PARAMS) - {"attestation", "service_functions"},
}


def _threshold(value: object) -> str | None:
    """A threshold as the pack writes it (``"20亿元"``, ``"65%"``, ``"2"``), checked to parse."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FigureError(Problem("not_threshold", value=value))
    parse_threshold(str(value))
    return str(value)


def _unit(value: object) -> str | None:
    if value is None or (isinstance(value, str) and value in DISPLAY_UNITS):
        return value
    raise FigureError(Problem("not_unit", value=value, expected=" ".join(DISPLAY_UNITS)))


def _tags(value: object) -> frozenset[str]:
    if not isinstance(value, list | tuple | frozenset | set) or not all(
        isinstance(v, str) for v in value
    ):
        raise FigureError(Problem("not_tags", value=value))
    return frozenset(value)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise FigureError(Problem("not_flag", value=value))
    return value


def _attestation_key(value: object) -> str | None:
    """The key a reviewer writes in ``[attested]`` (``area_exception``), or None."""
    if value is None or (isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_]*", value)):
        return value
    raise FigureError(Problem("not_attestation_key", value=value))


def _mapping(value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise FigureError(Problem("not_table", value=value))
    return dict(value)


def _settings(measure: str, params: Mapping[str, Any]) -> dict[str, Any]:
    spec = MEASURE_PARAMS.get(measure, {})
    return {key: spec[key](value) for key, value in params.items() if key in spec}


@attrs.frozen
class Alternative:
    """One branch of an either-or condition (``不少于1家……或者不少于10家……``)."""

    label: Label
    measure: str
    operator: Operator
    threshold: str = attrs.field(converter=_threshold)
    unit: str = attrs.field(converter=_unit)
    wording: str
    params: Mapping[str, Any] = attrs.field(factory=dict, converter=_mapping)

    def criterion(self, parent: Criterion, index: int) -> Criterion:
        """This branch as a threshold criterion of its own, to be evaluated like any other."""
        return Criterion(
            id=f"{parent.id}[{index}]", clause=parent.clause, label=self.label, short=self.label,
            kind=Kind.THRESHOLD, measure=self.measure, wording=self.wording,
            operator=self.operator, threshold=self.threshold, unit=self.unit, params=self.params,
        )  # fmt: skip


@attrs.frozen
class Criterion:
    """One condition of a pack, with the clause and the exact wording it encodes."""

    id: str
    clause: str
    label: Label
    short: Label
    kind: Kind
    measure: str
    wording: str
    operator: Operator | None = None
    threshold: str | None = attrs.field(default=None, converter=_threshold)
    unit: str | None = attrs.field(default=None, converter=_unit)
    reading: str | None = None
    #: ``reading`` in English (English reports show it; without it they show the Chinese).
    reading_en: str | None = None
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_tags)
    params: Mapping[str, Any] = attrs.field(factory=dict, converter=_mapping)
    #: Either-or branches (measure ``any_of``): the criterion passes when any branch passes.
    any_of: tuple[Alternative, ...] = ()
    #: A general rule (``一般不超过``): missing the threshold is settled by the reviewer's
    #: attestation of an exception, under the key ``exception`` of ``[attested]``.
    general: bool = attrs.field(default=False, converter=_flag)
    exception: str | None = attrs.field(default=None, converter=_attestation_key)
    #: The document's own wording, where a what-if changed the threshold (and the number in
    #: ``wording`` with it); None in a pack as loaded.
    original_wording: str | None = None
    #: The threshold in canonical units (元, fractions, counts), computed from ``threshold``.
    limit: Decimal | None = attrs.field(init=False, eq=False, repr=False)
    #: ``params`` parsed for the measure (operators, amounts).
    settings: Mapping[str, Any] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        limit = None if self.threshold is None else parse_threshold(self.threshold)
        object.__setattr__(self, "limit", limit)
        object.__setattr__(self, "settings", _settings(self.measure, self.params))

    @property
    def alternatives(self) -> tuple[Criterion, ...]:
        """The either-or branches as criteria of their own."""
        return tuple(alt.criterion(self, i) for i, alt in enumerate(self.any_of))

    @property
    def decides(self) -> bool:
        """Whether this criterion's status can decide the verdict."""
        return self.kind.decides


@attrs.frozen
class Recheck:
    """The re-verification cadence a document orders."""

    interval_years: int
    clause: str
    wording: str


@attrs.frozen
class Band:
    """A revenue band of the document's work targets: strictly above ``above``."""

    id: str
    label: Label
    above: str
    target: int
    #: ``above`` in 元.
    floor: Decimal = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "floor", parse_money(self.above))


@attrs.frozen
class Targets:
    """The document's work targets: how many clusters in each band, by a year."""

    clause: str
    year: int
    total: int
    measure: str
    wording: str
    bands: tuple[Band, ...]


@attrs.frozen
class Rules:
    """A loaded, validated rule pack."""

    format: int
    id: str
    version: str
    document: str
    issued: dt.date
    jurisdiction: str
    title: Label
    criteria: tuple[Criterion, ...]
    recheck: Recheck | None = None
    targets: Targets | None = None
    #: What every report under the pack says once, beside the outcomes (a leniency the
    #: document's later notices allow without numbers, for instance).
    notices: tuple[Label, ...] = ()
    path: str | None = attrs.field(default=None, eq=False)

    def __repr__(self) -> str:
        return f"<Rules {self.id} {self.document}: {len(self.criteria)} criteria>"

    def __getitem__(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(
            f"no criterion {criterion_id!r} in pack {self.id}; "
            f"expected one of {', '.join(c.id for c in self.criteria)}"
        )

    def select(self, tags: Iterable[str] | None = None) -> Rules:
        """The same pack restricted to criteria carrying any of ``tags`` (all when None)."""
        wanted = tag_set(tags)
        if wanted is None:
            return self
        known = frozenset().union(*(c.tags for c in self.criteria))
        unknown = wanted - known
        if unknown:
            raise PackError(
                Problem(
                    "unknown_tags",
                    pack=self.id,
                    value=", ".join(sorted(unknown)),
                    expected=", ".join(sorted(known)) or "—",
                ),
                source=self.id,
                key="tags",
            )
        return attrs.evolve(self, criteria=tuple(c for c in self.criteria if c.tags & wanted))

    def with_threshold(self, criterion_id: str, threshold: str) -> Rules:
        """What-if: this pack with one criterion's threshold changed (``"25亿元"``); see
        :meth:`with_thresholds`."""
        return self.with_thresholds({criterion_id: threshold})

    def with_thresholds(self, thresholds: Mapping[str, str]) -> Rules:
        """What-if: this pack with thresholds changed, ``{"revenue": "25亿元"}``. Each new
        threshold is written into the wording in the pack's own unit and checked against it as
        on load; the pack's id shows the change (``henan-2014-196+revenue=25亿元``) and every
        outcome of a changed criterion notes the document's own wording."""
        criteria = list(self.criteria)
        problems: list[Found] = []
        applied: dict[str, str] = {}
        for criterion_id, text in thresholds.items():
            index = next((i for i, c in enumerate(criteria) if c.id == criterion_id), None)
            if index is None:
                expected = ", ".join(c.id for c in criteria)
                problems.append((criterion_id, Problem("no_criterion", value=criterion_id, pack=self.id, expected=expected)))  # fmt: skip
                continue
            changed = _changed_threshold(criteria[index], str(text))
            if isinstance(changed, Criterion):
                if changed.limit == criteria[index].limit:
                    continue  # the document's own threshold: nothing changes
                applied[criterion_id] = str(text)
                criteria[index] = changed
                problems += _check_threshold(f"criteria[{index}]", changed.id, changed.operator, changed.threshold, changed.wording)  # fmt: skip
            else:
                problems.append((f"criteria[{index}].threshold", changed))
        if problems:
            raise _pack_errors(self.id, problems)
        if not applied:
            return self
        changes = "+".join(f"{key}={value}" for key, value in applied.items())
        return attrs.evolve(self, id=f"{self.id}+{changes}", criteria=tuple(criteria), path=None)


_converter = cattrs.Converter(forbid_extra_keys=True, prefer_attrib_converters=True)
_converter.register_structure_hook(dt.date, lambda value, _: parse_date(value))
_converter.register_structure_hook(Operator, lambda value, _: _param_operator(value))


#: The Chinese words that fix a comparison, strict or not (《民法典》第一千二百五十九条).
WORDING_OPERATORS: dict[Operator, tuple[str, ...]] = {
    Operator.GE: ("不低于", "不少于", "以上", "达到"),
    Operator.GT: ("高于", "超过", "超"),
    Operator.LE: ("不超过", "不高于", "以下", "以内"),
    Operator.LT: ("低于", "不满", "少于"),
}


def _number_pattern(threshold: str) -> str:
    """The number of a threshold (``5000`` of ``5000万元``) as a pattern for the wording."""
    return re.escape(threshold.strip().rstrip("%").split("万")[0].split("亿")[0].split("平")[0])


def wording_operator(wording: str, threshold: str) -> Operator | None:
    """The operator the wording gives the threshold, from the word nearest the number: right
    before it (``不少于2家``, ``超5000万元``) or after it and its unit (``20亿元以上``); None when
    no such word is there."""
    number = _number_pattern(threshold)
    best: tuple[int, int, Operator] | None = None
    for operator, words in WORDING_OPERATORS.items():
        for word in words:
            if word not in wording:  # no pattern with the word can match
                continue
            found = [0] if re.search(rf"{word}\s*{number}(?![\d.])", wording) else []
            found += [
                len(m.group(1)) + 1
                for m in re.finditer(rf"(?<![\d.]){number}([^\d，。；、]{{0,8}}?){word}", wording)
            ]
            for distance in found:
                candidate = (distance, -len(word), operator)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
    return None if best is None else best[2]


def _check_threshold(where: str, label: str, operator: Operator | None, threshold: str | None,
                     wording: str, keys: tuple[str, str] = ("operator", "threshold")) -> list[Found]:  # fmt: skip
    """The wording must state the threshold's number, and the operator must be the one the
    wording gives: a pack cannot say 60% under wording of 65%, nor 高于 and mean ≥."""
    if operator is None or threshold is None:
        return []
    operator_key, threshold_key = keys
    if not re.search(rf"(?<![\d.]){_number_pattern(threshold)}(?![\d.])", wording):
        return [(f"{where}.{threshold_key}", Problem("threshold_not_in_wording", value=threshold,
                 label=label, wording=wording))]  # fmt: skip
    said = wording_operator(wording, threshold)
    if said is None or said is operator:
        return []
    return [(f"{where}.{operator_key}", Problem("operator_against_wording", value=operator.value, label=label,
             words="、".join(WORDING_OPERATORS[said]), expected=said.value))]  # fmt: skip


def _check_threshold_unit(where: str, threshold: str | None, unit: str | None) -> list[Found]:
    """A threshold must be written in its criterion's unit: ``"65"`` for a share in % would
    read as 6500%, and ``"20"`` for money in 亿元 as 20元."""
    if threshold is None or unit is None:
        return []
    number, written = _threshold_parts(threshold)
    if unit in MONEY_UNITS:
        fits = written in MONEY_UNITS
    elif unit in ("家", "项"):
        fits = written in ("", unit)
    else:
        fits = written == unit
    if fits:
        return []
    example = f"{number or '65'}{'' if unit in ('家', '项') else unit}"
    problem = Problem("threshold_not_in_unit", value=threshold, unit=unit, expected=example)
    return [(f"{where}.threshold", problem)]


def _threshold_parts(text: str) -> tuple[str, str]:
    """A threshold's number and what follows it: ``("20", "亿元")`` of ``20亿元``."""
    number = re.match(r"\s*(\d+(?:\.\d+)?)", text)
    return ("", text) if number is None else (number.group(1), text[number.end() :].strip())


def _changed_threshold(criterion: Criterion, text: str) -> Criterion | Problem:
    """``criterion`` with its threshold ``text`` written in the pack's unit (a money
    threshold may be given in any money unit), the number in its wording changed to match;
    or why it cannot be."""
    if criterion.kind is not Kind.THRESHOLD or criterion.threshold is None:
        return Problem("not_a_threshold", value=criterion.id)
    old_number, unit = _threshold_parts(criterion.threshold)
    new_number, new_unit = _threshold_parts(text)
    try:
        limit = parse_threshold(text)
    except FigureError as exc:
        return exc.what
    same_kind = new_unit == unit or (new_unit in MONEY_UNITS and unit in MONEY_UNITS)
    if not new_number or not same_kind:
        return Problem("threshold_unit", value=text, expected=criterion.threshold)
    assert criterion.limit is not None
    try:  # the new threshold in the pack's unit, exactly
        number = format_decimal(
            EXACT.divide(EXACT.multiply(limit, Decimal(old_number)), criterion.limit)
        )
    except ArithmeticError:
        return Problem("threshold_unit", value=text, expected=criterion.threshold)
    if parse_threshold(f"{number}{unit}") != limit:
        return Problem("threshold_unit", value=text, expected=criterion.threshold)
    wording = re.sub(
        rf"(?<![\d.]){re.escape(old_number)}(?![\d.])", number, criterion.wording, count=1
    )
    return attrs.evolve(
        criterion, threshold=f"{number}{unit}", wording=wording,
        original_wording=criterion.original_wording or criterion.wording,
    )  # fmt: skip


def _check_leader_test(where: str, criterion: Criterion) -> list[Found]:
    """The leaders' per-firm test (``超5000万元``) is checked against the wording like any
    threshold: its number must be there, and its operator the one the wording gives."""
    if criterion.measure != "leaders" or {"firm_operator", "firm_threshold"} - set(
        criterion.params
    ):
        return []
    return _check_threshold(
        f"{where}.params", f"{criterion.id} (per firm)", criterion.settings["firm_operator"],
        str(criterion.params["firm_threshold"]), criterion.wording,
        ("firm_operator", "firm_threshold"),
    )  # fmt: skip


#: The word that makes a condition a general rule, open to a justified exception.
GENERAL_WORD = "一般"


def _check_general(where: str, criterion: Criterion) -> list[Found]:
    """A general rule is marked as such exactly when its wording says 一般, it names the
    attestation that settles an exception, and it is a threshold of its own (not either-or)."""
    said = GENERAL_WORD in criterion.wording
    if criterion.general and (criterion.kind is not Kind.THRESHOLD or criterion.any_of):
        return [(f"{where}.general", Problem("general_not_threshold", criterion=criterion.id))]
    if said != criterion.general:
        code = "general_unmarked" if said else "general_not_in_wording"
        return [(f"{where}.general", Problem(code, label=criterion.id, wording=criterion.wording))]
    if criterion.general and criterion.exception is None:
        return [(f"{where}.exception", Problem("general_needs_exception", criterion=criterion.id))]
    if not criterion.general and criterion.exception is not None:
        return [(f"{where}.exception", Problem("exception_without_general"))]
    return []


def _check_exception_keys(criteria: Sequence[Criterion]) -> list[Found]:
    """An exception's attestation key is its own: not a criterion's id, nor another's key."""
    taken = {c.id for c in criteria}
    problems: list[Found] = []
    for index, criterion in enumerate(criteria):
        if criterion.exception is None:
            continue
        if criterion.exception in taken:
            problems.append((f"criteria[{index}].exception",
                             Problem("exception_key_taken", value=criterion.exception)))  # fmt: skip
        taken.add(criterion.exception)
    return problems


def _check_params(where: str, measure: str, params: Mapping[str, Any]) -> list[Found]:
    spec = MEASURE_PARAMS[measure]
    problems = [
        (f"{where}.params.{key}", Problem("unknown_param", measure=measure, expected=", ".join(spec) or "—"))
        for key in sorted(set(params) - set(spec))
    ]  # fmt: skip
    problems += [
        (f"{where}.params.{key}", Problem("param_required", measure=measure))
        for key in sorted(set(spec) - set(params))
    ]
    return problems


def _check_criterion(index: int, criterion: Criterion) -> list[Found]:
    """Consistency that a key list alone cannot express."""
    where = f"criteria[{index}]"
    problems: list[Found] = []
    allowed_measures = _KIND_MEASURES[criterion.kind]
    if criterion.measure not in allowed_measures:
        problems.append(
            (
                f"{where}.measure",
                Problem(
                    "measure_for_kind",
                    value=criterion.measure,
                    kind=criterion.kind.value,
                    expected=", ".join(sorted(allowed_measures)),
                ),
            )
        )
        return problems
    problems += _check_general(where, criterion)
    if criterion.measure == "any_of":
        if len(criterion.any_of) < 2:
            problems.append((f"{where}.any_of", Problem("any_of_branches")))
        for n, alt in enumerate(criterion.any_of):
            at = f"{where}.any_of[{n}]"
            if alt.measure not in allowed_measures or alt.measure == "any_of":
                problems.append((f"{at}.measure", Problem("branch_measure", value=alt.measure)))
                continue
            problems += _check_params(at, alt.measure, alt.params)
            problems += _check_threshold(at, alt.label.zh, alt.operator, alt.threshold, alt.wording)
            problems += _check_threshold_unit(at, alt.threshold, alt.unit)
        return problems
    if criterion.any_of:
        problems.append((f"{where}.any_of", Problem("branches_without_any_of")))
    if criterion.kind is Kind.THRESHOLD:
        for key in ("operator", "threshold", "unit"):
            if getattr(criterion, key) is None:
                problems.append(
                    (f"{where}.{key}", Problem("threshold_needs", criterion=criterion.id))
                )
        problems += _check_threshold_unit(where, criterion.threshold, criterion.unit)
    elif criterion.operator is not None or criterion.threshold is not None:
        problems.append(
            (
                f"{where}.operator",
                Problem("kind_takes_no_threshold", kind=criterion.kind.value),
            )
        )
    problems += _check_params(where, criterion.measure, criterion.params)
    problems += _check_threshold(
        where, criterion.id, criterion.operator, criterion.threshold, criterion.wording
    )
    problems += _check_leader_test(where, criterion)
    return problems


def rules_from_data(data: Mapping[str, Any], origin: str) -> Rules:
    """Validate a pack's parsed data; ``origin`` names it in errors."""
    if data.get("format") != PACK_FORMAT:
        raise PackError(
            Problem("pack_format", value=data.get("format"), expected=str(PACK_FORMAT)),
            source=origin,
            key="format",
        )
    try:
        rules = _converter.structure(dict(data), Rules)
    except (ClassValidationError, IterableValidationError, ValueError, TypeError) as exc:
        raise _pack_errors(origin, error_lines(exc)) from None
    problems: list[Found] = []
    if not rules.criteria:
        problems.append(("criteria", Problem("no_criteria")))
    seen: set[str] = set()
    for index, criterion in enumerate(rules.criteria):
        if criterion.id in seen:
            problems.append((f"criteria[{index}].id", Problem("id_twice", value=criterion.id)))
        seen.add(criterion.id)
        problems.extend(_check_criterion(index, criterion))
    problems += _check_exception_keys(rules.criteria)
    if rules.targets is not None and rules.targets.measure not in _KIND_MEASURES[Kind.THRESHOLD]:
        problems.append(
            (
                "targets.measure",
                Problem(
                    "not_measure",
                    value=rules.targets.measure,
                    expected=", ".join(sorted(_KIND_MEASURES[Kind.THRESHOLD])),
                ),
            )
        )
    if problems:
        raise _pack_errors(origin, problems)
    return rules


def _pack_errors(origin: str, problems: Sequence[Found]) -> PackError:
    """One error that names every problem found in a pack, each with its key path."""
    return PackError.together(
        PackError(problem, source=origin, key=path) for path, problem in problems
    )


def _bundled_dir() -> Path:
    """Where the bundled packs are: inside the installed package, or beside it in a checkout."""
    inside = Path(str(resources.files("clustercheck"))) / "criteria"
    return inside if inside.is_dir() else Path(__file__).resolve().parents[2] / "criteria"


def bundled_packs() -> list[str]:
    """The ids of the packs that ship with clustercheck."""
    return sorted(p.stem for p in _bundled_dir().glob("*.toml") if not p.stem.endswith(".cases"))


_bundled_cache: dict[str, Rules] = {}


def load_rules(pack: str | Path = DEFAULT_PACK) -> Rules:
    """A bundled pack by id (``"henan-2014-196"``), or a pack file by path.

    Bundled packs are read once per process; a pack file is read on every call, so an
    edited file is seen at once.
    """
    if not isinstance(pack, str | os.PathLike):
        raise wrong_argument("pack", pack, _PACK)
    key = os.fspath(pack)
    if not key.strip():
        raise UsageError(Problem("empty_rules", value=key))
    path = Path(pack)
    if path.is_dir():
        raise PackError(Problem("pack_is_folder", expected=", ".join(bundled_packs())), source=key)
    if path.suffix != ".toml" and not path.exists():
        if key in _bundled_cache:
            return _bundled_cache[key]
        candidate = _bundled_dir() / f"{key}.toml"
        if not candidate.is_file():
            raise PackError(Problem("no_pack", value=key, expected=", ".join(bundled_packs())))
        rules = _read_pack(candidate)
        _bundled_cache[key] = rules
        return rules
    return _read_pack(path)


def _read_pack(path: Path) -> Rules:
    try:
        refuse_special_input(path)
    except InputError as exc:
        raise PackError(exc.what, source=str(path)) from None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=exact_decimal)
    except FileNotFoundError:
        raise PackError(Problem("no_pack_file"), source=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PackError(Problem("not_toml", detail=str(exc)), source=str(path)) from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise PackError(Problem("too_deep"), source=str(path)) from None
    return attrs.evolve(rules_from_data(data, str(path)), path=str(path))


#: One pack (loaded, by id, or by path) or several.
PackChoice = Rules | str | Path | Sequence[Rules | str | Path] | None


_PACKS = Phrase(
    "a pack (Rules), a pack id or path, ids joined by commas, or a list of those",
    "规则包（Rules）、规则包 id 或路径、以逗号分隔的 id，或它们的列表",
)
_PACK = Phrase(
    "a pack (Rules), a pack id or the path of a pack file",
    "规则包（Rules）、规则包 id 或规则包文件的路径",
)


def packs_of(rules: PackChoice, argument: str = "rules") -> list[Rules]:
    """The packs ``rules`` names: one, several (a sequence, or ids joined by commas, as on the
    command line), or the default pack when None. Any other type is a :class:`UsageError`
    naming ``argument``."""
    if rules is None:
        return [load_rules(DEFAULT_PACK)]
    if isinstance(rules, Rules):
        return [rules]
    if isinstance(rules, str | os.PathLike):
        text = os.fspath(rules)
        names = [part.strip() for part in text.split(",")] if "," in text else [text]
        if any(not name.strip() for name in names):
            raise UsageError(Problem("empty_rules", value=text))
        twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
        if twice is not None:
            raise UsageError(Problem("pack_twice", value=twice))
        return [load_rules(name) for name in names]
    return [pack_of(r, argument, expected=_PACKS) for r in item_list(rules, argument, _PACKS)]


def pack_of(rules: object, argument: str = "rules", *, expected: Phrase = _PACK) -> Rules:
    """The one pack ``rules`` names: a loaded pack, an id or a path; the default pack when
    None. Any other type is a :class:`UsageError` naming ``argument``."""
    if isinstance(rules, Rules):
        return rules
    if rules is None:
        return load_rules(DEFAULT_PACK)
    if not isinstance(rules, str | os.PathLike):
        raise wrong_argument(argument, rules, expected)
    return load_rules(os.fspath(rules))

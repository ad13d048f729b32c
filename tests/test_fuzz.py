"""Every loader against mangled files: a correct reading or an input error, never a crash.

From valid files (the bundled examples, registry and packs, and a roster), random mutations
are applied: bytes flipped, the file cut short, lines repeated, quotes and control
characters put in, numbers made huge. Whatever comes of it must be read or refused with a
:class:`clustercheck.ClusterCheckError`; and the two CSV roster readers must agree on it.

CI runs a few hundred files per loader. For a longer run::

    CLUSTERCHECK_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clustercheck as cc
from clustercheck.read import roster_fast
from clustercheck.read.examples import examples_dir
from clustercheck.read.roster_file import read_roster
from clustercheck.rules.measures import leader_tests
from clustercheck.rules.pack import _bundled_dir

EXAMPLES = int(os.environ.get("CLUSTERCHECK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TESTS = leader_tests("henan-2014-196")

ROSTER = (
    "序号,企业名称,统一社会信用代码,所属集群,主营业务收入（万元）,营业收入（万元）,研发费用（万元）,"
    "从业人员,企业规模,是否主导产业,是否关联\r\n"
    '1,示例甲有限公司,91410100MA0000001N,甲县纺织产业集群,"4,437.1",4507,54.08,833,中型,是,是\r\n'
    "2,示例乙有限公司,,甲县纺织产业集群,6000,6100.5,70,1200,,是,否\r\n"
    '3,"示例丙有限公司,分厂",,乙县食品产业集群,,3000,,90,小型,否,是\r\n'
    "4,示例丁有限公司,,乙县食品产业集群,5000.01,5200,12.5,300,,是,是\r\n"
    "合计,,,,15437.11,18807.5,136.58,2423,,,\r\n"
).encode()

#: Pieces a real file's author or a damaged export puts in.
INSERTS = [
    b'"', b",", b"\n", b"\r\n", b"\x00", b"\x1b", b"\xe4", b"\xff\xfe", b"=", b"[", b"]",
    b"{", b"}", b"#", b"1e400", b"1e999999", b"NaN", b"Infinity", b"-", b"9" * 60,
    "合计".encode(), "，".encode(), "Ａ".encode(), "\u3000".encode(), b"true", b"null",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with one to four random mutations applied."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:]
        elif kind == "repeat":
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            data = bytearray(b"\n".join(lines))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        else:
            del data[at : at + draw(st.integers(1, 8))]
    return bytes(data)


def survives(load: Callable[[Path], object], path: Path) -> None:
    """Reading ``path`` gives a result or a ClusterCheckError, whose message reads in both
    languages; anything else fails the test."""
    refused: cc.ClusterCheckError | None = None
    try:
        load(path)
    except cc.ClusterCheckError as exc:
        refused = exc
    if refused is not None:
        assert refused.message("zh") and refused.message("en")


CLUSTER_FILES = sorted(examples_dir().glob("*.toml"))


@FUZZ
@given(data=st.data())
def test_cluster_files(tmp_path: Path, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(CLUSTER_FILES))
    suffix = data.draw(st.sampled_from([".toml", ".json"]))
    original = source.read_bytes()
    if suffix == ".json":
        import json
        import tomllib

        original = json.dumps(tomllib.loads(original.decode()), ensure_ascii=False).encode()
    path = tmp_path / f"cluster{suffix}"
    path.write_bytes(data.draw(mutated(original)))
    survives(lambda p: cc.check(cc.load_cluster(p)), path)


def _read(path: Path, how: str) -> tuple[str, str]:
    """Reads the roster by the compiled tally, the Python tally or the row reader alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(roster_fast, "AVAILABLE", how == "compiled" and roster_fast.AVAILABLE)
        patch.setattr(roster_fast, "PYTHON", how == "python")
        try:
            return "ok", repr(read_roster(path, TESTS))
        except cc.ClusterCheckError as exc:
            refused = exc
    assert refused.message("zh")
    return "error", refused.message("en")


@FUZZ
@given(data=st.data())
def test_csv_rosters_by_every_reader(tmp_path: Path, data: st.DataObject) -> None:
    original = data.draw(st.sampled_from([ROSTER, ROSTER.decode().encode("gb18030")]))
    path = tmp_path / "名册.csv"
    path.write_bytes(data.draw(mutated(original)))
    rows = _read(path, "rows")
    assert _read(path, "python") == rows
    assert _read(path, "compiled") == rows


CELLS = st.one_of(
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12),  # XML holds no controls
    st.integers(-(10**20), 10**20),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    st.sampled_from(["=A1*2", "合计", "是", "否", "√", "9.1411E+17", "1e999999"]),
    st.none(),
)


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=12), max_size=8), data=st.data())
def test_xlsx_rosters(tmp_path: Path, rows: list[list[object]], data: st.DataObject) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    header = ROSTER.decode().split("\r\n")[0].split(",")
    if data.draw(st.booleans()):
        sheet.title = "填表说明"
        sheet = book.create_sheet("企业名册")
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    path = tmp_path / "名册.xlsx"
    book.save(path)
    survives(lambda p: read_roster(p, TESTS), path)


@FUZZ
@given(data=st.data())
def test_registries(tmp_path: Path, data: st.DataObject) -> None:
    original = (examples_dir().parent / "example_registry" / "registry.toml").read_bytes()
    path = tmp_path / "registry.toml"
    path.write_bytes(data.draw(mutated(original)))
    survives(cc.load_registry, path)


@FUZZ
@given(data=st.data())
def test_rule_packs(tmp_path: Path, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(sorted(_bundled_dir().glob("*.toml"))))
    path = tmp_path / "pack.toml"
    path.write_bytes(data.draw(mutated(source.read_bytes())))

    def load(p: Path) -> object:
        return cc.check(cc.Cluster(name="示例县集群"), cc.load_rules(p))

    survives(load, path)


@pytest.mark.parametrize("how", ["compiled", "python", "rows"])
def test_a_roster_that_ends_at_its_header_has_no_firms(tmp_path: Path, how: str) -> None:
    """Found by the fuzzing above: the header search read such a file to its end, and the
    compiled tally was then handed a closed file."""
    path = tmp_path / "名册.csv"
    path.write_bytes(ROSTER.split(b"\r\n")[0] + b"\r\n")
    assert _read(path, how) == (
        "error",
        f"{path}: no firms below the header row; expected one row per firm",
    )

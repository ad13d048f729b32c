"""cc.render and cc.write: what ``-o path`` writes, from Python, byte for byte."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir
from clustercheck.render.document import display_width
from clustercheck.render.results import Result
from clustercheck.rules.pack import _bundled_dir

TEXT_SUFFIXES = {"text": ".txt", "markdown": ".md", "html": ".html", "csv": ".csv", "json": ".json"}
BOTH = "henan-2014-196,miit-2022-119"
REGISTRY = examples_dir().parent / "example_registry"


def _cli(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    assert main([*args, "-o", str(out)]) == 0
    return out


def _review(lang: str) -> cc.Review:
    return cc.review(cc.load_clusters(examples_dir()))


def _comparison(lang: str) -> cc.Comparison:
    return cc.compare(cc.load_clusters(examples_dir(), BOTH), BOTH)


def _reports(lang: str) -> list[cc.Report]:
    return [cc.check(c) for c in cc.load_clusters(examples_dir())]


def _round(lang: str) -> cc.Recheck:
    registry = cc.load_registry(REGISTRY / "registry.toml")
    return cc.recheck(registry, 2018, list(cc.load_clusters(REGISTRY / "2018")))


#: Each kind of result, made in Python, beside the command line that writes it.
CASES: dict[str, tuple[Callable[[str], Result], list[str]]] = {
    "review": (_review, ["review", str(examples_dir())]),
    "review of two packs": (_comparison, ["review", str(examples_dir()), "--rules", BOTH]),
    "check": (_reports, ["check", str(examples_dir())]),
    "recheck": (_round, ["recheck", str(REGISTRY / "registry.toml"), "--year", "2018",
                         str(REGISTRY / "2018")]),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", sorted(TEXT_SUFFIXES))
@pytest.mark.parametrize("case", sorted(CASES))
def test_write_and_render_give_the_bytes_of_the_command_line(
    tmp_path: Path, case: str, fmt: str, lang: str
) -> None:
    make, command = CASES[case]
    suffix = TEXT_SUFFIXES[fmt]
    expected = _cli(tmp_path, f"cli{suffix}", *command, "--lang", lang).read_bytes()
    result = make(lang)
    written = tmp_path / f"py{suffix}"
    cc.write(result, written, lang=lang)
    assert written.read_bytes() == expected
    text = cc.render(result, fmt, lang=lang)
    assert isinstance(text, str)
    assert text.encode("utf-8") == expected


def _members(path: Path) -> dict[str, bytes]:
    """A workbook's parts, without the creation time xlsxwriter stamps in docProps/core.xml."""
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", ["review", "review of two packs"])
def test_the_workbook_is_the_command_lines(tmp_path: Path, case: str, lang: str) -> None:
    make, command = CASES[case]
    expected = _members(_cli(tmp_path, "cli.xlsx", *command, "--lang", lang))
    result = make(lang)
    cc.write(result, tmp_path / "py.xlsx", lang=lang)
    assert _members(tmp_path / "py.xlsx") == expected
    data = cc.render(result, "xlsx", lang=lang)
    assert isinstance(data, bytes)
    (tmp_path / "rendered.xlsx").write_bytes(data)
    assert _members(tmp_path / "rendered.xlsx") == expected
    assert "xl/worksheets/sheet3.xml" in expected  # the clusters' own sheets, as in the CLI's


def test_one_report_is_written_as_a_list_of_one(tmp_path: Path) -> None:
    report = _reports("zh")[0]
    assert cc.render(report, "markdown") == cc.render([report], "markdown")
    assert cc.render(report, "json").startswith("[\n  {")


def test_csv_keeps_the_byte_order_mark_excel_needs() -> None:
    assert cc.render(_review("zh"), "csv").startswith("\ufeff")


def test_reports_of_a_pack_file_name_it_with_rules(tmp_path: Path) -> None:
    text = (
        (_bundled_dir() / "henan-2014-196.toml")
        .read_text(encoding="utf-8")
        .replace('id = "henan-2014-196"', 'id = "local-pack"', 1)
    )
    pack_file = tmp_path / "local.toml"
    pack_file.write_text(text, encoding="utf-8")
    pack = cc.load_rules(pack_file)
    report = cc.check(next(iter(cc.load_clusters(examples_dir()))), pack)
    with pytest.raises(cc.PackError) as unnamed:
        cc.render(report, "text")
    assert unnamed.value.code == "no_pack"
    shown = cc.render(report, "text", rules=pack_file)
    assert "local-pack" in shown
    with pytest.raises(cc.PackError) as other:
        cc.render(report, "text", rules="henan-2014-196")
    assert other.value.code == "report_of_other_pack"


@pytest.mark.parametrize(
    ("name", "fmt", "code"),
    [
        ("review.pdf", None, "unknown_suffix"),
        ("review", None, "no_suffix"),
        ("review.html", "csv", "suffix_against_format"),
        ("review.html", "pdf", "not_choice"),
    ],
)
def test_write_refuses_a_suffix_as_the_command_line_does(
    tmp_path: Path, name: str, fmt: str | None, code: str
) -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.write(_review("zh"), tmp_path / name, format=fmt)
    assert caught.value.code == code
    assert not (tmp_path / name).exists()


def test_write_with_a_format_and_no_suffix(tmp_path: Path) -> None:
    cc.write(_review("zh"), tmp_path / "review", format="markdown")
    assert (tmp_path / "review").read_text(encoding="utf-8") == cc.render(_review("zh"), "markdown")


def test_write_refuses_a_folder_rather_than_replacing_it(tmp_path: Path) -> None:
    (tmp_path / "out.html").mkdir()
    with pytest.raises(cc.UsageError) as caught:
        cc.write(_review("zh"), tmp_path / "out.html")
    assert caught.value.code == "not_a_file"


@pytest.mark.parametrize(
    ("result", "fmt", "lang", "key", "code"),
    [
        ("review", "pdf", "zh", ("format",), "not_choice"),
        ("review", "html", "fr", ("lang",), "not_choice"),
        (42, "html", "zh", ("result",), "wrong_argument"),
        ([42], "html", "zh", ("result",), "wrong_argument"),
        ("text", "html", "zh", ("result",), "wrong_argument"),
    ],
)
def test_render_refuses_what_it_cannot_show(
    result: object, fmt: str, lang: str, key: tuple[str], code: str
) -> None:
    given = _review("zh") if result == "review" else result
    with pytest.raises(cc.UsageError) as caught:
        cc.render(given, fmt, lang=lang)  # type: ignore[call-overload]
    assert (caught.value.key, caught.value.code) == (key, code)


def test_render_lays_text_out_for_a_terminal_when_given_its_width() -> None:
    review = _review("zh")
    narrow = cc.render(review, "text", width=80)
    assert max(display_width(line) for line in narrow.splitlines()) <= 80
    assert "条件1-14" in narrow
    report = _reports("zh")[0]
    assert ">= 20亿元" in cc.render(report, "text", width=400)  # one width in any console
    assert "≥ 20亿元" in cc.render(report, "text")  # a file keeps the wording as given
    for width in (19, True, "80"):
        with pytest.raises(cc.UsageError) as caught:
            cc.render(review, "text", width=width)  # type: ignore[arg-type]
        assert (caught.value.code, caught.value.key) == ("wrong_argument", ("width",))


def test_write_names_a_path_of_another_type() -> None:
    with pytest.raises(cc.UsageError) as caught:
        cc.write(_review("zh"), 42)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.key) == ("wrong_argument", ("path",))

"""Files in a folder that clustercheck does not read are named, never passed over in silence."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import clustercheck as cc
from clustercheck.base.notes import Note
from clustercheck.cli import main
from clustercheck.read.examples import examples_dir
from clustercheck.read.files import input_files

HEADER = "企业名称,营业收入（万元）"
FIRMS = ["甲有限公司,100"]


def test_documents_in_a_folder_are_named_in_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "申报材料"
    (folder / "甲县").mkdir(parents=True)
    (folder / "甲县" / "名册.csv").write_text(f"{HEADER}\n{FIRMS[0]}\n", encoding="utf-8")
    for name in ["甲县/申报书.docx", "甲县/证明.pdf", "说明.txt", ".DS_Store", "甲县/~$名册.xlsx",
                 ".git/config", "Thumbs.db"]:  # fmt: skip
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"x")
    told: list[Note] = []
    assert input_files([folder], on_note=told.append) == [folder / "甲县" / "名册.csv"]
    (note,) = told
    assert note.text() == (
        f"{folder} 中 3 个文件不是本工具读取的格式（.toml、.json、.csv、.xlsx、.xls、.ods），未读取："
        "甲县/申报书.docx、甲县/证明.pdf、说明.txt"
    )
    with pytest.warns(UserWarning, match="甲县/申报书.docx、甲县/证明.pdf、说明.txt"):
        input_files([folder])


def test_spreadsheets_in_a_folder_that_cannot_be_read_are_errors(tmp_path: Path) -> None:
    (tmp_path / "名册.csv").write_text(f"{HEADER}\n{FIRMS[0]}\n", encoding="utf-8")
    (tmp_path / "乙县名册.xlsb").write_bytes(b"PK")
    (tmp_path / "丙县名册.et").write_bytes(b"\xd0\xcf")
    with pytest.raises(cc.InputErrors) as caught:
        input_files([tmp_path])
    assert [(e.source, e.problem) for e in caught.value.errors] == [
        (str(tmp_path / "丙县名册.et"), "a .et file, which clustercheck does not read; expected one of .csv, .xlsx, .xls, .ods: save it as one of those in Excel or WPS (另存为), or move it out of the folder"),
        (str(tmp_path / "乙县名册.xlsb"), "a .xlsb file, which clustercheck does not read; expected one of .csv, .xlsx, .xls, .ods: save it as one of those in Excel or WPS (另存为), or move it out of the folder"),
    ]  # fmt: skip


def test_xls_and_ods_files_in_a_folder_are_read(tmp_path: Path) -> None:
    (tmp_path / "乙县名册.xls").write_bytes(b"\xd0\xcf")
    (tmp_path / "丙县名册.ods").write_bytes(b"PK")
    assert input_files([tmp_path]) == [tmp_path / "丙县名册.ods", tmp_path / "乙县名册.xls"]


def test_cli_prints_files_not_read_as_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "名册.csv").write_text(f"{HEADER}\n{FIRMS[0]}\n", encoding="utf-8")
    (tmp_path / "申报书.pdf").write_bytes(b"%PDF")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the command line tells, it does not warn
        assert main(["review", str(tmp_path), "--lang", "en"]) == 0
    assert capsys.readouterr().err == (
        f"clustercheck: warning: {tmp_path}: 1 file(s) not in a format clustercheck reads "
        "(.toml, .json, .csv, .xlsx, .xls, .ods) were not read: 申报书.pdf\n"
    )


def test_a_spreadsheet_named_directly_that_cannot_be_read_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "名册.xlsb"
    path.write_bytes(b"PK")
    assert main(["check", str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        f"clustercheck: error: {path}: a .xlsb file, which clustercheck does not read; expected "
        "one of .csv, .xlsx, .xls, .ods: save it as one of those in Excel or WPS (另存为)\n"
    )


def test_a_damaged_xls_file_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "名册.xls"
    path.write_bytes(b"\xd0\xcf")
    assert main(["check", str(path), "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith(
        f"clustercheck: error: {path}: not a readable .xls workbook ("
    )


def test_with_on_error_a_bad_file_is_told_and_the_others_are_read(tmp_path: Path) -> None:
    good = examples_dir() / "illustrative-1-textiles.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[declared]\nrevenue = 1\n', encoding="utf-8")
    slides = tmp_path / "deck.xlsb"
    slides.write_bytes(b"")
    told: list[cc.ClusterCheckError] = []
    clusters = list(
        cc.load_clusters([bad, good, slides, tmp_path / "gone.csv"], on_error=told.append)
    )
    assert [c.name for c in clusters] == [cc.load_cluster(good).name]
    assert [(e.source, e.code) for e in told] == [
        (str(tmp_path / "gone.csv"), "no_file_or_folder"),
        (str(slides), "unread_spreadsheet"),
        (str(bad), "unknown_keys"),
    ]
    with pytest.raises(cc.ClusterCheckError) as caught:
        list(cc.load_clusters([bad, good]))
    assert caught.value.code == "unknown_keys"

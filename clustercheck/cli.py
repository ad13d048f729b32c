"""The ``clustercheck`` command line: check, review, recheck, rules, template and demo.

Exit codes: 0 on success; 1 with ``--strict`` when any cluster is not qualified; 2 on bad
input or usage. Errors go to stderr as plain sentences, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from . import __version__
from .base.atomic import write_atomic
from .base.errors import ClusterCheckError, Problem, UsageError
from .base.figures import to_unit
from .base.labels import LANGS, word
from .base.notes import Note
from .inputs import load_clusters
from .model.cluster import Cluster
from .read.examples import examples_dir
from .render.document import Document
from .render.layout import (
    EXTENSIONS,
    FORMATS,
    check_document,
    comparison_document,
    recheck_document,
    render,
    requirement_text,
    review_document,
)
from .reviewing import Review, compare, review
from .rules.engine import check
from .rules.pack import DEFAULT_PACK, PackChoice, Rules, bundled_packs, load_rules, packs_of
from .rules.report import Report, Verdict

EXIT_OK, EXIT_NOT_QUALIFIED, EXIT_BAD_INPUT = 0, 1, 2


def _share(text: str) -> Decimal:
    """A share from 0 to 1 for --watch, exact."""
    try:
        share = Decimal(text)
    except ArithmeticError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number; expected a share such as 0.1"
        ) from None
    if not share.is_finite() or not 0 <= share < 1:
        raise argparse.ArgumentTypeError(f"{text}: expected a share from 0 to 1, such as 0.1")
    return share


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clustercheck",
        description="Check industrial clusters against accreditation rules "
        "(default pack: 豫工信企业〔2014〕196号). 按认定条件逐项核查产业集群。",
        epilog="Exit codes: 0 success; 1 with --strict when a cluster is not qualified, or when "
        "a pack's case fails (rules --test); 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"clustercheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    output = argparse.ArgumentParser(add_help=False)
    output.add_argument(
        "--lang", choices=LANGS, default="zh", help="language of the output (default zh)"
    )
    output.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the -o file's extension, else text)",
    )
    output.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT (atomically) instead of stdout"
    )

    run = argparse.ArgumentParser(add_help=False)
    run.add_argument(
        "--rules",
        default=DEFAULT_PACK,
        metavar="ID|PATH[,...]",
        help=f"rule pack (default {DEFAULT_PACK}); several, comma-separated, to compare them",
    )
    run.add_argument(
        "--tag", action="append", metavar="TAG", help="check only criteria with this tag, e.g. core"
    )
    run.add_argument(
        "--strict", action="store_true", help="exit 1 when any cluster is not qualified"
    )

    check_cmd = commands.add_parser(
        "check", parents=[output, run], help="per-criterion report for each cluster file",
        description="Check cluster files (.toml, .json), filled workbooks (clustercheck template), "
        "summary tables and roster files (.csv, .xlsx, .xls, .ods) and print a "
        "per-criterion report for each cluster.",
    )  # fmt: skip
    check_cmd.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="cluster file (.toml, .json), filled workbook, summary table or roster (.csv, .xlsx, "
        ".xls, .ods), or a folder of them",
    )
    check_cmd.add_argument(
        "--list-firms", action="store_true", help="list the related SMEs counted, not only leaders"
    )

    review_cmd = commands.add_parser(
        "review", parents=[output, run], help="one table of many clusters, for a review meeting",
        description="Check many clusters and print one row per cluster (✓ ✗ ? per criterion, the "
        "verdict and the revenue band of the 2016 targets), then the band counts of the "
        "qualified clusters against the targets. Folders are read recursively, in path order.",
    )  # fmt: skip
    review_cmd.add_argument(
        "files", nargs="+", metavar="FILE|DIR",
        help="cluster files (.toml, .json), filled workbooks, summary tables or rosters (.csv, "
        ".xlsx, .xls, .ods), or folders of them",
    )  # fmt: skip

    recheck_cmd = commands.add_parser(
        "recheck", parents=[output], help="the biennial re-verification list of a registry",
        description="Re-verify the accredited clusters of REGISTRY that are due in YEAR with this "
        "year's data: retain (qualified), delist (not qualified) or pending (incomplete or no data), "
        "with what changed since the last round and what is near its threshold.",
    )  # fmt: skip
    recheck_cmd.add_argument("registry", metavar="REGISTRY", help="registry file (.toml or .json)")
    recheck_cmd.add_argument("--year", type=int, required=True, help="the year of the round")
    recheck_cmd.add_argument(
        "data", nargs="*", metavar="DATA",
        help="this year's cluster or roster files, or folders of them; without any, list who is due",
    )  # fmt: skip
    recheck_cmd.add_argument(
        "--all", action="store_true", dest="every",
        help="a province-wide round: every active cluster accredited before YEAR, not only those "
        "whose accreditation cycle falls in YEAR",
    )  # fmt: skip
    recheck_cmd.add_argument(
        "--rules", metavar="ID|PATH", help="rule pack (default: the registry's)"
    )
    recheck_cmd.add_argument(
        "--watch", type=_share, metavar="SHARE",
        help="watch retained clusters within this share of a threshold (default 0.1)",
    )  # fmt: skip
    recheck_cmd.add_argument(
        "--record", action="store_true",
        help="append this round to the registry's history (atomically; a year is recorded once)",
    )  # fmt: skip

    rules_cmd = commands.add_parser(
        "rules", help="list the bundled rule packs, or show one pack's criteria",
        description="Without ID, list the bundled packs; with an id or a path, show its criteria.",
    )  # fmt: skip
    rules_cmd.add_argument("pack", nargs="?", metavar="ID|PATH")
    rules_cmd.add_argument(
        "--test", action="store_true",
        help="run the pack's own cases (<pack>.cases.toml beside it); all bundled packs without ID",
    )  # fmt: skip
    rules_cmd.add_argument("--lang", choices=LANGS, default="zh")

    template_cmd = commands.add_parser(
        "template", help="write a fill-in workbook (申报表) that check and review read back",
        description="Write a workbook to fill in for one cluster: the declared figures the packs "
        "use (each with its unit, a hint and its clause), yearly figures where a pack needs them, "
        "the reviewer's findings with 是/否 lists, and an empty roster. check and review read it "
        "back as one cluster.",
    )  # fmt: skip
    template_cmd.add_argument(
        "--rules", default=DEFAULT_PACK, metavar="ID|PATH[,...]",
        help=f"the packs whose figures it asks for (default {DEFAULT_PACK}), comma-separated",
    )  # fmt: skip
    template_cmd.add_argument(
        "--lang", choices=LANGS, default="zh", help="language of the workbook (default zh)"
    )
    template_cmd.add_argument(
        "-o", "--output", metavar="OUT.xlsx", required=True, help="the workbook to write"
    )

    commands.add_parser(
        "demo", parents=[output], help="check the bundled example clusters and print a summary",
        description="Check the bundled example clusters (six Xuchang clusters with the public "
        "figures of 许发改办〔2018〕218号, illustrative 示例县 clusters and a province's roster of firms) and print a summary.",
    )  # fmt: skip
    return parser


def _format(args: argparse.Namespace) -> str:
    """The format asked for: by --format, by the -o file's suffix, or by both agreeing; text
    when neither is given. A suffix clustercheck does not write, a suffix of another format
    than --format, or -o without a suffix or --format, is refused rather than guessed."""
    fmt: str | None = args.format
    if args.output is not None:
        suffix = Path(args.output).suffix.lower()
        implied = EXTENSIONS.get(suffix)
        if suffix and implied is None:
            raise UsageError(
                Problem("unknown_suffix", value=suffix, expected=_suffixes()), source=args.output
            )
        if implied is not None and fmt is not None and implied != fmt:
            raise UsageError(
                Problem(
                    "suffix_against_format", suffix=suffix, implied=implied, value=fmt,
                    expected=_suffixes(fmt),
                ),
                source=args.output,
            )  # fmt: skip
        if implied is None and fmt is None:
            raise UsageError(Problem("no_suffix", expected=_suffixes()), source=args.output)
        fmt = fmt or implied
    if fmt == "xlsx" and args.output is None:
        raise UsageError(Problem("binary_to_terminal"))
    return fmt or "text"


def _suffixes(fmt: str | None = None) -> str:
    """The suffixes clustercheck writes (of ``fmt`` only, when given), with their formats."""
    by_format: dict[str, list[str]] = {}
    for suffix, name in EXTENSIONS.items():
        by_format.setdefault(name, []).append(suffix)
    if fmt is not None:
        return " or ".join(by_format[fmt])
    return ", ".join(f"{' or '.join(s)} ({name})" for name, s in by_format.items())


def _emit(data: bytes, output: str | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data)


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _warn(lang: str) -> Callable[[Note], None]:
    """Prints a note on input not read (files in a folder) on stderr, as a warning."""
    return lambda note: print(
        f"clustercheck: {word('warning', lang)}: {note.text(lang)}", file=sys.stderr
    )


#: The least time between two redraws of a progress line, in seconds.
_REDRAW = 0.1


class _Shown:
    """How far a long job has got, on one line of stderr redrawn in place, when stderr is a
    terminal (a file or a pipe gets nothing): bytes of a roster read, clusters read, sheets
    of a workbook written. ``done()`` ends the line."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.shown = False
        self.terminal = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if not self.terminal or (now - self.last < _REDRAW and done != total):
            return
        self.last = now
        if stage == "bytes":
            text = word("progress_bytes", self.lang, percent=done * 100 // max(total or 1, 1))
        elif stage == "sheets":
            text = word("progress_sheets", self.lang, n=done, total=total)
        else:
            text = word("progress", self.lang, n=done)
        print(f"\r{text}\033[K", end="", file=sys.stderr, flush=True)
        self.shown = True

    def done(self) -> None:
        if self.shown:
            print(file=sys.stderr, flush=True)
            self.shown = False


def _loaded(
    args: argparse.Namespace, paths: Sequence[str | Path], rules: PackChoice
) -> list[Cluster]:
    """Every cluster of ``paths``, read with progress shown on a terminal."""
    shown = _Shown(args.lang)
    clusters = list(load_clusters(paths, rules, on_note=_warn(args.lang), progress=shown))
    shown.done()
    return clusters


def _drained(items: list[Cluster]) -> Iterator[Cluster]:
    """The clusters in order, each let go of by the list as it is given: a review of many
    clusters then holds each cluster or its report, not both (a roster of 100,000 clusters:
    about 1 KB a cluster less at the peak)."""
    items.reverse()
    while items:
        yield items.pop()


def _rendered(document: Document, fmt: str, lang: str) -> bytes:
    """The document's bytes, a workbook's writing shown on a terminal."""
    shown = _Shown(lang)
    data = render(document, fmt, shown)
    shown.done()
    return data


def _reports(args: argparse.Namespace, rules: Rules, files: Sequence[str | Path]) -> list[Report]:
    list_firms: bool = args.list_firms
    shown = _Shown(args.lang)
    clusters = load_clusters(
        files, rules, list_firms=list_firms, on_note=_warn(args.lang), progress=shown
    )
    reports = [check(c, rules, tags=args.tag, list_firms=list_firms) for c in clusters]
    shown.done()
    return reports


def _exit_code(reports: Sequence[Report], strict: bool) -> int:
    failed = any(r.verdict is Verdict.NOT_QUALIFIED for r in reports)
    return EXIT_NOT_QUALIFIED if strict and failed else EXIT_OK


def _for_packs(report: Report, packs: Sequence[Rules]) -> Report:
    """Drops warnings about input that another of the packs checked does use."""
    ids = {c.id for pack in packs for c in pack.criteria}
    kept = tuple(
        w for w in report.warnings
        if w.args.get("key", w.args.get("criterion")) not in ids
    )  # fmt: skip
    return attrs.evolve(report, warnings=kept)


def _cmd_check(args: argparse.Namespace) -> int:
    fmt = _format(args)
    packs = packs_of(args.rules)
    if len(packs) > 1:
        clusters = list(_loaded(args, args.files, packs))
        reports = [_for_packs(check(c, p, tags=args.tag), packs) for c in clusters for p in packs]
    else:
        reports = _reports(args, packs[0], args.files)
    rules = packs[0]
    if fmt == "json":
        _emit(_json([r.to_dict(args.lang) for r in reports]), args.output)
    else:
        document = check_document(reports, rules, args.lang, packs=packs)
        _emit(_rendered(document, fmt, args.lang), args.output)
    return _exit_code(reports, args.strict)


def _show_review(args: argparse.Namespace, result: Review, fmt: str) -> None:
    if fmt == "json":
        _emit(_json(result.to_dict(args.lang)), args.output)
    else:
        details = fmt in ("xlsx", "html")
        _emit(
            _rendered(review_document(result, args.lang, details=details), fmt, args.lang),
            args.output,
        )


def _cmd_review(args: argparse.Namespace) -> int:
    fmt = _format(args)
    packs = packs_of(args.rules)
    if len(packs) > 1:
        clusters = _loaded(args, args.files, packs)
        comparison = compare(clusters, packs, tags=args.tag)
        if fmt == "json":
            _emit(_json(comparison.to_dict(args.lang)), args.output)
        else:
            details = fmt in ("xlsx", "html")
            document = comparison_document(comparison, args.lang, details=details)
            _emit(_rendered(document, fmt, args.lang), args.output)
        reports = [r for row in comparison.rows for r in row]
        return _exit_code(reports, args.strict)
    rules = packs[0]
    clusters = _loaded(args, args.files, rules)
    result = review(_drained(clusters), rules, tags=args.tag)
    _show_review(args, result, fmt)
    return _exit_code(result.reports, args.strict)


def _cmd_recheck(args: argparse.Namespace) -> int:
    from .rechecking.registry import load_registry, save_registry
    from .rechecking.verify import DEFAULT_WATCH, recheck, record

    fmt = _format(args)
    if args.record and not args.data:
        raise UsageError(Problem("record_without_data"))
    registry = load_registry(args.registry)
    rules = load_rules(args.rules or registry.rules)
    args.tag = None
    clusters = _loaded(args, args.data, rules) if args.data else []
    watch = DEFAULT_WATCH if args.watch is None else args.watch
    result = recheck(registry, args.year, clusters, rules, watch=watch, every=args.every)
    for note in result.warnings:
        print(
            f"clustercheck: {word('warning', args.lang)}: {note.text(args.lang)}", file=sys.stderr
        )
    if fmt == "json":
        _emit(_json(result.to_list(args.lang)), args.output)
    else:
        details = fmt in ("xlsx", "html")
        _emit(
            _rendered(recheck_document(result, args.lang, details=details), fmt, args.lang),
            args.output,
        )
    if args.record:
        save_registry(record(registry, result), args.registry)
        print(word("recorded", args.lang, path=args.registry), file=sys.stderr)
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from .render.template import render_template

    if Path(args.output).suffix.lower() != ".xlsx":
        raise UsageError(Problem("template_suffix", expected=".xlsx"), source=args.output)
    write_atomic(args.output, render_template(packs_of(args.rules), args.lang))
    print(word("template_written", args.lang, path=args.output), file=sys.stderr)
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    fmt = _format(args)
    rules = load_rules(DEFAULT_PACK)
    clusters = _loaded(args, [examples_dir()], rules)
    _show_review(args, review(clusters, rules), fmt)
    return EXIT_OK


def _cmd_test_packs(args: argparse.Namespace) -> int:
    """Run packs' cases: exit 0 when all hold, 1 when any does not."""
    from tabulate import tabulate

    from .cases import run_cases

    names = [args.pack] if args.pack is not None else bundled_packs()
    rows, failed, total = [], 0, 0
    for name in names:
        pack = load_rules(name)
        for result in run_cases(pack):
            total += 1
            failed += not result.passed
            details = "；".join(
                word(
                    "case_mismatch",
                    args.lang,
                    criterion=m.criterion,
                    expected=m.expected,
                    got=m.got,
                )
                for m in result.mismatches
            )
            rows.append([pack.id, result.name, "✓" if result.passed else "✗", details])
    headers = [word(k, args.lang) for k in ("pack", "case", "status", "notes")]
    table = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    summary = word("cases_summary", args.lang, total=total, passed=total - failed, failed=failed)
    sys.stdout.write(f"{table}\n\n{summary}\n")
    return EXIT_NOT_QUALIFIED if failed else EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
    if args.test:
        return _cmd_test_packs(args)
    from tabulate import tabulate

    lang = args.lang
    if args.pack is None:
        rows = []
        for pack_id in bundled_packs():
            pack = load_rules(pack_id)
            rows.append([pack.id, pack.document, pack.jurisdiction, pack.title(lang)])
        headers = [word(k, lang) for k in ("id", "document", "jurisdiction", "title")]
        sys.stdout.write(
            tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True) + "\n"
        )
        return EXIT_OK
    pack = load_rules(args.pack)
    lines = [
        f"{pack.id}  {pack.document}  {pack.issued.isoformat()}  {pack.jurisdiction}",
        pack.title(lang),
    ]
    if pack.recheck is not None:
        lines.append(
            f"{word('interval', lang)}: {word('years', lang, n=pack.recheck.interval_years)}"
            f"（{pack.recheck.clause} {pack.recheck.wording}）"
        )
    rows = []
    for c in pack.criteria:
        requirement = c.wording
        if c.operator is not None and c.limit is not None and c.unit is not None:
            limit = to_unit(c.limit, c.unit)
            requirement = requirement_text(c.operator.symbol, limit, c.unit, c.wording, lang)
        rows.append(
            [
                c.id,
                c.clause,
                c.label(lang),
                word(c.kind.value, lang),
                requirement,
                ",".join(sorted(c.tags)),
            ]
        )
    headers = [word(k, lang) for k in ("id", "clause", "criterion", "kind", "requirement", "tags")]
    table = tabulate(
        rows,
        headers=headers,
        tablefmt="simple_grid",
        maxcolwidths=[None, None, 14, None, 40, None],
        disable_numparse=True,
    )
    sys.stdout.write("\n".join(lines) + "\n\n" + table + "\n")
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _cmd_check,
    "review": _cmd_review,
    "recheck": _cmd_recheck,
    "rules": _cmd_rules,
    "demo": _cmd_demo,
    "template": _cmd_template,
}


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line. ``recheck REGISTRY --year Y DATA…`` needs help: argparse gives
    the optional DATA list its (empty) share together with REGISTRY, before ``--year``, and
    would call later paths unrecognised; they are DATA."""
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "recheck" and not any(a.startswith("-") for a in extra):
        args.data = [*args.data, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parse(argv)
    try:
        return _COMMANDS[args.command](args)
    except ClusterCheckError as exc:
        print(
            f"clustercheck: {word('error', args.lang)}: {exc.message(args.lang)}", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader (``| head``) stopped reading: not an error
        return EXIT_OK
    except OSError as exc:
        print(
            f"clustercheck: {word('error', args.lang)}: {exc.filename or ''}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT

"""The ``clustercheck`` command line: check, rules and demo.

Exit codes: 0 on success; 1 with ``--strict`` when any cluster is not qualified; 2 on bad
input or usage. Errors go to stderr as plain sentences, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from tabulate import tabulate

from . import __version__
from ._atomic import write_atomic
from ._engine import check
from ._errors import ClusterCheckError
from ._examples import example_paths
from ._figures import to_unit
from ._inputs import load_clusters
from ._labels import LANGS, word
from ._load import load_cluster
from ._pack import DEFAULT_PACK, Rules, bundled_packs, load_rules
from ._render import FORMATS, render_check, render_summary, show_number
from ._report import Report, Verdict

EXIT_OK, EXIT_NOT_QUALIFIED, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clustercheck",
        description="Check industrial clusters against accreditation rules "
        "(default pack: 豫工信企业〔2014〕196号). 按认定条件逐项核查产业集群。",
        epilog="Exit codes: 0 success; 1 with --strict when a cluster is not qualified; "
        "2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"clustercheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    output = argparse.ArgumentParser(add_help=False)
    output.add_argument(
        "--lang", choices=LANGS, default="zh", help="language of the output (default zh)"
    )
    output.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default text)"
    )
    output.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT (atomically) instead of stdout"
    )

    run = argparse.ArgumentParser(add_help=False)
    run.add_argument(
        "--rules",
        default=DEFAULT_PACK,
        metavar="ID|PATH",
        help=f"rule pack (default {DEFAULT_PACK})",
    )
    run.add_argument(
        "--tag", action="append", metavar="TAG", help="check only criteria with this tag, e.g. core"
    )
    run.add_argument(
        "--strict", action="store_true", help="exit 1 when any cluster is not qualified"
    )

    check_cmd = commands.add_parser(
        "check", parents=[output, run], help="per-criterion report for each cluster file",
        description="Check cluster files (.toml, .json) and roster files (.csv, .xlsx) and print a "
        "per-criterion report for each cluster.",
    )  # fmt: skip
    check_cmd.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="cluster file (.toml, .json), roster file (.csv, .xlsx), or a folder of them",
    )
    check_cmd.add_argument(
        "--list-firms", action="store_true", help="list the related SMEs counted, not only leaders"
    )

    rules_cmd = commands.add_parser(
        "rules", help="list the bundled rule packs, or show one pack's criteria",
        description="Without ID, list the bundled packs; with an id or a path, show its criteria.",
    )  # fmt: skip
    rules_cmd.add_argument("pack", nargs="?", metavar="ID|PATH")
    rules_cmd.add_argument("--lang", choices=LANGS, default="zh")

    commands.add_parser(
        "demo", parents=[output], help="check the bundled example clusters and print a summary",
        description="Check the bundled example clusters (six Xuchang clusters with the public "
        "figures of 许发改办〔2018〕218号, and illustrative 示例县 clusters) and print a summary.",
    )  # fmt: skip
    return parser


def _emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text.encode("utf-8"))


def _check_reports(
    files: Sequence[str], rules: Rules, tags: list[str] | None, list_firms: bool = False
) -> list[Report]:
    clusters = load_clusters(files, rules, list_firms=list_firms)
    return [check(cluster, rules, tags=tags, list_firms=list_firms) for cluster in clusters]


def _exit_code(reports: Sequence[Report], strict: bool) -> int:
    failed = any(r.verdict is Verdict.NOT_QUALIFIED for r in reports)
    return EXIT_NOT_QUALIFIED if strict and failed else EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    reports = _check_reports(args.files, load_rules(args.rules), args.tag, args.list_firms)
    _emit(render_check(reports, args.format, args.lang), args.output)
    return _exit_code(reports, args.strict)


def _cmd_demo(args: argparse.Namespace) -> int:
    rules = load_rules(DEFAULT_PACK)
    reports = [check(load_cluster(path), rules) for path in example_paths()]
    if args.format == "json":
        text = render_check(reports, "json", args.lang)
    else:
        title = f"{rules.document} {rules.title(args.lang)}"
        text = f"{title}\n\n" + render_summary(reports, args.format, args.lang)
    _emit(text, args.output)
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
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
            requirement = f"{c.operator.symbol} {show_number(to_unit(c.limit, c.unit), c.unit)}（{c.wording}）"
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
    "rules": _cmd_rules,
    "demo": _cmd_demo,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except ClusterCheckError as exc:
        print(f"clustercheck: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader (``| head``) stopped reading: not an error
        return EXIT_OK
    except OSError as exc:
        print(f"clustercheck: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

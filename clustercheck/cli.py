"""The ``clustercheck`` command line: check, review, recheck, rules, template and demo.

Exit codes: 0 on success; 1 with ``--strict`` when any cluster is not qualified; 2 on bad
input or usage; 130 when stopped by Ctrl-C. Errors go to stderr as plain sentences, never a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from . import __version__
from .base.atomic import check_writable, write_atomic
from .base.errors import ClusterCheckError, InputError, Problem, UsageError
from .base.figures import shown, to_unit
from .base.labels import LANGS, with_aside, word
from .base.lock import locked
from .base.messages import shown_name
from .base.notes import Note
from .inputs import load_clusters
from .model.cluster import Cluster
from .read.examples import examples_dir
from .read.files import refuse_output_over_input
from .render.document import Table
from .render.layout import FORMATS, requirement_text
from .render.results import Result, format_of, render, write
from .reviewing import compare, for_packs, review
from .rules.engine import check
from .rules.pack import DEFAULT_PACK, PackChoice, Rules, bundled_packs, load_rules, packs_of
from .rules.report import Report, Verdict

EXIT_OK, EXIT_NOT_QUALIFIED, EXIT_BAD_INPUT = 0, 1, 2
#: As a shell reports a run ended by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130


def _share_in(lang: str) -> Callable[[str], Decimal]:
    """The reader of --watch, a share from 0 up to 1, exact; refused in ``lang``."""

    def share(text: str) -> Decimal:
        try:
            value = Decimal(text)
        except ArithmeticError:
            value = Decimal("NaN")
        if not value.is_finite() or not 0 <= value < 1:
            raise argparse.ArgumentTypeError(Problem("not_watch_share", value=text).text(lang))
        return value

    return share


def _year_in(lang: str) -> Callable[[str], int]:
    """The reader of --year, a year written in digits; refused in ``lang``."""

    def year(text: str) -> int:
        if not (text.isascii() and text.isdigit()):
            problem = Problem("not_year", shown=shown(text), example="2018")
            raise argparse.ArgumentTypeError(problem.text(lang))
        return int(text)

    return year


class _Parser(argparse.ArgumentParser):
    """A parser whose own words (usage, sections, errors) are in the language asked for."""

    def __init__(
        self,
        prog: str | None = None,
        *,
        lang: str = "zh",
        description: str | None = None,
        epilog: str | None = None,
        parents: Sequence[argparse.ArgumentParser] = (),
        help_option: bool = True,
    ) -> None:
        self.lang = lang
        super().__init__(
            prog, description=description, epilog=epilog, add_help=False,
            formatter_class=_formatter(lang),
        )  # fmt: skip
        self._positionals.title = word("cli_positionals", lang)
        self._optionals.title = word("cli_options", lang)
        if help_option:
            self.add_argument("-h", "--help", action="help", help=word("cli_help", lang))
        # The parents are added as argparse adds them, after -h, but once the titles are in
        # ``lang``: added before, their options would stand in a second section of that title.
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        """Usage, then the error, in the parser's language; exit 2."""
        if self.lang == "zh":
            if "(choose from " in message and message.endswith(")"):
                message = message[:-1] + "）"
            for english, chinese in _ARGPARSE_ZH:
                message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {word('error', self.lang)}: {message}\n")


#: argparse's own error words, in Chinese.
_ARGPARSE_ZH = (
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("invalid choice: ", "不是可选值："),
    (" (choose from ", "（可选："),
    ("expected one argument", "需要一个值"),
    ("expected at least one argument", "至少需要一个值"),
    ("ambiguous option: ", "选项不明确："),
    (" could match ", " 可能是 "),
    ("ignored explicit argument ", "此选项不接受值："),
    ("argument ", "参数 "),
)


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    """Help laid out as argparse does, its usage line headed in ``lang``."""

    class Formatter(argparse.HelpFormatter):
        def add_usage(
            self,
            usage: str | None,
            actions: Iterable[argparse.Action],
            groups: Iterable[argparse._MutuallyExclusiveGroup],
            prefix: str | None = None,
        ) -> None:
            shown = word("cli_usage", lang) if prefix is None else prefix
            super().add_usage(usage, actions, groups, shown)

        def _split_lines(self, text: str, width: int) -> list[str]:
            # Wrapped by columns and between Chinese characters, which have no spaces.
            return _wrap(" ".join(text.split()), width)

        def _fill_text(self, text: str, width: int, indent: str) -> str:
            lines = _wrap(" ".join(text.split()), width - len(indent))
            return "\n".join(indent + line for line in lines)

    return Formatter


def _wrap(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width`` columns (the terminal's drawing is loaded when help is
    shown, not for every run)."""
    from .render.terminal import wrap

    return wrap(text, width)


def _table_lines(table: Table, lang: str) -> str:
    """A table drawn for the terminal (loaded when a command prints one)."""
    from .render.terminal import table_lines

    return table_lines(table, _terminal_width(), lang)


class _Version(argparse.Action):
    """Prints the version on a line of its own (argparse's own would wrap it) and exits."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        print(_version(getattr(parser, "lang", "zh")))
        parser.exit()


def _version(lang: str) -> str:
    """The version, and whether the compiled roster tally is in use."""
    from .read.roster_fast import AVAILABLE

    state = word("tally_in_use" if AVAILABLE else "tally_not_built", lang)
    return with_aside(f"clustercheck {__version__}", state, lang)


def _lang_of(argv: Sequence[str]) -> str:
    """The language asked for anywhere on the command line (``--lang en``, ``--lang=en``),
    so that help and usage errors read in it too; Chinese by default."""
    lang = "zh"
    for i, arg in enumerate(argv):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGS:
            lang = value
    return lang


def _parser(lang: str = "zh") -> argparse.ArgumentParser:
    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    parser = _Parser(
        prog="clustercheck", lang=lang,
        description=t(
            "按认定条件逐项核查中小企业特色产业集群（默认规则包：豫工信企业〔2014〕196号）。",
            "Check industrial clusters against accreditation rules "
            "(default pack: 豫工信企业〔2014〕196号).",
        ),
        epilog=t(
            "退出码：0 成功；1 使用 --strict 且有集群不符合，或规则包用例未通过（rules --test）；"
            "2 输入或用法有误；130 被 Ctrl-C 中断。",
            "Exit codes: 0 success; 1 with --strict when a cluster is not qualified, or when "
            "a pack's case fails (rules --test); 2 bad input or usage; 130 stopped by Ctrl-C.",
        ),
    )  # fmt: skip
    parser.add_argument(
        "--version", action=_Version, nargs=0, default=argparse.SUPPRESS,
        help=t("显示版本及是否使用已编译的名册汇总模块", "show the version and whether the "
               "compiled roster tally is in use"),
    )  # fmt: skip
    parser.add_argument(
        "--lang", choices=LANGS, dest="lang_before", metavar="zh|en",
        help=t("输出和帮助的语言（默认 zh），也可写在子命令之后",
               "language of the output and of help (default zh); also after the command"),
    )  # fmt: skip
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser,
        title=t("命令", "commands"),
    )  # fmt: skip

    output = _Parser(lang=lang, help_option=False)
    output.add_argument(
        "--lang", choices=LANGS, metavar="zh|en",
        help=t("输出语言（默认 zh）", "language of the output (default zh)"),
    )  # fmt: skip
    output.add_argument(
        "--format", choices=FORMATS,
        help=t("输出格式（默认：按 -o 文件的扩展名，否则为 text）",
               "output format (default: from the -o file's extension, else text)"),
    )  # fmt: skip
    output.add_argument(
        "-o", "--output", metavar="OUT",
        help=t("写入文件 OUT（原子写入），而不是标准输出",
               "write to OUT (atomically) instead of stdout"),
    )  # fmt: skip

    run = _Parser(lang=lang, help_option=False)
    run.add_argument(
        "--rules", default=DEFAULT_PACK, metavar="ID|PATH[,...]",
        help=t(f"规则包（默认 {DEFAULT_PACK}）；多个以逗号分隔，逐一对照",
               f"rule pack (default {DEFAULT_PACK}); several, comma-separated, to compare them"),
    )  # fmt: skip
    run.add_argument(
        "--tag", action="append", metavar="TAG",
        help=t("只核查带此标签的条件，如 core", "check only criteria with this tag, e.g. core"),
    )  # fmt: skip
    run.add_argument(
        "--strict", action="store_true",
        help=t("有集群不符合时退出码为 1", "exit 1 when any cluster is not qualified"),
    )  # fmt: skip

    files = t(
        "集群文件（.toml、.json）、填好的表格、汇总表或企业名册（.csv、.xlsx、.xls、.ods），或其所在文件夹",
        "cluster files (.toml, .json), filled workbooks, summary tables or rosters (.csv, "
        ".xlsx, .xls, .ods), or folders of them",
    )
    check_cmd = commands.add_parser(
        "check", parents=[output, run], lang=lang,
        help=t("逐个集群的逐项报告", "per-criterion report for each cluster file"),
        description=t(
            "核查集群文件（.toml、.json）、填好的表格（clustercheck template）、汇总表和企业名册"
            "（.csv、.xlsx、.xls、.ods），逐个集群打印逐项报告。",
            "Check cluster files (.toml, .json), filled workbooks (clustercheck template), "
            "summary tables and roster files (.csv, .xlsx, .xls, .ods) and print a "
            "per-criterion report for each cluster.",
        ),
    )  # fmt: skip
    check_cmd.add_argument("files", nargs="+", metavar="FILE", help=files)
    check_cmd.add_argument(
        "--list-firms", action="store_true",
        help=t("列出计入的关联中小企业，而不只是龙头企业",
               "list the related SMEs counted, not only leaders"),
    )  # fmt: skip

    review_cmd = commands.add_parser(
        "review", parents=[output, run], lang=lang,
        help=t("多个集群的一张汇总表，供评审会使用", "one table of many clusters, for a review meeting"),
        description=t(
            "核查多个集群，每个集群一行（每项条件 ✓ ✗ ?、结论和 2016 年目标的营业收入档次），"
            "再按档次统计符合条件的集群数并与目标对照。文件夹按路径顺序递归读取。",
            "Check many clusters and print one row per cluster (✓ ✗ ? per criterion, the "
            "verdict and the revenue band of the 2016 targets), then the band counts of the "
            "qualified clusters against the targets. Folders are read recursively, in path order.",
        ),
    )  # fmt: skip
    review_cmd.add_argument("files", nargs="+", metavar="FILE|DIR", help=files)

    recheck_cmd = commands.add_parser(
        "recheck", parents=[output], lang=lang,
        help=t("认定名录的两年一次复核清单", "the biennial re-verification list of a registry"),
        description=t(
            "用今年的数据复核 REGISTRY 中 YEAR 年应复核的集群：保留（符合）、摘牌（不符合）或"
            "待补充材料（数据不全或没有数据），并列出与上一轮相比的变化和临近门槛的指标。",
            "Re-verify the accredited clusters of REGISTRY that are due in YEAR with this "
            "year's data: retain (qualified), delist (not qualified) or pending (incomplete or "
            "no data), with what changed since the last round and what is near its threshold.",
        ),
    )  # fmt: skip
    recheck_cmd.add_argument(
        "registry", metavar="REGISTRY",
        help=t("认定名录文件（.toml 或 .json）", "registry file (.toml or .json)"),
    )  # fmt: skip
    recheck_cmd.add_argument(
        "--year",
        type=_year_in(lang),
        required=True,
        help=t("本轮复核的年份", "the year of the round"),
    )
    recheck_cmd.add_argument(
        "data", nargs="*", metavar="DATA",
        help=t("今年的集群文件或名册，或其所在文件夹；不给出时只列出应复核的集群",
               "this year's cluster or roster files, or folders of them; without any, list "
               "who is due"),
    )  # fmt: skip
    recheck_cmd.add_argument(
        "--all", action="store_true", dest="every",
        help=t("全省统一复核：YEAR 年以前认定的全部在册集群，而不只是认定周期落在 YEAR 年的",
               "a province-wide round: every active cluster accredited before YEAR, not only "
               "those whose accreditation cycle falls in YEAR"),
    )  # fmt: skip
    recheck_cmd.add_argument(
        "--rules", metavar="ID|PATH",
        help=t("规则包（默认：名录记载的规则包）", "rule pack (default: the registry's)"),
    )  # fmt: skip
    recheck_cmd.add_argument(
        "--watch", type=_share_in(lang), metavar="SHARE",
        help=t("保留的集群距门槛在此比例以内时列为临近（默认 0.1）",
               "watch retained clusters within this share of a threshold (default 0.1)"),
    )  # fmt: skip
    recheck_cmd.add_argument(
        "--record", action="store_true",
        help=t("把本轮结果追加到名录的历史（原子写入；每年只记一次）",
               "append this round to the registry's history (atomically; a year is "
               "recorded once)"),
    )  # fmt: skip

    rules_cmd = commands.add_parser(
        "rules", lang=lang,
        help=t("列出内置规则包，或显示一个规则包的条件",
               "list the bundled rule packs, or show one pack's criteria"),
        description=t("不给 ID 时列出内置规则包；给出 id 或路径时显示其条件。",
                      "Without ID, list the bundled packs; with an id or a path, show its "
                      "criteria."),
    )  # fmt: skip
    rules_cmd.add_argument("pack", nargs="?", metavar="ID|PATH")
    rules_cmd.add_argument(
        "--test", action="store_true",
        help=t("运行规则包自带的用例（旁边的 <pack>.cases.toml）；不给 ID 时运行全部内置规则包",
               "run the pack's own cases (<pack>.cases.toml beside it); all bundled packs "
               "without ID"),
    )  # fmt: skip
    rules_cmd.add_argument(
        "--lang",
        choices=LANGS,
        metavar="zh|en",
        help=t("输出语言（默认 zh）", "language (default zh)"),
    )

    template_cmd = commands.add_parser(
        "template", lang=lang,
        help=t("生成填报用的 Excel 表格（申报表），check 和 review 可读回",
               "write a fill-in workbook (申报表) that check and review read back"),
        description=t(
            "生成一个集群填报用的工作簿：各规则包用到的申报数据（含单位、提示和条款）、规则包需要的"
            "各年数据、带“是/否”下拉框的核查意见，以及空白的企业名册。check 和 review 把它读回为一个集群。",
            "Write a workbook to fill in for one cluster: the declared figures the packs "
            "use (each with its unit, a hint and its clause), yearly figures where a pack needs "
            "them, the reviewer's findings with 是/否 lists, and an empty roster. check and "
            "review read it back as one cluster.",
        ),
    )  # fmt: skip
    template_cmd.add_argument(
        "--rules", default=DEFAULT_PACK, metavar="ID|PATH[,...]",
        help=t(f"表格要填哪些规则包的数据（默认 {DEFAULT_PACK}），以逗号分隔",
               f"the packs whose figures it asks for (default {DEFAULT_PACK}), comma-separated"),
    )  # fmt: skip
    template_cmd.add_argument(
        "--lang", choices=LANGS, metavar="zh|en",
        help=t("表格的语言（默认 zh）", "language of the workbook (default zh)"),
    )  # fmt: skip
    template_cmd.add_argument(
        "-o", "--output", metavar="OUT.xlsx", required=True,
        help=t("要写入的工作簿", "the workbook to write"),
    )  # fmt: skip
    template_cmd.add_argument(
        "--force", action="store_true",
        help=t("即使 OUT.xlsx 中有空白表格没有的内容（已填写的表格）也覆盖它",
               "replace OUT.xlsx even when it holds values the blank workbook does not (a filled form)"),
    )  # fmt: skip

    commands.add_parser(
        "demo", parents=[output], lang=lang,
        help=t("核查内置示例集群并打印汇总表", "check the bundled example clusters and print a summary"),
        description=t(
            "核查内置的示例集群（许昌市 6 个集群，数字取自许发改办〔2018〕218号；虚构的示例县集群；"
            "一份全省企业名册）并打印汇总表。",
            "Check the bundled example clusters (six Xuchang clusters with the public "
            "figures of 许发改办〔2018〕218号, illustrative 示例县 clusters and a province's "
            "roster of firms) and print a summary.",
        ),
    )  # fmt: skip
    return parser


def _format(args: argparse.Namespace) -> str:
    """The format asked for: by --format, by the -o file's suffix, or by both agreeing (see
    :func:`format_of`); text when neither is given."""
    fmt: str | None = args.format
    if args.output is not None:
        return format_of(args.output, fmt)
    if fmt == "xlsx":
        raise UsageError(Problem("binary_to_terminal"))
    return fmt or "text"


def _terminal_width() -> int | None:
    """The columns of the terminal printed to (``COLUMNS`` when set); None for a file or a
    pipe, which get the wide layout, as ``-o`` writes it."""
    if not sys.stdout.isatty():
        return None
    return max(shutil.get_terminal_size().columns, 20)


def _coloured() -> bool:
    """Whether marks are coloured on the terminal: unless ``NO_COLOR`` is set (no-color.org)."""
    return not os.environ.get("NO_COLOR")


def _show(args: argparse.Namespace, result: Result, fmt: str, rules: PackChoice = None) -> None:
    """Writes ``result`` to the -o file, or prints it; a workbook's writing shown on a
    terminal."""
    if args.output is not None:
        shown = _Shown(args.lang)
        write(result, args.output, format=fmt, lang=args.lang, rules=rules, progress=shown)
        shown.done()
        print(word("written", args.lang, path=args.output), file=sys.stderr)
        return
    width = _terminal_width() if fmt == "text" else None
    text = render(result, fmt, lang=args.lang, rules=rules, width=width)
    if isinstance(text, str) and width is not None and _coloured():
        from .render.terminal import coloured_marks

        text = coloured_marks(text)
    try:
        sys.stdout.buffer.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk or /dev/full: named as standard output
        raise UsageError(Problem("stdout_failed", detail=exc.strerror or str(exc))) from None


def _warning(text: str, lang: str) -> None:
    """Prints ``text`` on stderr as a warning (``clustercheck: 提示: …``)."""
    print(f"clustercheck: {word('warning', lang)}: {text}", file=sys.stderr, flush=True)


def _warn(lang: str) -> Callable[[Note], None]:
    """Prints a note on input not read (files in a folder) on stderr, as a warning."""
    return lambda note: _warning(note.text(lang), lang)


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
        """Clears the progress line, so that what follows starts on a clean line."""
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            self.shown = False


def _loaded(
    args: argparse.Namespace, paths: Sequence[str | Path], rules: PackChoice, once: bool = False
) -> list[Cluster]:
    """Every cluster of ``paths``, read with progress shown on a terminal; ``once`` for a
    review or a round of re-verification, which refuse a file or a cluster given twice."""
    shown = _Shown(args.lang)
    clusters = list(
        load_clusters(paths, rules, on_note=_warn(args.lang), progress=shown, once=once)
    )
    shown.done()
    return clusters


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


def _cmd_check(args: argparse.Namespace) -> int:
    fmt = _format(args)
    refuse_output_over_input(args.output, args.files)
    packs = packs_of(args.rules)
    if len(packs) > 1:
        clusters = list(_loaded(args, args.files, packs))
        reports = [for_packs(check(c, p, tags=args.tag), packs) for c in clusters for p in packs]
    else:
        reports = _reports(args, packs[0], args.files)
    _show(args, reports, fmt, packs)
    return _exit_code(reports, args.strict)


@contextlib.contextmanager
def _uncollected() -> Iterator[None]:
    """Python's cyclic garbage collector held off: a review of a roster makes millions of
    objects and no cycle among them, and the collector walked them all, again and again as
    they grew (a quarter of the time of a roster of 100,000 clusters). It runs again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cmd_review(args: argparse.Namespace) -> int:
    with _uncollected():
        return _review(args)


def _review(args: argparse.Namespace) -> int:
    fmt = _format(args)
    refuse_output_over_input(args.output, args.files)
    packs = packs_of(args.rules)
    # Every file is read before the first cluster is checked, and a roster's clusters are
    # made from its sums one at a time as they are checked: the review never holds every
    # cluster's figures at once. Nothing is written before all are checked.
    shown = _Shown(args.lang)
    rules = packs if len(packs) > 1 else packs[0]
    given = load_clusters(args.files, rules, on_note=_warn(args.lang), progress=shown, once=True)
    if len(packs) > 1:
        comparison = compare(given, packs, tags=args.tag)
        shown.done()
        _show(args, comparison, fmt)
        reports = [r for row in comparison.rows for r in row]
        return _exit_code(reports, args.strict)
    result = review(given, packs[0], tags=args.tag)
    shown.done()
    _show(args, result, fmt)
    return _exit_code(result.reports, args.strict)


def _cmd_recheck(args: argparse.Namespace) -> int:
    from .rechecking.registry import load_registry

    fmt = _format(args)
    if args.record and not args.data:
        raise UsageError(Problem("record_without_data"))
    refuse_output_over_input(args.output, [args.registry, *args.data])
    if not args.record:
        return _recheck(args, fmt)
    check_writable(args.registry)
    if not Path(args.registry).exists():
        load_registry(args.registry)  # names the missing file
    waiting = _waiting(args.lang)
    with locked(args.registry, on_wait=waiting):  # a run recording at once waits its turn
        return _recheck(args, fmt)


def _waiting(lang: str) -> Callable[[Path], None]:
    """Tells on stderr that the run waits for another recording into the same registry."""
    return lambda lock: _warning(word("lock_wait", lang, lock=lock), lang)


def _recheck(args: argparse.Namespace, fmt: str) -> int:
    """The round of ``args``, shown, and recorded when asked (under the registry's lock)."""
    from .rechecking.registry import load_registry, save_registry
    from .rechecking.verify import DEFAULT_WATCH, recheck, record

    registry = load_registry(args.registry)
    rules = load_rules(args.rules or registry.rules)
    args.tag = None
    clusters = _loaded(args, args.data, rules, once=True) if args.data else []
    watch = DEFAULT_WATCH if args.watch is None else args.watch
    result = recheck(registry, args.year, clusters, rules, watch=watch, every=args.every)
    for note in result.warnings:
        _warning(note.text(args.lang), args.lang)
    _show(args, result, fmt)
    if args.record:
        updated = record(registry, result)
        if updated == registry:  # a round recorded before: the file is left as it is
            print(word("nothing_recorded", args.lang, year=args.year, path=args.registry), file=sys.stderr)  # fmt: skip
        else:
            save_registry(updated, args.registry)
            print(word("recorded", args.lang, path=args.registry), file=sys.stderr)
    return EXIT_OK


def _refuse_over_filled(path: Path, blank: bytes) -> None:
    """Refuse to write the blank workbook over a file that holds what it does not (a filled
    form), or that cannot be read to tell."""
    from .read.unlike import cells_unlike

    if not path.is_file():
        return  # nothing to lose; what is not a file is refused when written
    try:
        filled = cells_unlike(path, blank)
    except InputError as exc:
        problem = Problem("template_over_unreadable", detail=exc.what.text("en"))
        raise UsageError(problem, source=str(path)) from None
    if filled:
        problem = Problem("filled_form", cell=filled[0], count=len(filled))
        raise UsageError(problem, source=str(path))


def _cmd_template(args: argparse.Namespace) -> int:
    from .render.template import render_template

    if Path(args.output).suffix.lower() != ".xlsx":
        raise UsageError(Problem("template_suffix", expected=".xlsx"), source=args.output)
    blank = render_template(packs_of(args.rules), args.lang)
    if not args.force:
        _refuse_over_filled(Path(args.output), blank)
    write_atomic(args.output, blank)
    print(word("template_written", args.lang, path=args.output), file=sys.stderr)
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    fmt = _format(args)
    rules = load_rules(DEFAULT_PACK)
    clusters = _loaded(args, [examples_dir()], rules)
    _show(args, review(clusters, rules), fmt)
    return EXIT_OK


def _cmd_test_packs(args: argparse.Namespace) -> int:
    """Run packs' cases: exit 0 when all hold, 1 when any does not."""
    from .cases import run_cases
    from .rules.sources import read_source, source_problems

    names = [args.pack] if args.pack is not None else bundled_packs()
    rows, failed, total = [], 0, 0
    for name in names:
        pack = load_rules(name)
        source = read_source(pack)
        if source is not None:
            problems = source_problems(pack, source)
            total += 1
            failed += bool(problems)
            details = word("list_separator", args.lang).join(
                f"{key}: {problem.text(args.lang)}" for key, problem in problems
            )
            rows.append(
                [pack.id, word("source_check", args.lang), "✗" if problems else "✓", details]
            )
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
    headers = tuple(word(k, args.lang) for k in ("pack", "case", "status", "notes"))
    table = _table_lines(Table(headers, tuple(map(tuple, rows))), args.lang)
    summary = word("cases_summary", args.lang, total=total, passed=total - failed, failed=failed)
    sys.stdout.write(f"{table}\n\n{summary}\n")
    return EXIT_NOT_QUALIFIED if failed else EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
    if args.test:
        return _cmd_test_packs(args)
    lang = args.lang
    if args.pack is None:
        rows = []
        for pack_id in bundled_packs():
            pack = load_rules(pack_id)
            rows.append([pack.id, pack.document, pack.jurisdiction, pack.title(lang)])
        headers = tuple(word(k, lang) for k in ("id", "document", "jurisdiction", "title"))
        table = _table_lines(Table(headers, tuple(map(tuple, rows))), lang)
        sys.stdout.write(table + "\n")
        return EXIT_OK
    pack = load_rules(args.pack)
    lines = [
        f"{pack.id}  {pack.document}  {pack.issued.isoformat()}  {pack.jurisdiction}",
        pack.title(lang),
    ]
    if pack.recheck is not None:
        every = word("years", lang, n=pack.recheck.interval_years)
        lines.append(word("interval", lang, every=every, clause=pack.recheck.clause,
                          wording=pack.recheck.wording))  # fmt: skip
    from .rules.engine import pack_notices

    lines += [note.text(lang) for note in pack_notices(pack)]  # unverified text, leniency
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
    headers = tuple(
        word(k, lang) for k in ("id", "clause", "criterion", "kind", "requirement", "tags")
    )
    widths = (None, None, 14, None, 40, None)
    drawn = Table(headers, tuple(tuple(r) for r in rows), widths)
    table = _table_lines(drawn, lang)
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
    given = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(_lang_of(given))
    args, extra = parser.parse_known_args(given)
    if extra and args.command == "recheck" and not any(a.startswith("-") for a in extra):
        args.data = [*args.data, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.lang = args.lang or args.lang_before or "zh"
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
    except KeyboardInterrupt:  # Ctrl-C: a temporary file being written is removed on the way
        start = "\n" if sys.stderr.isatty() else ""
        print(f"{start}clustercheck: {word('interrupted', args.lang)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        where = f"{shown_name(str(exc.filename))}: " if exc.filename else ""
        print(
            f"clustercheck: {word('error', args.lang)}: {where}{exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT

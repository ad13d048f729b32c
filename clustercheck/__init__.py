"""clustercheck: check industrial clusters against provincial accreditation rules, exactly.

>>> import clustercheck as cc
>>> report = cc.check(cc.load_cluster("cluster.toml"))   # doctest: +SKIP
>>> report.verdict, report["revenue"].status              # doctest: +SKIP
"""

from importlib import import_module
from typing import TYPE_CHECKING

from . import render as _rendering
from .base.compare import Operator
from .base.errors import (
    ClusterCheckError,
    FigureError,
    InputError,
    InputErrors,
    PackError,
    Problem,
    UsageError,
)
from .base.figures import FigureBound, parse_money, parse_percent
from .base.notebook import display_language
from .base.notes import Note
from .inputs import clusters_from_firms, clusters_from_frame, load_cluster, load_clusters
from .model.cluster import Cluster, Declared, Enterprise, Reported, Size, Yearly
from .read.examples import examples_dir
from .rules.engine import check
from .rules.pack import Criterion, Kind, Label, Rules, bundled_packs, load_rules
from .rules.report import Outcome, Report, Source, Status, Verdict

if TYPE_CHECKING:
    from .batch import Batch, check_many
    from .rechecking.registry import (
        Decision,
        Entry,
        HistoryEntry,
        Registry,
        load_registry,
        save_registry,
    )
    from .rechecking.verify import Change, Recheck, Verification, due, recheck, record
    from .render.results import render, write
    from .reviewing import BandCount, Comparison, Review, compare, review
    from .whatif import sweep

__version__ = "0.1.0"

# ``render`` is both the function below and the folder of renderers. The folder is loaded (it
# is small) before the function is first asked for, so that loading it later never rebinds
# ``clustercheck.render``; the name is then left to ``__getattr__``.
del globals()["render"], _rendering

#: Re-verification and review tables are imported when first used: checking a cluster does
#: not need them, so ``import clustercheck`` does not pay for them.
_ON_FIRST_USE = {
    **dict.fromkeys(
        ("Change", "Recheck", "Verification", "due", "recheck", "record"), "rechecking.verify"
    ),
    **dict.fromkeys(
        ("Decision", "Entry", "HistoryEntry", "Registry", "load_registry", "save_registry"),
        "rechecking.registry",
    ),
    **dict.fromkeys(("BandCount", "Comparison", "Review", "compare", "review"), "reviewing"),
    "sweep": "whatif",
    **dict.fromkeys(("render", "write"), "render.results"),
    **dict.fromkeys(("Batch", "check_many"), "batch"),
}


def __getattr__(name: str) -> object:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'clustercheck' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "BandCount",
    "Batch",
    "Change",
    "Cluster",
    "ClusterCheckError",
    "Comparison",
    "Criterion",
    "Decision",
    "Declared",
    "Enterprise",
    "Entry",
    "FigureBound",
    "FigureError",
    "HistoryEntry",
    "InputError",
    "InputErrors",
    "Kind",
    "Label",
    "Note",
    "Operator",
    "Outcome",
    "PackError",
    "Problem",
    "Recheck",
    "Registry",
    "Report",
    "Reported",
    "Review",
    "Rules",
    "Size",
    "Source",
    "Status",
    "UsageError",
    "Verdict",
    "Verification",
    "Yearly",
    "__version__",
    "bundled_packs",
    "check",
    "check_many",
    "clusters_from_firms",
    "clusters_from_frame",
    "compare",
    "display_language",
    "due",
    "examples_dir",
    "load_cluster",
    "load_clusters",
    "load_registry",
    "load_rules",
    "parse_money",
    "parse_percent",
    "recheck",
    "record",
    "render",
    "review",
    "save_registry",
    "sweep",
    "write",
]

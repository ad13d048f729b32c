"""clustercheck: check industrial clusters against provincial accreditation rules, exactly.

>>> import clustercheck as cc
>>> report = cc.check(cc.load_cluster("cluster.toml"))   # doctest: +SKIP
>>> report.verdict, report["revenue"].status              # doctest: +SKIP
"""

from ._engine import check
from ._errors import ClusterCheckError, InputError, InputErrors, PackError
from ._figures import parse_money, parse_percent
from ._inputs import load_clusters
from ._load import load_cluster
from ._model import Cluster, Declared, Enterprise, Reported, Size
from ._pack import Criterion, Kind, Label, Operator, Rules, bundled_packs, load_rules
from ._report import Note, Outcome, Report, Source, Status, Verdict
from ._review import BandCount, Review, review

__version__ = "0.1.0"

__all__ = [
    "BandCount",
    "Cluster",
    "ClusterCheckError",
    "Criterion",
    "Declared",
    "Enterprise",
    "InputError",
    "InputErrors",
    "Kind",
    "Label",
    "Note",
    "Operator",
    "Outcome",
    "PackError",
    "Report",
    "Reported",
    "Review",
    "Rules",
    "Size",
    "Source",
    "Status",
    "Verdict",
    "__version__",
    "bundled_packs",
    "check",
    "load_cluster",
    "load_clusters",
    "load_rules",
    "parse_money",
    "parse_percent",
    "review",
]

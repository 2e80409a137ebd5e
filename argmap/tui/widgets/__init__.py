"""The explorer's widgets: the map tree, the node detail pane, the problems panel."""

from .detail import NodeDetail
from .maptree import MapTree
from .problems import ProblemsPanel

__all__ = ["MapTree", "NodeDetail", "ProblemsPanel"]

"""The explorer's screens and dialogs: search, view and filter choosers, source reader, help,
and the curating dialogs (a node from a passage, a link by search)."""

from .choose import FilterScreen, PickScreen, ViewScreen
from .curate import LinkScreen, NewNodeScreen
from .help import HelpScreen
from .search import SearchScreen
from .source import SourceScreen

__all__ = ["FilterScreen", "PickScreen", "ViewScreen", "HelpScreen", "SearchScreen", "SourceScreen", "LinkScreen", "NewNodeScreen"]

"""The explorer's screens and dialogs: search, view and filter choosers, source reader, help."""

from .choose import FilterScreen, PickScreen, ViewScreen
from .help import HelpScreen
from .search import SearchScreen
from .source import SourceScreen

__all__ = ["FilterScreen", "PickScreen", "ViewScreen", "HelpScreen", "SearchScreen", "SourceScreen"]

"""The Jinja2 environments of the briefings: one per output kind, each escaping by default.

HTML: autoescape is on whatever the template's name (`select_autoescape` would go by the file
ending, and `brief.html.j2` does not end in `.html`). Markdown: Jinja2 has no Markdown
autoescape, so every `{{ ... }}` passes through `finalize`, which escapes it with
`escape.md_inline` unless it is a `MdSafe` string made here from checked parts (an autolink, a link
to the diagram file). Both environments use `StrictUndefined`: a misspelt field is an error,
not an empty string. Templates are package data, loaded with `PackageLoader`.
"""

from __future__ import annotations

from functools import lru_cache

from .escape import md_inline, md_link_target, md_strict, safe_url

__all__ = ["MdSafe", "html_environment", "markdown_environment"]


class MdSafe(str):
    """Markdown built here from checked parts; `finalize` passes it through unescaped."""


def _md_finalize(value) -> str:
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return ""
    return md_inline(str(value))


def _md_autolink(url: str | None) -> MdSafe:
    """`<https://...>` for an allowed URL (no escapes apply inside an autolink), else nothing."""
    url = safe_url(url)
    return MdSafe(f"<{url}>") if url else MdSafe("")


def _md_image_link(name: str, alt: str) -> MdSafe:
    """An image of a file next to the briefing, linked to the file itself."""
    target = md_link_target(name)
    return MdSafe(f"[![{md_strict(alt)}]({target})]({target})")


def _md_spaces(count: int) -> MdSafe:
    """Indentation for nested lists."""
    return MdSafe(" " * int(count))


def _capitalize_first(text: str) -> str:
    """The first letter in capitals, the rest as written (Jinja's `capitalize` lowers the rest)."""
    return text[:1].upper() + text[1:] if text else text


def _common(env) -> None:
    from .model import STATUS_MEANINGS

    env.globals["STATUS_MEANINGS"] = STATUS_MEANINGS
    env.filters["capitalize_first"] = _capitalize_first


@lru_cache(maxsize=None)
def html_environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("argmap.brief", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    _common(env)
    return env


@lru_cache(maxsize=None)
def markdown_environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("argmap.brief", "templates"),
        autoescape=False,
        finalize=_md_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["autolink"] = _md_autolink
    env.filters["image_link"] = _md_image_link
    env.filters["spaces"] = _md_spaces
    _common(env)
    return env

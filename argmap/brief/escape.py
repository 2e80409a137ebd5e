"""Making map text safe for each output: plain text, Markdown, URLs, colours.

HTML escaping is Jinja2's autoescape (markupsafe); DOCX text goes into XML through
python-docx once `clean` has removed what XML 1.0 cannot hold. Markdown has no autoescape:
`md` backslash-escapes a character only where CommonMark (or GitHub's tables and
strike-through) would read it as syntax, so no map text can open a link, an image, raw HTML,
an entity, emphasis, code, a heading, a list or a table, and `re-engage` stays `re-engage`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

__all__ = ["clean", "safe_chars", "md", "md_strict", "md_inline", "safe_url", "safe_colour", "md_link_target"]

# C0 and C1 control characters (white space is handled apart), lone surrogates, and Unicode
# noncharacters: none is text anyone meant to write, and XML 1.0 refuses most of them.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)

# Link text (image alt text) escaping: inside `[...]`, a bracket would end or nest the text, and
# a backslash, code span, emphasis, raw HTML or entity could change it; those characters are
# always escaped there (an escaped ASCII punctuation mark is always literal text, CommonMark
# 0.31, section 2.4). Block markers cannot start a line inside brackets.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~!])")

# Prose escaping escapes a character only where it would otherwise be read as syntax:
_MD_INLINE = re.compile(
    r"[`*~]"  # code spans, emphasis, strike-through (GFM), fences: always
    r"|\\(?=[!-/:-@\[-`{-~]|$)"  # a backslash that would escape what follows, or end the line in a hard break
    r"|(?<![^\W_])_|_(?![^\W_])"  # `_` unless inside a word (intraword `_` is never emphasis)
    r"|\](?=[(\[:]|$)"  # `](`, `][`, `]:` close links, images and link reference definitions
    r"|<(?=[A-Za-z/!?]|$)"  # raw HTML, comments, declarations, autolinks
    r"|&(?=#?[A-Za-z0-9]+;|#?[A-Za-z0-9]*$)"  # entity and character references
)
# What opens a block when it starts a line: an ATX heading, a block quote, a list item, a
# thematic break, a setext underline. Only the first character of a piece needs escaping.
_MD_BLOCK_START = re.compile(r"#{1,6}(?= |$)|>|[-+*](?= |$)|-(?=-)|=+$|\d{1,9}(?=[.)](?: |$))")


def _backslash(match: re.Match) -> str:
    return "\\" + match.group(0)


def _md_prose(text: str) -> str:
    out = _MD_INLINE.sub(_backslash, text)
    block = _MD_BLOCK_START.match(out)
    if block:
        if block.group(0)[0].isdigit():  # `2020. ` would open an ordered list: escape its `.` or `)`
            end = block.end()
            out = out[:end] + "\\" + out[end:]
        else:
            out = "\\" + out
    return out


def safe_chars(text: str | None) -> str:
    """Text with control characters and noncharacters removed, white space left as it is."""
    return _UNWANTED.sub("", text) if text else ""


def clean(text: str | None) -> str:
    """Text as one line: control characters and noncharacters removed, white space collapsed."""
    if not text:
        return ""
    return " ".join(_UNWANTED.sub("", text).split())


def md(text: str | None) -> str:
    """Map text for Markdown prose: cleaned to one line, escaped only where it would be syntax.

    `re-engage`, `n.d.` and `(2019)` stay as written; `*`, `` ` ``, `~`, a `_` at a word's edge,
    a `]` before `(`, `[` or `:`, a `<` before a letter, an `&` that spells a reference, a
    backslash before punctuation, and a block marker at the start (`#`, `>`, `-`, `+`, `=`,
    `|`, `1.`) are escaped. One line matters as much as the escapes: a blank line would end
    the block, and a line starting with four spaces would open a code block.
    """
    return _md_prose(clean(text))


def md_strict(text: str | None) -> str:
    """Map text for Markdown link text: brackets and every inline marker escaped."""
    return _MD_SPECIAL.sub(r"\\\1", clean(text))


def md_inline(text: str | None) -> str:
    """Like `md`, but white space at either end is kept (one space): for pieces of a line.

    A piece that starts with white space is inside a line, where no block marker applies.
    """
    if not text:
        return ""
    text = _UNWANTED.sub("", text)
    collapsed = " ".join(text.split())
    if not collapsed:
        return " " if text.isspace() else ""
    if text[0].isspace():
        collapsed = " " + collapsed
    if text[-1].isspace():
        collapsed += " "
    if collapsed[0] == " ":
        return _MD_INLINE.sub(_backslash, collapsed)
    return _md_prose(collapsed)


def md_link_target(name: str) -> str:
    """A relative path as a Markdown link destination: percent-encoded (so no space, `(`, `)`,
    `<` or `>` can end it), folders kept, and a `:` encoded so that it cannot read as a scheme."""
    return quote(name, safe="/")


_SAFE_SCHEMES = ("http", "https")
# Characters that end or break a URL in the outputs: an autolink `<...>`, a quoted attribute.
_URL_REFUSED = set('<>"\'`\\')


def safe_url(url: str | None) -> str | None:
    """`url` if it is a plain http(s) address, else None (`javascript:` survives HTML escaping)."""
    if not url:
        return None
    url = url.strip()
    if _UNWANTED.search(url) or any(c.isspace() or c in _URL_REFUSED for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return url


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def safe_colour(colour: str | None) -> str | None:
    """A `#rrggbb` colour, or None: only this form ever reaches a style attribute."""
    if colour and _COLOUR.fullmatch(colour):
        return colour.lower()
    return None

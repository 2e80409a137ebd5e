"""Sanitising a Graphviz SVG for a briefing: rebuilt from an allow-list, element by element.

The renderer already escapes map text for DOT, but the SVG is put into the HTML as markup, so
it is not trusted either: it is parsed as XML, and a new document is written from the
drawing elements and presentation attributes Graphviz uses. Everything else goes: scripts,
styles, `foreignObject`, images, event handlers, comments, processing instructions, the
DOCTYPE, and any link that is not an in-document `#id` or http(s). Text and attribute values
are re-escaped on the way out. Ids are prefixed so that they cannot clash with the page's own
(a node called `bottom-line` would otherwise take the section's anchor) nor with another
diagram's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .escape import safe_url

__all__ = ["sanitise_svg", "standalone", "SvgError", "ID_PREFIX"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ID_PREFIX = "diagram-"

ELEMENTS = frozenset({
    "svg", "g", "title", "desc", "a", "path", "polygon", "polyline", "line", "ellipse", "circle",
    "rect", "text", "tspan", "defs", "linearGradient", "radialGradient", "stop",
})
ATTRIBUTES = frozenset({
    "id", "class", "width", "height", "viewBox", "preserveAspectRatio", "transform",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "opacity",
    "d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy",
    "text-anchor", "font-family", "font-size", "font-weight", "font-style", "text-decoration",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "fx", "fy",
})
# Attributes holding an id reference or a URL, checked apart.
LINKS = frozenset({"href", f"{{{XLINK_NS}}}href"})
TITLES = {f"{{{XLINK_NS}}}title": "xlink:title", "title": "title"}

_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_URL_REF = re.compile(r"url\(\s*#([^)\s]*)\s*\)")
_ID = re.compile(r"[A-Za-z0-9_.:-]+")


class SvgError(ValueError):
    """The SVG could not be read."""


def _text(value: str) -> str:
    value = _BAD.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return (_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


def _local(tag: str) -> str | None:
    """The local name of an SVG element, or None for anything in another namespace."""
    if not isinstance(tag, str):  # comments and processing instructions
        return None
    if tag.startswith(f"{{{SVG_NS}}}"):
        return tag[len(SVG_NS) + 2:]
    return None


def _prefixed(ident: str, prefix: str) -> str | None:
    ident = _BAD.sub("", ident)
    return prefix + ident if _ID.fullmatch(ident) else None


def _clean_attributes(element: ET.Element, prefix: str) -> list[tuple[str, str]]:
    out = []
    for key, value in element.attrib.items():
        if key in TITLES:
            out.append((TITLES[key], value))
        elif key in LINKS:
            if value.startswith("#"):
                target = _prefixed(value[1:], prefix)
                if target:
                    out.append(("href", "#" + target))
            elif safe_url(value):
                out.append(("href", value))
        elif key == "id":
            ident = _prefixed(value, prefix)
            if ident:
                out.append(("id", ident))
        elif key in ATTRIBUTES:
            if "url(" in value:
                value = _URL_REF.sub(lambda m: f"url(#{_prefixed(m.group(1), prefix) or 'none'})", value)
                if "url(" in value.replace(f"url(#{prefix}", ""):
                    continue  # a url() that is not an in-document reference
            out.append((key, value))
    return out


def _write(element: ET.Element, name: str, out: list[str], prefix: str) -> None:
    out.append(f"<{name}")
    for key, value in _clean_attributes(element, prefix):
        out.append(f' {key}="{_attr(value)}"')
    children = [(c, _local(c.tag)) for c in element]
    text = element.text or ""
    if not children and not text:
        out.append("/>")
        return
    out.append(">")
    out.append(_text(text))
    for child, child_name in children:
        if child_name in ELEMENTS:
            _write(child, child_name, out, prefix)
        if child.tail:
            out.append(_text(child.tail))
    out.append(f"</{name}>")


def standalone(svg: str) -> str:
    """A sanitised SVG as the contents of an .svg file."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


def sanitise_svg(data: bytes | str, id_prefix: str = ID_PREFIX) -> str:
    """A clean copy of an SVG, for use inline in HTML or (see `standalone`) as a file.

    Every id (and every reference to one) gets `id_prefix`: give each SVG of a page its own,
    as the same node drawn in two diagrams would otherwise have the same id twice.
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", id_prefix):
        raise ValueError(f"bad id prefix {id_prefix!r}")
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    if "<!ENTITY" in data:
        raise SvgError("the SVG declares entities")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SvgError(f"the SVG is not well-formed XML: {exc}") from None
    if _local(root.tag) != "svg":
        raise SvgError("not an SVG document")
    out: list[str] = []
    _write(root, "svg", out, id_prefix)
    body = "".join(out)
    namespaces = f'xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"'
    return body.replace("<svg", f"<svg {namespaces}", 1)

"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitises.

Authors write Markdown; raw HTML in it never runs. Anything not in the allow-list below
(scripts, styles, iframes, event handlers, javascript: links, images) is removed.
Reusable by any feature: `render_markdown(text) -> Markup`, also the Jinja filter `markdown`.
"""
from __future__ import annotations

import markdown as _md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a", "del", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    # h1 would compete with the page title: shift headings down one level.
    html = _md.markdown(text, extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow", strip_comments=True,
    )
    return Markup(clean)

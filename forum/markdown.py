"""Markdown for posts: markdown-it-py with raw HTML off, @mentions linked, then nh3 with a strict allow-list."""

import html
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_]{3,30})\b")

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"a": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}


def mention_handles(text):
    """Return the lower-cased handles mentioned in a Markdown text (outside code is not distinguished)."""
    return {match.lower() for match in MENTION_RE.findall(text or "")}


def _link_mentions(state):
    known = state.env.get("handles") or {}
    for block in state.tokens:
        if block.type == "heading_open" or block.type == "heading_close":
            block.tag = f"h{min(int(block.tag[1]) + 2, 6)}"
        if block.type != "inline" or not block.children:
            continue
        children, depth = [], 0
        for token in block.children:
            depth += token.type == "link_open"
            depth -= token.type == "link_close"
            if token.type != "text" or depth or "@" not in token.content:
                children.append(token)
                continue
            position = 0
            for match in MENTION_RE.finditer(token.content):
                url = known.get(match.group(1).lower())
                if not url:
                    continue
                if match.start() > position:
                    children.append(_text(token.content[position : match.start()]))
                link = Token("link_open", "a", 1)
                link.attrs = {"href": url, "class": "mention"}
                children.extend([link, _text(match.group(0)), Token("link_close", "a", -1)])
                position = match.end()
            if position < len(token.content):
                children.append(_text(token.content[position:]))
        block.children = children


def _text(content):
    token = Token("text", "", 0)
    token.content = content
    return token


_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_md.core.ruler.push("forum_mentions", _link_mentions)


def sanitize(html):
    """Return HTML cleaned to the forum's allow-list; links get rel="nofollow noopener"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def render_markdown(text, handles=None):
    """Return safe HTML for a post's Markdown; known @handles (handle → profile URL) become links."""
    if handles is None:
        handles = _known_handles(text)
    return sanitize(_md.render(text or "", {"handles": handles}))


def _known_handles(text):
    wanted = mention_handles(text)
    if not wanted:
        return {}
    from forum.models import ForumProfile

    return {p.handle.lower(): p.get_absolute_url() for p in ForumProfile.objects.filter(handle__in=wanted)}


def quote_markdown(post_body, handle):
    """Return a Markdown blockquote of a post, attributed to its author, to start a reply with."""
    lines = (post_body or "").strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"@{handle}:\n\n{quoted}\n\n" if handle else f"{quoted}\n\n"


def plain_text(markup):
    """Return the text of sanitized HTML, tags removed and entities decoded (for search and email)."""
    return re.sub(r"\s+", " ", html.unescape(nh3.clean(markup, tags=set()))).strip()

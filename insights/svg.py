"""Charts drawn on the server as SVG: small, no script, readable at 360 px, each part a link.

Only presentation attributes are used (the site's Content-Security-Policy refuses inline styles); colours come
from a palette that stays distinct for readers with colour-vision deficiencies (Okabe & Ito). Text is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from insights.geometry import MAP_BOX, OUTLINES, project

PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d1f", "#4d4d4d")
INK = "#1b1f24"
MUTED = "#4f5660"
FONT = 'system-ui, "Noto Sans", "Noto Sans Thai", "Noto Sans Lao", "Noto Sans Khmer", sans-serif'


def colour(index: int) -> str:
    """Return the palette colour of a series."""
    return PALETTE[index % len(PALETTE)]


def _n(value: float) -> str:
    """Return a coordinate with at most one decimal."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(width: float, height: float, label: str, css_class: str, *, links: bool) -> str:
    """Open a chart named by its label: an image, or a group when it holds links (an image's parts are hidden)."""
    role = "group" if links else "img"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" class={quoteattr(css_class)} '
        f'role="{role}" aria-label={quoteattr(label)} font-family={quoteattr(FONT)} font-size="12">'
        f"<title>{escape(label)}</title>"
    )


def _link(url: str, body: str, title: str) -> str:
    if not url:
        return f"<g><title>{escape(title)}</title>{body}</g>"
    return f"<a href={quoteattr(url)}><title>{escape(title)}</title>{body}</a>"


@dataclass
class Segment:
    """One part of a bar: its count, the library link behind it, and the text a pointer or screen shows."""

    count: int
    url: str
    title: str


def stacked_bars(
    rows: list[tuple[str, list[Segment]]], label: str, width: int = 340, totals: list[int] | None = None
) -> str:
    """Return horizontal stacked bars, one row per (label, segments), segments coloured by their series index.

    totals: the number written after each bar (default: the sum of its segments); give it when one item may be in
    several segments (a case study with two recruitment channels), so that the number counts each item once.
    """
    label_width, gap, bar_height, pad = 44, 6, 20, 4
    top = max((sum(s.count for s in segments) for _label, segments in rows), default=0) or 1
    plot = width - label_width - 36
    height = pad + len(rows) * (bar_height + gap)
    links = any(segment.url for _label, segments in rows for segment in segments)
    parts = [_open(width, height, label, "chart chart--bars", links=links)]
    for row, (row_label, segments) in enumerate(rows):
        y = pad + row * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{_n(y + bar_height * 0.7)}" text-anchor="end" fill="{INK}">'
            f"{escape(row_label)}</text>"
        )
        x = float(label_width)
        total = 0
        for index, segment in enumerate(segments):
            if not segment.count:
                continue
            w = plot * segment.count / top
            rect = (
                f'<rect x="{_n(x)}" y="{y}" width="{_n(max(w, 1.5))}" height="{bar_height}" fill="{colour(index)}"'
                f' stroke="#fff" stroke-width="0.5"/>'
            )
            parts.append(_link(segment.url, rect, segment.title))
            x += w
            total += segment.count
        if totals is not None:
            total = totals[row]
        parts.append(
            f'<text x="{_n(x + 4)}" y="{_n(y + bar_height * 0.7)}" fill="{MUTED}">{total}</text>' if total else ""
        )
    parts.append("</svg>")
    return "".join(parts)


def bars(rows: list[tuple[str, Segment]], label: str, width: int = 340) -> str:
    """Return one horizontal bar per row (a label above each bar, so long names fit on a phone)."""
    bar_height, line, gap = 14, 16, 8
    top = max((segment.count for _label, segment in rows), default=0) or 1
    plot = width - 40
    step = line + bar_height + gap
    links = any(segment.url for _label, segment in rows)
    parts = [_open(width, len(rows) * step, label, "chart chart--list", links=links)]
    for row, (row_label, segment) in enumerate(rows):
        y = row * step
        w = max(plot * segment.count / top, 1.5)
        body = (
            f'<text x="0" y="{y + 12}" fill="{INK}">{escape(row_label)}</text>'
            f'<rect x="0" y="{y + line}" width="{_n(w)}" height="{bar_height}" fill="{colour(0)}"/>'
            f'<text x="{_n(w + 4)}" y="{y + line + 11}" fill="{MUTED}">{segment.count}</text>'
        )
        parts.append(_link(segment.url, body, segment.title))
    parts.append("</svg>")
    return "".join(parts)


def route_map(flows: list[dict], names: dict[str, str], label: str, width: int = 360) -> str:
    """Return the Mekong region with one arrow per flow (origin → destination), its width by its count.

    flows: [{"origin": code, "destination": code, "count": n, "url": str, "title": str}].
    """
    x0, y0, x1, y1 = MAP_BOX
    scale = width / (x1 - x0)
    height = (y1 - y0) * scale

    def point(lon_lat):
        x, y = project(*lon_lat)
        return (x - x0) * scale, (y - y0) * scale

    parts = [_open(width, height, label, "chart chart--map", links=any(flow["url"] for flow in flows))]
    parts.append(
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="13" markerHeight="13" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{colour(5)}"/>'
        "</marker></defs>"
    )
    parts.append(f'<rect width="{_n(width)}" height="{_n(height)}" fill="#eef4f7"/>')
    involved = {flow["origin"] for flow in flows} | {flow["destination"] for flow in flows}
    for code, outline in OUTLINES.items():
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in map(point, outline["shape"]))
        fill = "#fdfdfb" if code in involved else "#e3e6e2"
        parts.append(f'<polygon points="{points}" fill="{fill}" stroke="#8a948c" stroke-width="0.8"/>')
    for code, outline in OUTLINES.items():
        x, y = point(outline["label"])
        parts.append(
            f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="middle" fill="{MUTED}" font-size="11">'
            f"{escape(names.get(code, code))}</text>"
        )
    top = max((flow["count"] for flow in flows), default=1) or 1
    for flow in flows:
        if flow["origin"] not in OUTLINES or flow["destination"] not in OUTLINES:
            continue
        ax, ay = point(OUTLINES[flow["origin"]]["hub"])
        bx, by = point(OUTLINES[flow["destination"]]["hub"])
        # A curve bending to the left of the direction of travel, so that A→B and B→A do not overlap.
        mx, my = (ax + bx) / 2, (ay + by) / 2
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1
        cx, cy = mx - dy / length * length * 0.18, my + dx / length * length * 0.18
        stroke = 1.5 + 7 * flow["count"] / top
        path = (
            f'<path d="M{_n(ax)} {_n(ay)}Q{_n(cx)} {_n(cy)} {_n(bx)} {_n(by)}" fill="none" stroke="{colour(5)}" '
            f'stroke-opacity="0.8" stroke-width="{_n(stroke)}" stroke-linecap="round" marker-end="url(#arrow)"/>'
            f'<circle cx="{_n(cx * 0.5 + mx * 0.5)}" cy="{_n(cy * 0.5 + my * 0.5)}" r="9" fill="#fff" '
            f'stroke="{colour(5)}"/><text x="{_n(cx * 0.5 + mx * 0.5)}" y="{_n(cy * 0.5 + my * 0.5 + 4)}" '
            f'text-anchor="middle" font-size="10" fill="{INK}">{flow["count"]}</text>'
        )
        parts.append(_link(flow["url"], path, flow["title"]))
    parts.append("</svg>")
    return "".join(parts)

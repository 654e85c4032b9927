"""SVG diagrams drawn by revops itself (no diagram service, no script): the funnel and a
pipeline's stages.

Both are vertical stacks of boxes so they stay legible on a phone: the SVG scales to the
column width through its viewBox, and text is wrapped here (SVG has no text flow). Every
diagram carries a `<title>` and `<desc>` for screen readers; the page's table next to it
holds the same facts, so nothing is only in the picture.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 640
_PAD = 12
_LINE = 18
_CHARS = 70  # characters per wrapped line at 13px in a 600px box


@dataclass(frozen=True)
class Box:
    """One box of a diagram: a heading, wrapped detail lines and an optional badge."""

    title: str
    detail: Sequence[str] = ()
    badge: str | None = None
    note: str | None = None
    """A line drawn on the arrow *into* this box (a handoff between teams)."""
    tone: str = "open"
    """`open`, `won`, `lost` or `terminal`: the CSS class that colours the box."""
    bar: float | None = None
    """0–100: a bar along the box's foot (a stage's probability)."""


def stack(boxes: Sequence[Box], *, title: str, desc: str, ident: str) -> str:
    """Boxes top to bottom joined by arrows, as one accessible `<svg>` element."""
    parts: list[str] = []
    y = _PAD
    for i, box in enumerate(boxes):
        if i:
            y = _arrow(parts, y, box.note)
        y = _box(parts, y, box)
    height = y + _PAD
    head = (
        f'<svg class="diagram" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
    )
    return head + "".join(parts) + "</svg>"


def _wrap(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, _CHARS) or [""])
    return out


def _box(parts: list[str], y: int, box: Box) -> int:
    detail = _wrap(box.detail)
    height = _PAD * 2 + _LINE + len(detail) * _LINE + (10 if box.bar is not None else 0)
    x, w = _PAD, WIDTH - 2 * _PAD
    parts.append(
        f'<g class="box {box.tone}"><rect x="{x}" y="{y}" width="{w}" height="{height}" rx="8"/>'
    )
    ty = y + _PAD + 14
    parts.append(f'<text class="box-title" x="{x + _PAD}" y="{ty}">{escape(box.title)}</text>')
    if box.badge:
        parts.append(
            f'<text class="box-badge" x="{x + w - _PAD}" y="{ty}" text-anchor="end">'
            f"{escape(box.badge)}</text>"
        )
    for n, line in enumerate(detail, start=1):
        parts.append(
            f'<text class="box-detail" x="{x + _PAD}" y="{ty + n * _LINE}">{escape(line)}</text>'
        )
    if box.bar is not None:
        full = w - 2 * _PAD
        filled = round(full * max(0.0, min(box.bar, 100.0)) / 100)
        by = y + height - _PAD - 4
        parts.append(
            f'<rect class="bar-bg" x="{x + _PAD}" y="{by}" width="{full}" height="6" rx="3"/>'
        )
        parts.append(
            f'<rect class="bar" x="{x + _PAD}" y="{by}" width="{filled}" height="6" rx="3"/>'
        )
    parts.append("</g>")
    return y + height


def _arrow(parts: list[str], y: int, note: str | None) -> int:
    gap = 40 if note else 26
    cx = WIDTH // 2 if not note else 60
    parts.append(f'<path class="arrow" d="M{cx} {y + 2} V{y + gap - 8} m-6 -6 l6 6 l6 -6"/>')
    if note:
        parts.append(
            f'<text class="arrow-note" x="{cx + 16}" y="{y + gap / 2 + 5:.0f}">{escape(note)}</text>'
        )
    return y + gap


def chart(points: Sequence[tuple[str, float]], *, target: float, title: str, ident: str) -> str:
    """Compliance per audit run as bars (oldest first) with the target as a line."""
    w, h, left, bottom = WIDTH, 220, 44, 36
    inner_w, inner_h = w - left - _PAD, h - bottom - _PAD
    step = inner_w / max(len(points), 1)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(_chart_desc(points, target))}</desc>'
    ]
    for tick in (0, 50, 100):
        ty = _PAD + inner_h * (1 - tick / 100)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{w - _PAD}" y1="{ty:.1f}" y2="{ty:.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick}%</text>'
        )
    bar_w = min(step * 0.7, 80.0)
    for i, (label, value) in enumerate(points):
        bh = inner_h * max(0.0, min(value, 100.0)) / 100
        cx = left + i * step + step / 2
        tone = "met" if value >= target else "missed"
        parts.append(
            f'<rect class="bar {tone}" x="{cx - bar_w / 2:.1f}" y="{_PAD + inner_h - bh:.1f}" '
            f'width="{bar_w:.1f}" height="{bh:.1f}"/>'
        )
        # The value sits inside a tall bar (white on colour) or just above a short one.
        inside = bh >= 20
        vy = _PAD + inner_h - bh + (14 if inside else -4)
        parts.append(
            f'<text class="bar-value{" inside" if inside else ""}" x="{cx:.1f}" y="{vy:.1f}" '
            f'text-anchor="middle">{value:g}%</text>'
        )
        parts.append(
            f'<text class="axis" x="{cx:.1f}" y="{h - bottom + 16}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    ty = _PAD + inner_h * (1 - target / 100)
    parts.append(f'<line class="target" x1="{left}" x2="{w - _PAD}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _chart_desc(points: Sequence[tuple[str, float]], target: float) -> str:
    runs = "; ".join(f"{label}: {value:g}%" for label, value in points)
    return f"Compliance per audit run against a target of {target:g}%. {runs}."


__all__ = ["Box", "chart", "stack"]

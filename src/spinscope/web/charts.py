"""Geometry for the dashboard's SVG charts, computed here and drawn by templates.

Charts are plain server-side SVG: nothing to download, nothing to execute,
readable with scripts off, and printable. Every mark carries a <title> with
its exact value, and categories are told apart by pattern and marker shape
as well as colour.
"""

from __future__ import annotations

import math
from typing import Any

from spinscope.display_words import word
from spinscope.web import labels

WIDTH = 660
LABEL_WIDTH = 185
BAR_HEIGHT = 7
BAR_GAP = 1.5
GROUP_GAP = 12
TOP = 28
HEAT_LEVELS = 6

# Marker shape and dash pattern per category for the timeline (besides colour).
MARKERS = {
    "attack_on_reputation": "triangle",
    "justification": "circle",
    "simplification": "square",
    "distraction": "diamond",
    "call": "star",
    "manipulative_wording": "down",
}
DASHES = {
    "attack_on_reputation": "",
    "justification": "6 3",
    "simplification": "2 3",
    "distraction": "8 3 2 3",
    "call": "1 2",
    "manipulative_wording": "10 4",
}


def nice_max(value: float) -> float:
    """A round axis maximum above ``value`` (rates are 0..1): 5%, 10%, 20%, 25%, 50%…"""
    if value <= 0:
        return 0.1
    for step in (0.02, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0):
        if value <= step:
            return step
    return math.ceil(value * 10) / 10


def _ticks(maximum: float) -> list[float]:
    """Round tick values from 0 to ``maximum``: at most 6 of them."""
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25):
        if maximum / step <= 5 + 1e-9:
            break
    count = int(round(maximum / step))
    return [round(step * i, 4) for i in range(count + 1)]


def _group_label(group: str | None, lang: str = "en") -> str:
    return group if group else word("(unknown)", lang)


def category_bars(groups: list[dict[str, Any]], lang: str = "en") -> dict[str, Any]:
    """Grouped horizontal bars: one group per outlet, one bar per category (named in ``lang``)."""
    categories = labels.category_ids()
    peak = max((r for g in groups for r in g["category_rates"].values()), default=0.0)
    maximum = nice_max(peak)
    plot = WIDTH - LABEL_WIDTH - 20
    group_height = len(categories) * (BAR_HEIGHT + BAR_GAP)
    rows = []
    y = TOP
    for g in groups:
        bars = []
        for i, category in enumerate(categories):
            rate = g["category_rates"].get(category, 0.0)
            bars.append(
                {
                    "category": category,
                    "x": LABEL_WIDTH,
                    "y": y + i * (BAR_HEIGHT + BAR_GAP),
                    "w": round(plot * rate / maximum, 1),
                    "h": BAR_HEIGHT,
                    "rate": rate,
                    "title": f"{_group_label(g['group'], lang)} — {labels.label(category, lang)}: "
                    f"{rate * 100:.1f}% {word('of paragraphs', lang)}",
                }
            )
        rows.append(
            {
                "label": _group_label(g["group"], lang),
                "articles": g["articles"],
                "y": y,
                "mid": y + group_height / 2,
                "bars": bars,
            }
        )
        y += group_height + GROUP_GAP
    ticks = [
        {"x": round(LABEL_WIDTH + plot * t / maximum, 1), "label": f"{t * 100:.0f}%"}
        for t in _ticks(maximum)
    ]
    return {
        "label_x": LABEL_WIDTH - 8,
        "width": WIDTH,
        "height": y + 4,
        "top": TOP - 8,
        "bottom": y - GROUP_GAP + 4,
        "rows": rows,
        "ticks": ticks,
        "categories": categories,
    }


def technique_heatmap(groups: list[dict[str, Any]], lang: str = "en") -> dict[str, Any]:
    """Technique × outlet table of rates, with a shading level per cell (value printed too)."""
    peak = max((r for g in groups for r in g["technique_rates"].values()), default=0.0)
    rows = []
    for category in labels.category_ids():
        for technique in labels.technique_ids():
            if labels.category_of(technique) != category:
                continue
            cells = []
            for g in groups:
                rate = g["technique_rates"].get(technique, 0.0)
                level = (
                    0
                    if not rate or not peak
                    else 1 + min(HEAT_LEVELS - 2, int((rate / peak) * (HEAT_LEVELS - 1)))
                )
                cells.append(
                    {"rate": rate, "level": level, "group": _group_label(g["group"], lang)}
                )
            rows.append(
                {
                    "technique": technique,
                    "label": labels.label(technique, lang),
                    "category": category,
                    "cells": cells,
                }
            )
    columns = [(_group_label(g["group"], lang), g["articles"]) for g in groups]
    return {"columns": columns, "rows": rows}


def _marker(shape: str, x: float, y: float, r: float = 3.6) -> str:
    """SVG path data of a small marker centred on (x, y)."""
    if shape == "circle":
        return f"M{x - r},{y} a{r},{r} 0 1,0 {2 * r},0 a{r},{r} 0 1,0 {-2 * r},0 Z"
    if shape == "square":
        return f"M{x - r},{y - r} h{2 * r} v{2 * r} h{-2 * r} Z"
    if shape == "diamond":
        return f"M{x},{y - r - 1} L{x + r + 1},{y} L{x},{y + r + 1} L{x - r - 1},{y} Z"
    if shape == "down":
        return f"M{x - r},{y - r} L{x + r},{y - r} L{x},{y + r} Z"
    if shape == "star":
        points = []
        for i in range(10):
            radius = r + 1.2 if i % 2 == 0 else (r + 1.2) / 2.4
            angle = math.pi / 2 + i * math.pi / 5
            points.append(f"{x + radius * math.cos(angle):.1f},{y - radius * math.sin(angle):.1f}")
        return "M" + " L".join(points) + " Z"
    return f"M{x},{y - r} L{x + r},{y + r} L{x - r},{y + r} Z"  # triangle


def category_timeline(months: list[dict[str, Any]], lang: str = "en") -> dict[str, Any]:
    """Lines of category rates per month (x: months in order, y: share of paragraphs)."""
    # right: half a « 2023-11 » label centred on the last month stays inside the chart
    left, right, top, bottom, height = 44, 26, 12, 30, 300
    plot_w = WIDTH - left - right
    plot_h = height - top - bottom
    categories = labels.category_ids()
    peak = max((r for m in months for r in m["category_rates"].values()), default=0.0)
    maximum = nice_max(peak)
    count = len(months)

    def x_of(i: int) -> float:
        return round(left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2), 1)

    def y_of(rate: float) -> float:
        return round(top + plot_h * (1 - rate / maximum), 1)

    series = []
    for category in categories:
        points = [
            (x_of(i), y_of(m["category_rates"].get(category, 0.0))) for i, m in enumerate(months)
        ]
        shape = MARKERS.get(category, "circle")
        series.append(
            {
                "category": category,
                "label": labels.label(category, lang),
                "points": " ".join(f"{x},{y}" for x, y in points),
                "dash": DASHES.get(category, ""),
                "markers": [
                    {
                        "d": _marker(shape, x, y),
                        "title": f"{m['group']} — {labels.label(category, lang)}: "
                        f"{m['category_rates'].get(category, 0.0) * 100:.1f}% "
                        f"({m['articles']} {word('articles', lang)})",
                    }
                    for (x, y), m in zip(points, months, strict=True)
                ],
                "legend_marker": _marker(shape, 15, 6),
            }
        )
    step = max(1, math.ceil(count / 12))
    return {
        "width": WIDTH,
        "height": height,
        "left": left,
        "top": top,
        "plot_right": WIDTH - right,
        "plot_bottom": top + plot_h,
        "months": count,
        "x_labels": [
            {"x": x_of(i), "label": m["group"]} for i, m in enumerate(months) if i % step == 0
        ],
        "y_ticks": [{"y": y_of(t), "label": f"{t * 100:.0f}%"} for t in _ticks(maximum)],
        "series": series,
    }

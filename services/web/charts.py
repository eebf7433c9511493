"""Charts of the pages, drawn by pygal as SVG (no JavaScript, no hand-made drawing)."""

from __future__ import annotations

from typing import Any

import pygal
from lxml import etree  # pygal draws with lxml when it is installed (python-docx needs it)
from pygal.style import Style

from events.text import printable
from services.formatting import number

MAX_BARS = 20
STYLE = Style(
    background="white", plot_background="white", foreground="#111",
    foreground_strong="#111", foreground_subtle="#555", colors=("#8b0000",),
    font_family="'Times New Roman', 'Liberation Serif', serif", label_font_size=12,
    major_label_font_size=12, value_font_size=11, title_font_size=15,
    value_label_font_size=11,
)


def standings_chart(result: dict[str, Any], title: str) -> bytes:
    """A horizontal bar per ranked subject (the best ``MAX_BARS``), longest bar on top."""
    ranked = [r for r in result["rows"] if r["status"] == "ranked"][:MAX_BARS]
    chart = pygal.HorizontalBar(
        style=STYLE, title=printable(title), show_legend=False, print_values=True,
        js=[],  # the page works without scripts, and nothing comes from a CDN
        width=900, height=120 + 28 * max(len(ranked), 1), truncate_label=-1,
        value_formatter=number,  # 95, 87,5
        no_data_text="Chưa có điểm đã duyệt trong kỳ này",
    )
    ranked.reverse()  # pygal draws the first value at the bottom
    chart.x_labels = [printable(f"{r['rank']}. {r['subject_name']}") for r in ranked]
    chart.add("Tổng điểm", [float(r["total"]) for r in ranked])
    return without_scripts(chart.render_tree())


def without_scripts(tree: Any) -> bytes:
    """The SVG without pygal's embedded config script (an image runs no script anyway)."""
    for parent in list(tree.iter()):
        for child in list(parent):
            if str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return etree.tostring(tree, encoding="utf-8", xml_declaration=True)

"""Charts of the report model drawn with matplotlib: SVG for the PDF, PNG for the DOCX.

Drawn once per content (cached on the chart value, which is frozen and hashable).
"""

from __future__ import annotations

import io
from functools import lru_cache

from ..compute.model import Chart

CJK_FONTS = ["Noto Sans CJK SC", "SimHei", "Microsoft YaHei", "AR PL UKai CN", "DejaVu Sans"]
COLORS = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47"]


def of(context: dict) -> list[Chart]:
    """The charts a report's template context shows."""
    return [b.chart for part in context.get("chart_parts", ()) for b in part if b.chart is not None]


def _figure(chart: Chart):  # noqa: ANN202
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = CJK_FONTS
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "path"
    plt.rcParams["svg.hashsalt"] = "reportgen"  # stable ids: same chart, same bytes
    fig, ax = plt.subplots(figsize=(6.0, 3.4), dpi=100)
    if chart.kind == "bar":
        n = len(chart.series)
        width = 0.8 / n
        for i, s in enumerate(chart.series):
            xs = [x + (i - (n - 1) / 2) * width for x in range(len(chart.categories))]
            bars = ax.bar(xs, [float(v) for v in s.values], width, label=s.name, color=COLORS[i % len(COLORS)])
            ax.bar_label(bars, labels=list(s.labels), padding=2, fontsize=9)
        ax.set_xticks(range(len(chart.categories)), list(chart.categories))
        ax.set_ylabel("万元")
        ax.legend(frameon=False, fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.18)
    else:
        s = chart.series[0]
        wedges, _ = ax.pie([float(v) for v in s.values], colors=COLORS[: len(s.values)], startangle=90,
                           counterclock=False, wedgeprops={"linewidth": 1, "edgecolor": "white"})
        ax.legend(wedges, list(s.labels), loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=9)
        ax.axis("equal")
    fig.tight_layout()
    return fig, plt


@lru_cache(maxsize=64)
def svg(chart: Chart) -> str:
    fig, plt = _figure(chart)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


@lru_cache(maxsize=64)
def png(chart: Chart, dpi: int = 200) -> bytes:
    fig, plt = _figure(chart)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()

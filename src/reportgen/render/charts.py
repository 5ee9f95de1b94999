"""Charts of the report model drawn with matplotlib: SVG for the PDF, PNG for the DOCX.

Drawn once per content: cached in memory on the chart value (frozen and hashable) and on
disk in the user's cache (cache.py), keyed by the chart's content, so a rebuild, or another
unit of a batch with the same chart, does not even import matplotlib.
"""

from __future__ import annotations

import io
from functools import lru_cache

from .. import cache
from ..compute.model import Chart
from .display import Display

CJK_FONTS = ["Noto Sans CJK SC", "SimHei", "Microsoft YaHei", "AR PL UKai CN", "DejaVu Sans"]
#: Okabe and Ito's palette: told apart in print, in greyscale and by colour-blind readers.
COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


Labels = tuple[tuple[str, ...], ...]  # per series, what is printed on each bar or slice


def labels(chart: Chart, display: Display) -> Labels:
    """Bar values as amounts; pie slices as “name amount万元 share”, in the style's formats (as
    the text prints them: a share under 1 % with its first digit, so that a slice never reads 0 %)."""
    if chart.kind == "bar":
        return tuple(tuple(display.number(v, display.style.amount_places) for v in s.values) for s in chart.series)
    s = chart.series[0]
    return (tuple(f"{k} {display.money(v)} {display.pct(p, '结构')}" for k, v, p in zip(chart.categories, s.values, chart.shares)),)


def _figure(chart: Chart, labels: Labels):  # noqa: ANN202
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
            ax.bar_label(bars, labels=list(labels[i]), padding=2, fontsize=9)
        ax.set_xticks(range(len(chart.categories)), list(chart.categories))
        ax.set_ylabel("万元")
        # Above the plot, where no bar or value label can be.
        ax.legend(frameon=False, fontsize=9, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=n)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.18)
    else:
        s = chart.series[0]
        wedges, _ = ax.pie([float(v) for v in s.values], colors=COLORS[: len(s.values)], startangle=90,
                           counterclock=False, wedgeprops={"linewidth": 1, "edgecolor": "white"})
        ax.legend(wedges, list(labels[0]), loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=9)
        ax.axis("equal")
    fig.tight_layout()
    return fig, plt


def _draw(chart: Chart, labels: Labels, fmt: str, dpi: int) -> bytes:
    name = cache.key(__file__, fmt, str(dpi), repr(chart), repr(labels)) + f".{fmt}"
    data = cache.read("charts", name)
    if data is not None:
        return data
    fig, plt = _figure(chart, labels)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else {"Software": None})
    plt.close(fig)
    data = buf.getvalue()
    cache.write("charts", name, data)
    return data


@lru_cache(maxsize=64)
def svg(chart: Chart, labels: Labels) -> str:
    return _draw(chart, labels, "svg", 100).decode()


@lru_cache(maxsize=64)
def png(chart: Chart, labels: Labels, dpi: int = 200) -> bytes:
    return _draw(chart, labels, "png", dpi)

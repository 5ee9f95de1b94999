"""Charts of the report model drawn with matplotlib: SVG for the PDF, PNG for the DOCX.

Drawn once per content: cached in memory on the chart value (frozen and hashable) and on
disk in the user's cache (cache.py), keyed by the chart's content, so a rebuild, or another
unit of a batch with the same chart, does not even import matplotlib.

A build on two cores draws the charts beside its critical path (`drawn_beside`): one forked
process imports matplotlib once and draws each figure once, saving its SVG and its PNG into
the cache, while the build composes the reports and its workers import WeasyPrint. A worker
that needs a chart the drawer has not written yet waits for that cache entry (or for the
drawer to end, however it ends) and only then draws it itself.
"""

from __future__ import annotations

import io
import os
import time
from contextlib import contextmanager
from functools import lru_cache
from multiprocessing import current_process, get_context
from multiprocessing.connection import wait
from typing import Callable, Iterator

from .. import cache
from ..compute.model import Chart
from . import yield_cpu
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
    # Text as text in the SVG: the PDF embeds the same CJK font for it, so the labels can be
    # searched and copied, and WeasyPrint draws a few glyphs instead of hundreds of outline paths
    # (0.15 s of the 决算 PDF's write).
    plt.rcParams["svg.fonttype"] = "none"
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


#: The formats drawn, with their resolution: SVG for the PDF, PNG for the DOCX.
DPI = {"svg": 100, "png": 200}
#: The longest a renderer waits for the drawer beside it before drawing a chart itself.
WAIT = 120.0

#: While a build's drawer runs: the end of a pipe that becomes readable when the drawer process
#: ends (its sentinel), inherited by the build's forked workers.
_drawer: int | None = None


def _name(chart: Chart, labels: Labels, fmt: str, dpi: int) -> str:
    return cache.key(__file__, fmt, str(dpi), repr(chart), repr(labels)) + f".{fmt}"


def _save(fig, fmt: str, dpi: int) -> bytes:  # noqa: ANN001
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi, metadata={"Date": None} if fmt == "svg" else {"Software": None})
    return buf.getvalue()


def _awaited(name: str) -> bytes | None:
    """The cache entry `name`, waiting for the drawer beside the build to write it; None when
    the drawer ended (or took too long) without it."""
    deadline = time.monotonic() + WAIT
    while True:
        data = cache.read("charts", name)
        if data is not None or _drawer is None or time.monotonic() > deadline:
            return data
        if wait([_drawer], timeout=0.02):  # the drawer has ended: one last look
            return cache.read("charts", name)


def _draw(chart: Chart, labels: Labels, fmt: str, dpi: int) -> bytes:
    name = _name(chart, labels, fmt, dpi)
    data = _awaited(name)
    if data is not None:
        return data
    fig, plt = _figure(chart, labels)
    data = _save(fig, fmt, dpi)
    plt.close(fig)
    cache.write("charts", name, data)
    return data


def draw_all(items: list[tuple[Chart, Labels]], formats: tuple[str, ...] = ("svg", "png"),
             before_png: Callable[[], None] = lambda: None) -> None:
    """Fill the cache with every chart of `items` in `formats`: each figure is made once and
    saved in every format it lacks, all the SVGs (what the PDF waits for) before the PNGs
    (what the DOCX, written later, needs), with `before_png` called between."""
    figures = []
    for chart, lab in items:
        missing = [f for f in formats if cache.read("charts", _name(chart, lab, f, DPI[f])) is None]
        if missing:
            fig, plt = _figure(chart, lab)
            figures.append((fig, chart, lab, missing))
    for fmt in ("svg", "png"):
        if fmt == "png":
            before_png()
        for fig, chart, lab, missing in figures:
            if fmt in missing:
                cache.write("charts", _name(chart, lab, fmt, DPI[fmt]), _save(fig, fmt, DPI[fmt]))
    for fig, *_ in figures:
        plt.close(fig)


def _drawer_main(items: list[tuple[Chart, Labels]], formats: tuple[str, ...]) -> None:
    try:
        draw_all(items, formats, before_png=yield_cpu)
    except BaseException:  # noqa: BLE001 - only a head start: whatever is missing is drawn where needed
        pass
    finally:
        os._exit(0)


@contextmanager
def drawn_beside(items: list[tuple[Chart, Labels]], formats: tuple[str, ...]) -> Iterator[None]:
    """Draw the charts of `items` missing from the cache in a forked process while the body
    runs; renderers forked inside the body wait for them (see `_awaited`). The drawer is
    stopped, if still running, and reaped when the body ends, however it ends."""
    global _drawer
    wanted = tuple(f for f in ("svg", "png") if f in formats)
    if _drawer is not None or current_process().daemon or not items or not wanted or all(
            cache.read("charts", _name(c, lab, f, DPI[f])) is not None for c, lab in items for f in wanted):
        yield
        return
    process = get_context("fork").Process(target=_drawer_main, args=(items, wanted), daemon=True)
    process.start()
    _drawer = process.sentinel
    try:
        yield
    finally:
        _drawer = None
        if process.is_alive():
            process.terminate()
        process.join()
        process.close()


@lru_cache(maxsize=64)
def svg(chart: Chart, labels: Labels) -> str:
    return _draw(chart, labels, "svg", DPI["svg"]).decode()


@lru_cache(maxsize=64)
def png(chart: Chart, labels: Labels, dpi: int = DPI["png"]) -> bytes:
    return _draw(chart, labels, "png", dpi)

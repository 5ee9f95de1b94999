"""Benchmark: what tagging the PDF costs (WeasyPrint's `pdf_tags`, on in every build).

    .venv/bin/python bench/tagging.py [--runs 7]

Lays out and writes the demo's two PDFs from the same HTML with and without tags, the two
alternating so that both see the same machine, and prints the median seconds of each, the
difference and the file sizes. Rendering runs with the cyclic collector paused, as in a build.

Measured (7 runs each, 2 cores, WeasyPrint 70.0): 决算 2.05 s untagged, 2.26 s tagged (+0.21 s,
+10 %; 621 → 682 KB); 绩效 1.16 s, 1.28 s (+0.12 s, +11 %; 491 → 520 KB).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT / "src"))
    from weasyprint import HTML

    from reportgen.build import collector_paused
    from reportgen.pipeline import prepare
    from reportgen.render.compose import compose
    from reportgen.render.pdf import render_html

    prepared = prepare(ROOT, 2024)
    assert prepared.report is not None and prepared.profile is not None
    base = str(prepared.profile.folders[-1]) + "/"
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'report':<6} {'untagged s':>11} {'tagged s':>9} {'cost s':>7} {'cost':>6} {'untagged KB':>12} {'tagged KB':>10}")
        for kind in ("决算", "绩效"):
            html = render_html(compose(prepared.report, kind, prepared.profile, prepared.settings), prepared.profile, ROOT,
                               prepared.settings)
            times: dict[bool, list[float]] = {False: [], True: []}
            sizes = {}
            for i in range(runs * 2):
                tags = bool(i % 2)
                target = Path(tmp) / f"{kind}-{tags}.pdf"
                with collector_paused():
                    start = time.perf_counter()
                    HTML(string=html, base_url=base).render(pdf_tags=tags).write_pdf(target, pdf_tags=tags)
                    times[tags].append(time.perf_counter() - start)
                sizes[tags] = target.stat().st_size // 1024
            plain, tagged = statistics.median(times[False]), statistics.median(times[True])
            print(f"{kind:<6} {plain:>11.2f} {tagged:>9.2f} {tagged - plain:>7.2f} {(tagged / plain - 1):>6.0%} "
                  f"{sizes[False]:>12} {sizes[True]:>10}")


if __name__ == "__main__":
    main()

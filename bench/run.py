"""Benchmark: how long `reportgen build 2024` of the demo takes, and where the time goes.

    .venv/bin/python bench/run.py [--runs 5] [--units 50]

Prints medians over several runs, measured side by side in one run of this script:
cold build (fresh process, no output, no chart cache; font caches as on any used machine) of both reports in both formats, its
phases, peak memory, output sizes; LibreOffice converting the two generated DOCX files to
PDF (the path a clerk would take without us) and the ratio ours / LibreOffice; `check`,
`--help` and an unchanged rebuild; and a batch of N generated workspaces (seconds per unit).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "reportgen"
YEAR = "2024"

PHASES = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter(); out = {}
def lap(name):
    global t0
    now = time.perf_counter(); out[name] = now - t0; t0 = now
import reportgen.build, reportgen.pipeline
lap("import")
from reportgen.load import load_year
from reportgen.validate import validate_shape
from reportgen.settings import load_settings
from reportgen.compute import compute
from reportgen.pipeline import prior_summary
ws = Path(sys.argv[1]); settings, _ = load_settings(ws)
doc, _ = load_year(ws, 2024); data, _ = validate_shape(doc)
lap("load+check")
prior, _ = prior_summary(ws, 2024, settings)
report, _ = compute(doc, data, settings, 2024, prior)
lap("compute")
from reportgen.render import charts, docx, pdf
from reportgen.render.context import final_context, performance_context
contexts = {"final": final_context(report), "performance": performance_context(report)}
for c in charts.of(contexts["final"]):
    charts.svg(c); charts.png(c)
lap("charts")
tmp = Path(sys.argv[2])
for name, ctx in contexts.items():
    docx.write_docx(f"{name}.docx", ctx, tmp / f"{name}.docx", ws, settings)
lap("docx")
from weasyprint import HTML
docs = []
for name, ctx in contexts.items():
    html = pdf.render_html(f"{name}.html.j2", ctx, ws, settings)
    docs.append(HTML(string=html, base_url=str(pdf.PACKAGE_TEMPLATES) + "/").render())
lap("html layout")
for i, d in enumerate(docs):
    d.write_pdf(tmp / f"{i}.pdf")
lap("pdf write")
print(json.dumps(out))
"""


def timed(cmd: list[str], **kw) -> tuple[float, int]:  # noqa: ANN003
    """Wall seconds and peak resident memory (MB) of one command, its workers included."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss // 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def row(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<44} {seconds:8.3f} s  {extra}")


def make_workspace(target: Path, i: int) -> None:
    """A copy of the demo with its own unit name, budgets and reasons."""
    shutil.copytree(ROOT / "data", target / "data")
    unit = target / "data" / YEAR / "单位.yaml"
    text = unit.read_text("utf-8")
    unit.write_text(text.replace("青岚县", f"第{i}号县", 1), "utf-8")
    budget = target / "data" / YEAR / "决算.yaml"
    text = budget.read_text("utf-8").replace("年初预算: 192.30", f"年初预算: {150 + i}.30")
    budget.write_text(text.replace("人员经费相应增加。", f"人员经费相应增加（单位{i}）。"), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--units", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    ws = work / "demo"
    shutil.copytree(ROOT / "data", ws / "data")
    out = ws / "output" / YEAR
    print(f"reportgen benchmark: demo workspace, {args.runs} runs, {os.cpu_count()} cores\n")

    # One untimed build first: matplotlib and fontconfig build their font caches once per
    # machine, as they would have on a clerk's machine long before.
    timed([str(BIN), "build", YEAR, "-w", str(ws), "-q"], env=env)
    builds, memory = [], []
    for _ in range(args.runs):
        shutil.rmtree(ws / "output", ignore_errors=True)
        shutil.rmtree(work / "cache" / "reportgen", ignore_errors=True)
        wall, mb = timed([str(BIN), "build", YEAR, "-w", str(ws), "-q"], env=env)
        builds.append(wall)
        memory.append(mb)
    docx_files = sorted(out.glob("*.docx"))

    office, profile = [], work / "lo-profile"
    soffice = shutil.which("soffice")
    if soffice:
        convert = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(work / "lo"), *map(str, docx_files)]
        timed(convert)  # first start creates the profile; not counted
        office = [timed(convert)[0] for _ in range(args.runs)]

    phases: dict[str, list[float]] = {}
    for _ in range(args.runs):
        tmp = Path(tempfile.mkdtemp(dir=work))
        text = subprocess.run([sys.executable, "-c", PHASES, str(ws), str(tmp)], capture_output=True, text=True,
                              check=True, env=env).stdout
        for name, value in json.loads(text).items():
            phases.setdefault(name, []).append(value)

    unchanged = [timed([str(BIN), "build", YEAR, "-w", str(ws), "-q"], env=env)[0] for _ in range(args.runs)]
    check = [timed([str(BIN), "check", YEAR, "-w", str(ws)], env=env)[0] for _ in range(args.runs)]
    helps = [timed([str(BIN), "--help"], env=env)[0] for _ in range(args.runs)]

    batch = work / "batch"
    for i in range(args.units):
        make_workspace(batch / f"unit{i:03d}", i)
    batch_wall, batch_mb = timed([str(BIN), "build", YEAR, "--all", str(batch), "-q"], env=env)

    print("cold build (both reports, DOCX + PDF, charts)")
    row("reportgen build 2024", median(builds), f"min {min(builds):.3f}  peak {max(memory)} MB")
    if office:
        row("LibreOffice: convert the two DOCX to PDF", median(office))
        print(f"  ratio ours / LibreOffice: {median(builds) / median(office):.2f}")
    print("\nphases (one process, in order; medians)")
    for name, values in phases.items():
        row(name, median(values))
    print("\nother commands")
    row("unchanged rebuild", median(unchanged))
    row("reportgen check 2024", median(check))
    row("reportgen --help", median(helps))
    print(f"\nbatch of {args.units} workspaces ({os.cpu_count()} processes)")
    row("total", batch_wall, f"peak {batch_mb} MB")
    row("per unit", batch_wall / args.units)
    print("\noutputs")
    for path in sorted(out.iterdir()):
        if not path.name.startswith("."):
            print(f"  {path.name:<52} {path.stat().st_size / 1024 / 1024:6.2f} MB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark: how long `reportgen build 2024` of the demo takes, and where the time goes.

    .venv/bin/python bench/run.py [--runs 5] [--units 50]

Prints medians over several runs, measured side by side in one run of this script (each
run measures our build and LibreOffice one after the other, so that both see the same
machine): a cold build (new process, no output) of both reports in both formats, with
reportgen's cache as an earlier build of the same data left it and with an empty cache
(charts drawn, YAML parsed); LibreOffice converting the two generated DOCX files to PDF
(the path a clerk would take without us) and the ratio ours / LibreOffice; the phases of
a build in one process; peak memory and output sizes; `check` (unchanged data, and after
editing one file), `--help` and an unchanged rebuild; and a batch of N generated
workspaces (seconds per unit). Font caches (fontconfig, matplotlib) are the machine's own.
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
from reportgen.build import collector_paused
from reportgen.render import charts, docx, pdf
from reportgen.render.context import final_context, performance_context
contexts = {"final": final_context(report), "performance": performance_context(report)}
for c in charts.of(contexts["final"]):
    charts.svg(c); charts.png(c)
lap("charts")
tmp = Path(sys.argv[2])
with collector_paused():
    for name, ctx in contexts.items():
        docx.write_docx(f"{name}.docx", ctx, tmp / f"{name}.docx", ws, settings)
lap("docx")
from weasyprint import HTML
lap("import WeasyPrint")
for name, ctx in contexts.items():
    with collector_paused():
        html = pdf.render_html(f"{name}.html.j2", ctx, ws, settings)
        document = HTML(string=html, base_url=str(pdf.PACKAGE_TEMPLATES) + "/").render()
        lap(f"{name} PDF: HTML and layout ({len(document.pages)} pages)")
        document.write_pdf(tmp / f"{name}.pdf")
        lap(f"{name} PDF: write")
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
    cache = work / "cache"
    env = {**os.environ, "REPORTGEN_CACHE": str(cache)}
    ws = work / "demo"
    shutil.copytree(ROOT / "data", ws / "data")
    out = ws / "output" / YEAR
    build = [str(BIN), "build", YEAR, "-w", str(ws), "-q"]
    print(f"reportgen benchmark: demo workspace, {args.runs} runs, {os.cpu_count()} cores\n")

    # One untimed build first: matplotlib and fontconfig build their font caches once per
    # machine, as they would have on a clerk's machine long before.
    timed(build, env=env)
    soffice = shutil.which("soffice")
    docx_files = sorted(out.glob("*.docx"))
    convert = [str(soffice), f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--convert-to",
               "pdf", "--outdir", str(work / "lo"), *map(str, docx_files)]
    if soffice:
        timed(convert)  # first start creates the profile; not counted
    cold, first, office, memory = [], [], [], []
    for _ in range(args.runs):
        shutil.rmtree(ws / "output", ignore_errors=True)
        wall, mb = timed(build, env=env)
        cold.append(wall)
        memory.append(mb)
        if soffice:
            office.append(timed(convert)[0])
        shutil.rmtree(ws / "output", ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        first.append(timed(build, env=env)[0])

    phases: dict[str, list[float]] = {}
    for _ in range(args.runs):
        shutil.rmtree(cache, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(dir=work))
        text = subprocess.run([sys.executable, "-c", PHASES, str(ws), str(tmp)], capture_output=True, text=True,
                              check=True, env=env).stdout
        for name, value in json.loads(text).items():
            phases.setdefault(name, []).append(value)

    timed(build, env=env)
    unchanged = [timed(build, env=env)[0] for _ in range(args.runs)]
    check_cmd = [str(BIN), "check", YEAR, "-w", str(ws)]
    check = [timed(check_cmd, env=env)[0] for _ in range(args.runs)]
    reasons = ws / "data" / YEAR / "决算.yaml"
    edited = []
    for i in range(args.runs):
        reasons.write_text(reasons.read_text("utf-8").replace("人员经费相应增加", f"人员经费相应增加{i}", 1), "utf-8")
        edited.append(timed(check_cmd, env=env)[0])
    helps = [timed([str(BIN), "--help"], env=env)[0] for _ in range(args.runs)]

    batch = work / "batch"
    for i in range(args.units):
        make_workspace(batch / f"unit{i:03d}", i)
    shutil.rmtree(cache, ignore_errors=True)
    batch_wall, batch_mb = timed([str(BIN), "build", YEAR, "--all", str(batch), "-q"], env=env)

    print("cold build: new process, no output (both reports, DOCX + PDF, charts)")
    row("reportgen build 2024", median(cold), f"min {min(cold):.3f}  peak {max(memory)} MB")
    row("  the same with an empty cache", median(first), f"min {min(first):.3f}")
    if office:
        row("LibreOffice: convert the two DOCX to PDF", median(office), f"min {min(office):.3f}")
        print(f"  ratio ours / LibreOffice: {median(cold) / median(office):.2f}"
              f" (empty cache: {median(first) / median(office):.2f})")
    print("\nphases (one process, in order, empty cache; medians)")
    for name, values in phases.items():
        row(name, median(values))
    print("\nother commands")
    row("unchanged rebuild", median(unchanged))
    row("reportgen check 2024", median(check))
    row("  after editing one file", median(edited))
    row("reportgen --help", median(helps))
    print(f"\nbatch of {args.units} workspaces ({os.cpu_count()} processes, empty cache)")
    row("total", batch_wall, f"peak {batch_mb} MB")
    row("per unit", batch_wall / args.units)
    print("\noutputs")
    for path in sorted(out.iterdir()):
        if not path.name.startswith("."):
            print(f"  {path.name:<52} {path.stat().st_size / 1024 / 1024:6.2f} MB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

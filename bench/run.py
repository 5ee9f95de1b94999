"""Benchmark: how long `reportgen build 2024` of the demo takes, and where the time goes.

    .venv/bin/python bench/run.py [--runs 5] [--units 50] [--saves 20] [--against REV]

Prints medians over several runs, measured side by side in one run of this script (each
run measures our build and LibreOffice one after the other, so that both see the same
machine): a cold build (new process, no output) of both reports in both formats, with
reportgen's cache as an earlier build of the same data left it and with an empty cache
(charts drawn, YAML parsed); LibreOffice converting the two generated DOCX files to PDF
(the path a clerk would take without us) and the ratio ours / LibreOffice; the phases of
a build in one process; peak memory and output sizes; `check` (unchanged data, and after
editing one file), `--help` and an unchanged rebuild; the live preview's save -> reloaded page
(a changed figure, a changed sentence); every built-in profile's cold build; and a batch of N
generated workspaces (seconds per unit). Font caches (fontconfig, matplotlib) are the machine's own.
With --against REV, the cold and empty-cache builds of reportgen at that git revision (a
worktree) are interleaved with ours in the same runs: a change's before and after.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import reportgen

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
from reportgen.pipeline import prepare
ws, tmp = Path(sys.argv[1]), Path(sys.argv[2])
prepared = prepare(ws, 2024)
lap("load+check+compute")
from reportgen.render.compose import compose
composed = {k: compose(prepared.report, k, prepared.profile, prepared.settings) for k in ("决算", "绩效")}
lap("compose (templates)")
from reportgen.render import charts
from reportgen.render.display import Display
display = Display(prepared.settings.style)
charts.draw_all([(b.chart, charts.labels(b.chart, display)) for b in composed["决算"].blocks if b.chart is not None])
lap("charts (matplotlib imported, SVG + PNG)")
from reportgen.build import collector_paused
from reportgen.render import docx, pdf
with collector_paused():
    for kind, words in composed.items():
        docx.write_docx(words, prepared.profile, tmp / f"{kind}.docx", ws, prepared.settings)
lap("DOCX (both)")
pdf.load_weasyprint()
lap("import WeasyPrint")
for kind, words in composed.items():
    with collector_paused():
        html = pdf.render_html(words, prepared.profile, ws, prepared.settings)
        document = pdf.layout(html, ws, prepared.settings, prepared.profile, {"pdf_tags": True})
        lap(f"{kind} PDF: HTML and layout ({len(document.pages)} pages)")
        document.write_pdf(tmp / f"{kind}.pdf", pdf_tags=True)
        lap(f"{kind} PDF: write")
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
    print(f"  {label:<44} {seconds:8.3f} s  {extra}", flush=True)


def changed_figure(text: str, cents: int) -> str:
    """The demo's 决算.yaml with both carry-overs and the grand total `cents` higher: chart 1
    and the sentences quoting the totals change, every identity still holds."""
    def more(value: str) -> str:
        return f"{Decimal(value) + Decimal(cents) / 100:.2f}"

    for key, value in (("年初结转和结余", "6.00"), ("年末结转和结余", "8.40"), ("总计", "443.65")):
        text = text.replace(f"{key}: {value}", f"{key}: {more(value)}", 1)
    return text


def changed_sentence(text: str, i: int) -> str:
    return text.replace("人员经费相应增加。", f"人员经费相应增加（{i}）。", 1)


def make_workspace(target: Path, i: int) -> None:
    """A copy of the demo with its own unit name, figures and reasons."""
    shutil.copytree(ROOT / "data", target / "data")
    unit = target / "data" / YEAR / "单位.yaml"
    text = unit.read_text("utf-8")
    unit.write_text(text.replace("青岚县", f"第{i}号县", 1), "utf-8")
    budget = target / "data" / YEAR / "决算.yaml"
    budget.write_text(changed_sentence(changed_figure(budget.read_text("utf-8"), i + 1), i), "utf-8")


def save_to_reload(ws: Path, env: dict[str, str], saves: int) -> dict[str, list[float]]:
    """Seconds from writing 决算.yaml to having the reloaded page: the preview's event stream
    says the page changed, and the page is fetched again (the browser's drawing not counted)."""
    # SIGINT restored: a shell starts background jobs with it ignored, and the preview stops on it.
    proc = subprocess.Popen([str(BIN), "preview", YEAR, "-w", str(ws), "--no-open", "--port", "0"],
                            stdout=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        url = re.search(r"(http://127\.0\.0\.1:\d+/)", proc.stdout.readline()).group(1)
        page = url + "final"
        urllib.request.urlopen(page, timeout=60).read()
        events = urllib.request.urlopen(url + "events?page=final", timeout=60)
        tags = (line[6:].strip() for line in events if line.startswith(b"data: "))
        next(tags)
        data = ws / "data" / YEAR / "决算.yaml"
        original = data.read_text("utf-8")
        times: dict[str, list[float]] = {"figure": [], "sentence": []}
        for i in range(saves):
            for what, edit in (("figure", changed_figure), ("sentence", changed_sentence)):
                start = time.perf_counter()
                data.write_text(edit(original, i + 1), "utf-8")
                next(tags)
                html = urllib.request.urlopen(page, timeout=60).read().decode()
                times[what].append(time.perf_counter() - start)
                assert "报告暂不能显示" not in html
        data.write_text(original, "utf-8")
        events.close()
        return times
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)


def profile_builds(work: Path, env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Each built-in profile's cold build of the demo data (the cache as an earlier build of it left
    it), the profiles interleaved. The demo's scores follow the default scoring scheme, so every
    profile is given that scheme (a profile's own, such as 河北's 100 points of indicators, would
    refuse the demo's scorecards)."""
    from reportgen.profile import builtin_profiles
    from reportgen.settings import Style

    total = Style().indicator_total
    scheme = f"样式: {{指标总分值: {total}, 执行率分值: {100 - total}, 一级指标分值: {{}}}}\n"
    builds = {}
    for name in builtin_profiles():
        ws = work / f"profile-{name}"
        shutil.copytree(ROOT / "data", ws / "data")
        (ws / "reportgen.yaml").write_text(f"地区样式: {name}\n{scheme}", "utf-8")
        builds[name] = (ws, [str(BIN), "build", YEAR, "-w", str(ws), "-q"])
        timed(builds[name][1], env=env)
    # Round after round, every profile once in each: the machine's speed drifts over minutes
    # (a cold build's min and median differ by 0.6 s here), and a profile timed in a slower
    # minute must not look slower.
    out: dict[str, list[float]] = {name: [] for name in builds}
    for _ in range(runs):
        for name, (ws, build) in builds.items():
            shutil.rmtree(ws / "output", ignore_errors=True)
            out[name].append(timed(build, env=env)[0])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--against", metavar="REV", help="also build the demo with reportgen at this git revision, "
                        "interleaved in the same runs (a change's before and after)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    cache = work / "cache"
    env = {**os.environ, "REPORTGEN_CACHE": str(cache)}
    ws = work / "demo"
    shutil.copytree(ROOT / "data", ws / "data")
    out = ws / "output" / YEAR
    build = [str(BIN), "build", YEAR, "-w", str(ws), "-q"]
    print(f"reportgen benchmark: demo workspace, {args.runs} runs, {os.cpu_count()} cores\n", flush=True)

    # The package's bytecode compiled, as pip compiles an installed package: an editable install
    # run with PYTHONDONTWRITEBYTECODE would otherwise compile every changed module in every run.
    compileall.compile_dir(str(Path(reportgen.__file__).parent), quiet=1)
    # One untimed build first: matplotlib and fontconfig build their font caches once per
    # machine, as they would have on a clerk's machine long before.
    timed(build, env=env)
    soffice = shutil.which("soffice")
    docx_files = sorted(out.glob("*.docx"))
    convert = [str(soffice), f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--convert-to",
               "pdf", "--outdir", str(work / "lo"), *map(str, docx_files)]
    if soffice:
        timed(convert)  # first start creates the profile; not counted
    against = checkout(args.against, work / "against", env) if args.against else None
    try:
        measure(args, work, ws, out, env, cache, build, convert if soffice else None, against)
    finally:
        if against:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "against")], check=False)
        shutil.rmtree(work, ignore_errors=True)


def checkout(rev: str, folder: Path, env: dict[str, str]) -> dict[str, str]:
    """reportgen at `rev` in a git worktree, its bytecode compiled: the environment that runs it."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), rev], check=True,
                   capture_output=True)
    compileall.compile_dir(str(folder / "src" / "reportgen"), quiet=1)
    return {**env, "PYTHONPATH": str(folder / "src")}  # ahead of the editable install's path


def measure(args: argparse.Namespace, work: Path, ws: Path, out: Path, env: dict[str, str], cache: Path,
            build: list[str], convert: list[str] | None, against: dict[str, str] | None) -> None:
    """Each measurement, printed as soon as it is taken (a failure later keeps what was measured)."""
    cold, first, office, memory = [], [], [], []
    other_cold, other_first = [], []
    for _ in range(args.runs):
        if against:  # the same builds of the other revision, just before ours
            shutil.rmtree(ws / "output", ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            other_first.append(timed(build, env=against)[0])
            shutil.rmtree(ws / "output", ignore_errors=True)
            other_cold.append(timed(build, env=against)[0])
        shutil.rmtree(ws / "output", ignore_errors=True)
        wall, mb = timed(build, env=env)
        cold.append(wall)
        memory.append(mb)
        if convert:
            office.append(timed(convert)[0])
        shutil.rmtree(ws / "output", ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        first.append(timed(build, env=env)[0])
    print("cold build: new process, no output (both reports, DOCX + PDF, charts)")
    row("reportgen build 2024", median(cold), f"min {min(cold):.3f}  peak {max(memory)} MB")
    row("  the same with an empty cache", median(first), f"min {min(first):.3f}")
    if office:
        row("LibreOffice: convert the two DOCX to PDF", median(office), f"min {min(office):.3f}")
        print(f"  ratio ours / LibreOffice: {median(cold) / median(office):.2f}"
              f" (empty cache: {median(first) / median(office):.2f})", flush=True)
    if against:
        row(f"reportgen at {args.against}, cold", median(other_cold), f"min {min(other_cold):.3f}")
        row("  the same with an empty cache", median(other_first), f"min {min(other_first):.3f}")
        if office:
            print(f"  ratio {args.against} / LibreOffice: {median(other_cold) / median(office):.2f}"
                  f" (empty cache: {median(other_first) / median(office):.2f})", flush=True)

    phases: dict[str, list[float]] = {}
    for _ in range(args.runs):
        shutil.rmtree(cache, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(dir=work))
        text = subprocess.run([sys.executable, "-c", PHASES, str(ws), str(tmp)], capture_output=True, text=True,
                              check=True, env=env).stdout
        for name, value in json.loads(text).items():
            phases.setdefault(name, []).append(value)
    print("\nphases (one process, in order, empty cache; medians)")
    for name, values in phases.items():
        row(name, median(values))

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
    print("\nother commands")
    row("unchanged rebuild", median(unchanged))
    row("reportgen check 2024", median(check))
    row("  after editing one file", median(edited))
    row("reportgen --help", median(helps))
    print("\noutputs")
    for path in sorted(out.iterdir()):
        if not path.name.startswith("."):
            print(f"  {path.name:<52} {path.stat().st_size / 1024 / 1024:6.2f} MB", flush=True)

    reloads = save_to_reload(ws, env, args.saves)
    print(f"\nlive preview: save -> reloaded page ({args.saves} saves each; medians)")
    row("a changed figure (chart redrawn)", median(reloads["figure"]), f"max {max(reloads['figure']):.3f}")
    row("a changed sentence", median(reloads["sentence"]), f"max {max(reloads['sentence']):.3f}")

    profiles = profile_builds(work, env, args.runs)
    print("\nevery built-in profile's cold build (demo data)")
    from reportgen.profile import DEFAULT

    default = median(profiles[DEFAULT])
    for name, walls in profiles.items():
        slower = median(walls) / default - 1
        row(name, median(walls), f"{slower:+.0%} against {DEFAULT}{'  (more than 10 % slower)' if slower > 0.10 else ''}")

    batch = work / "batch"
    for i in range(args.units):
        make_workspace(batch / f"unit{i:03d}", i)
    shutil.rmtree(cache, ignore_errors=True)
    batch_wall, batch_mb = timed([str(BIN), "build", YEAR, "--all", str(batch), "-q"], env=env)
    print(f"\nbatch of {args.units} workspaces ({os.cpu_count()} processes, empty cache)")
    row("total", batch_wall, f"peak {batch_mb} MB")
    row("per unit", batch_wall / args.units)


if __name__ == "__main__":
    main()

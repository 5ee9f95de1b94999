"""Fuzz the loader and validator: `reportgen.pipeline.prepare` must never raise.

Not collected by pytest (the name does not start with test_). Run it as a script:

    .venv/bin/python tests/fuzz_loader.py --runs 10000            # both cores
    .venv/bin/python tests/fuzz_loader.py --runs 500 --jobs 1     # a quick look
    .venv/bin/python tests/fuzz_loader.py --runs 10000 --seed 7   # repeat a run (the seed is printed)

Each input is a temporary workspace holding the 恩施 fixture's four YAML files (and sometimes a
reportgen.yaml), one of which hypothesis replaces: by random text or random bytes, or by a
mutation of the fixture file (bytes flipped, lines deleted, duplicated or swapped, random
unicode or YAML punctuation inserted, a value replaced). `prepare` runs in-process; any
exception it raises is a crash. Crashes are grouped by where they were raised, one reproducer
per group is saved, and the script exits 1 when there was any.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "enshi" / "data" / "2023"
FILES = {p.name: p.read_bytes() for p in sorted(FIXTURE.glob("*.yaml"))}
SETTINGS = "样式:\n  金额小数位: 2\n  占比合计凑足100: true\n字体:\n  仿宋: [仿宋_GB2312]\nPDF类型: pdf/a-3b\n".encode()

TOKENS = [":", ": ", "- ", "-", "{", "}", "[", "]", ",", "&a ", "*a", "&b [*a, *a, *a]", "!!python/object:os.system ",
          "!!binary ", "!!int ", "!!float ", "!!set ", "!x ", "? ", "|", ">-", "'", '"', "#", "---\n", "...\n",
          "%YAML 1.1\n", "\t", "\n", "\r\n", "\x00", "\ufeff", "~", "null", "true", "1e308", ".nan", "-.inf", "0x1F",
          "0o17", "1_000", "2023-01-01", "12:30:00", "<<: ", "\u202e", "\ud7ff", "\U0001f600", "\\", "\x85", "\u2028",
          "合计", "\"2010350\"", "2010350", "上年", "金额单位: 元", "≥", "≤abc%", "完成档次: 达成", "-1", "0", "99999999999"]


def mutate(data: bytes, draw: st.DrawFn) -> bytes:
    """A few random edits of one file's bytes."""
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete line", "duplicate line", "swap lines", "insert text",
                                     "insert token", "replace value", "truncate", "indent"]))
        lines = data.split(b"\n")
        n = len(lines)
        if kind == "flip" and data:
            buf = bytearray(data)
            for _ in range(draw(st.integers(1, 8))):
                i = draw(st.integers(0, len(buf) - 1))
                buf[i] ^= draw(st.integers(1, 255))
            data = bytes(buf)
        elif kind == "delete line":
            i = draw(st.integers(0, n - 1))
            data = b"\n".join(lines[:i] + lines[i + draw(st.integers(1, 5)):])
        elif kind == "duplicate line":
            i = draw(st.integers(0, n - 1))
            data = b"\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1:])
        elif kind == "swap lines":
            i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif kind in ("insert text", "insert token"):
            text = draw(st.text(max_size=20)) if kind == "insert text" else draw(st.sampled_from(TOKENS))
            i = draw(st.integers(0, len(data)))
            data = data[:i] + text.encode("utf-8", "surrogatepass") + data[i:]
        elif kind == "replace value":
            i = draw(st.integers(0, n - 1))
            key, sep, _ = lines[i].partition(b": ")
            if sep:
                value = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12),
                                       st.decimals(allow_nan=True, allow_infinity=True).map(str)))
                lines[i] = key + sep + value.encode("utf-8", "surrogatepass")
                data = b"\n".join(lines)
        elif kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "indent":
            i = draw(st.integers(0, n - 1))
            lines[i] = b" " * draw(st.integers(0, 5)) + lines[i].lstrip(b" ")
            data = b"\n".join(lines)
    return data


@st.composite
def workspaces(draw: st.DrawFn) -> dict[str, bytes]:
    """File name (relative to the workspace) -> bytes."""
    files = {f"data/2023/{name}": data for name, data in FILES.items()}
    if draw(st.booleans()) and draw(st.booleans()):
        files["reportgen.yaml"] = SETTINGS
    target = draw(st.sampled_from(sorted(files)))
    how = draw(st.sampled_from(["mutate"] * 6 + ["text", "yaml-ish", "bytes", "alone"]))
    if how == "mutate":
        files[target] = mutate(files[target], draw)
    elif how == "text":
        files[target] = draw(st.text(max_size=400)).encode("utf-8", "surrogatepass")
    elif how == "yaml-ish":
        files[target] = "".join(draw(st.lists(st.sampled_from(TOKENS + ["a", "单位", "名称", " ", "  "]), max_size=60))).encode(
            "utf-8", "surrogatepass")
    elif how == "bytes":
        files[target] = draw(st.binary(max_size=400))
    else:  # one mutated file alone: prepare stops early, and the loader sees more shapes per second
        files = {target: mutate(files[target], draw)}
    return files


def run(runs: int, worker: int, out: Path, base_seed: int = 0) -> tuple[int, dict[str, list], float]:
    """Run `runs` inputs; returns (count, crashes by signature, slowest seconds)."""
    from reportgen.pipeline import prepare

    crashes: dict[str, list] = {}
    count = [0]
    slowest = [0.0]
    root = Path(tempfile.mkdtemp(prefix=f"reportgen-fuzz-{worker}-"))

    @seed(base_seed + worker)
    @settings(max_examples=runs, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(workspaces())
    def one(files: dict[str, bytes]) -> None:
        shutil.rmtree(root, ignore_errors=True)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        count[0] += 1
        start = time.perf_counter()
        try:
            prepared = prepare(root, 2023)
            for problem in prepared.problems:  # every problem can be shown
                assert isinstance(problem.format(), str) and problem.message
        except Exception as exc:  # noqa: BLE001 - recording crashes is the point
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            signature = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno} ({frame.name})"
            if signature not in crashes:
                case = out / f"crash-{worker}-{len(crashes)}"
                for name, data in files.items():
                    (case / name).parent.mkdir(parents=True, exist_ok=True)
                    (case / name).write_bytes(data)
                (case / "traceback.txt").write_text("".join(traceback.format_exception(exc)), "utf-8")
                crashes[signature] = [0, str(case), str(exc)[:200]]
            crashes[signature][0] += 1
        slowest[0] = max(slowest[0], time.perf_counter() - start)

    try:
        one()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return count[0], crashes, slowest[0]


def _job(args: tuple[int, int, str, int]) -> tuple[int, dict[str, list], float]:
    return run(args[0], args[1], Path(args[2]), args[3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="number of inputs in all (default 10000)")
    parser.add_argument("--jobs", type=int, default=min(2, multiprocessing.cpu_count()), help="processes")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "reportgen-fuzz-crashes",
                        help="where reproducers of crashes are saved")
    parser.add_argument("--seed", type=int, default=None, help="base seed (default: random; printed, to repeat a run)")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.randrange(1_000_000)
    print(f"seed {args.seed}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    shares = [args.runs // args.jobs + (1 if i < args.runs % args.jobs else 0) for i in range(args.jobs)]
    if args.jobs == 1:
        results = [run(shares[0], 0, args.out, args.seed)]
    else:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(_job, [(n, i, str(args.out), args.seed) for i, n in enumerate(shares)])
    total = sum(r[0] for r in results)
    crashes: dict[str, list] = {}
    for _, found, _ in results:
        for signature, (n, case, message) in found.items():
            crashes.setdefault(signature, [0, case, message])[0] += n
    elapsed = time.perf_counter() - start
    print(f"{total} inputs in {elapsed:.0f} s ({total / elapsed:.1f}/s), slowest input {max(r[2] for r in results):.2f} s, "
          f"{len(crashes)} distinct crash(es).")
    for signature, (n, case, message) in sorted(crashes.items(), key=lambda kv: -kv[1][0]):
        print(f"  {n:5d} × {signature}: {message}\n        reproducer: {case}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: `check` and `import` time against the number of 项 rows (1k, 8k, 40k).

    .venv/bin/python bench/rows.py [--rows 1000 8000 40000]

Each size is the 恩施 fixture with its 2010399 项目支出 (168.12 万元) spread over N generated 项
rows, in 收入决算表, 支出决算表 and 公开05, spread over the 类 of the catalogue, each 项 and 款 with
its own 名称 — valid data, so `check` runs every identity. `import` reads the same rows from a
workbook of the three tables (written once per size with openpyxl, not timed) into the
fixture's data (the three tables in files of their own), where they are new rows. Both run in
a new process with an empty cache; the last column is milliseconds per 1,000 rows, which
stays flat when the time grows linearly.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "reportgen"
FIXTURE = ROOT / "tests" / "fixtures" / "enshi"
CLASSES = ["201", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214", "215", "216",
           "217", "219", "220", "221", "222", "223", "224", "229", "231", "232", "234"]
PER_CLASS = 1600  # 40 款 (50–89, above the fixture's own 款) of 40 项


def codes(n: int) -> list[str]:
    return [f"{CLASSES[i // PER_CLASS]}{50 + i % PER_CLASS // 40:02d}{10 + i % 40:02d}" for i in range(n)]


def amounts(n: int) -> list[Decimal]:
    """n amounts of six decimals summing to 168.12 exactly."""
    micro = 168_120_000
    return [Decimal(micro // n + (1 if i < micro % n else 0)) / 1_000_000 for i in range(n)]


def kuan(code: str) -> str:
    return code[:5]


def make_workspace(target: Path, n: int) -> list[tuple[str, Decimal]]:
    shutil.copytree(FIXTURE / "data", target / "data")
    rows = list(zip(codes(n), amounts(n)))
    names = "".join(f'  "{k}": {{名称: 款{k}}}\n' for k in sorted({kuan(c) for c, _ in rows}))
    budget = target / "data" / "2023" / "决算.yaml"
    text = budget.read_text("utf-8")
    # 公开02's typed 类 and 款 subtotals go: the generated 项 fall under them.
    start, end = text.index("收入决算表:\n"), text.index("\n\n", text.index("收入决算表:\n"))
    text = text[:start] + re.sub(r'  "\d{3}(\d{2})?": \{财政拨款收入: [\d.]+\}\n', "", text[start:end]) + text[end:]
    text = text.replace('  "2010399": {财政拨款收入: 168.12}\n',
                        names + "".join(f'  "{c}": {{名称: 项{c}, 财政拨款收入: {a}}}\n' for c, a in rows))
    text = text.replace('  "2010399": {项目支出: 168.12}\n',
                        names + "".join(f'  "{c}": {{名称: 项{c}, 项目支出: {a}}}\n' for c, a in rows))
    start = text.index('  "2010399":\n    说明:')
    end = text.index('  "2080505":\n    基本支出: 20.97\n    年初预算')
    text = text[:start] + names + "".join(f'  "{c}": {{名称: 项{c}, 项目支出: {a}, 年初预算: {a}, 说明: 反映项{c}的支出。}}\n'
                                          for c, a in rows) + text[end:]
    split(budget, text)
    return rows


def split(budget: Path, text: str) -> None:
    """公开02, 03 and 05 each in a file of its own, as a clerk with 40,000 rows keeps them (a
    data file holds at most 8 MB)."""
    blocks = text.split("\n\n")
    big = [b for b in blocks if b.startswith(("收入决算表:", "支出决算表:", "一般公共预算财政拨款支出决算表:"))]
    budget.write_text("\n\n".join(b for b in blocks if b not in big), "utf-8")
    for i, block in enumerate(big):
        (budget.parent / f"表{i}.yaml").write_text(f"金额单位: 万元\n{block}\n", "utf-8")


def make_workbook(path: Path, rows: list[tuple[str, Decimal]]) -> None:
    """公开02/03/05 with the generated rows, in 元 (the other tables are the fixture's)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for number, title, head in ((2, "收入决算表", ["财政拨款收入"]), (3, "支出决算表", ["基本支出", "项目支出"]),
                                (5, "一般公共预算财政拨款支出决算表", ["基本支出", "项目支出"])):
        sheet = book.create_sheet(title)
        sheet.append([title])
        sheet.append([None] * (2 + len(head)) + [f"公开{number:02d}表"])
        # In 元: the exact 分 of each figure (a 万元 sheet has two decimals, 0.004203 万元 would be 0.00).
        sheet.append(["部门：恩施土家族苗族自治州公共资源交易中心", None, "2023年度", "单位：元"])
        sheet.append(["科目代码", "科目名称", *head])
        for code, amount in rows:
            yuan = float(amount * 10000)
            sheet.append([code, f"项{code}", *([yuan] if len(head) == 1 else [None, yuan])])
    book.save(path)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 8000, 40000])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-rows-"))
    print(f"{'项 rows':>8} {'check s':>9} {'exit':>4} {'ms/1k':>7} {'import s':>9} {'exit':>4} {'ms/1k':>7}")
    for n in args.rows:
        ws = work / f"ws{n}"
        rows = make_workspace(ws, n)
        book = work / f"rows{n}.xlsx"
        make_workbook(book, rows)
        env = {**os.environ, "REPORTGEN_CACHE": str(work / f"cache{n}")}
        check, check_rc = timed([str(BIN), "check", "2023", "-w", str(ws)], env)
        target = work / f"import{n}"
        shutil.copytree(FIXTURE / "data", target / "data")  # the rows are new to it
        split(target / "data" / "2023" / "决算.yaml", (target / "data" / "2023" / "决算.yaml").read_text("utf-8"))
        imported, import_rc = timed([str(BIN), "import", "2023", str(book), "-w", str(target)], env)
        print(f"{n:>8} {check:>9.2f} {check_rc:>4} {check / n * 1e6:>7.0f} {imported:>9.2f} {import_rc:>4} {imported / n * 1e6:>7.0f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

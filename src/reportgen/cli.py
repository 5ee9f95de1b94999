"""The command line: thin Typer commands that call one library function each.

Every message is Chinese. Problems are printed as `文件:行:列: 说明` with the YAML line
under them; no traceback ever reaches the clerk. Exit status: 0 success, 1 build or machine
problem, 2 invalid data.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import Problem, ReportgenError, errors_only

app = typer.Typer(
    pretty_exceptions_enable=False,
    help="reportgen：由 YAML 数据生成部门决算公开和部门整体支出绩效自评报告（DOCX 和 PDF）。\n\n"
    "示例：reportgen check 2024；reportgen build 2024",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

WORKSPACE = typer.Option(Path("."), "--workspace", "-w", help="工作区文件夹（含 data/ 的文件夹），默认为当前文件夹。")


def print_problems(problems: list[Problem]) -> None:
    for p in problems:
        style = "red" if p.severity == "error" else "yellow"
        label = "错误" if p.severity == "error" else "提醒"
        err.print(f"[{style}]{label}[/{style}] ", end="")
        err.print(p.format(), markup=False, soft_wrap=True)


def fail(exc: ReportgenError) -> None:
    print_problems(exc.problems)
    raise typer.Exit(exc.exit_code)


@app.command("check")
def check_cmd(
    year: int = typer.Argument(..., help="年度，如 2024。"),
    workspace: Path = WORKSPACE,
    strict: bool = typer.Option(False, "--strict", help="把提醒（如缺少原因说明）也当作错误。"),
) -> None:
    """检查数据：读取、校验并计算，列出所有问题，不生成报告。

    示例：reportgen check 2024
    """
    from .pipeline import prepare

    prepared = prepare(workspace, year)
    print_problems(prepared.problems)
    if prepared.report is not None:
        show_summary(prepared.report)
    errors = errors_only(prepared.problems)
    warnings = [p for p in prepared.problems if p.severity == "warning"]
    if errors or prepared.report is None:
        err.print(f"[red]检查未通过：{len(errors)} 个错误，{len(warnings)} 个提醒。[/red]")
        raise typer.Exit(2)
    if strict and warnings:
        err.print(f"[red]检查未通过（--strict）：{len(warnings)} 个提醒。[/red]")
        raise typer.Exit(2)
    out.print(f"[green]检查通过[/green]：{len(warnings)} 个提醒。")


def show_summary(report) -> None:  # noqa: ANN001
    from .numbers import fmt

    s = report.summary
    table = Table(title=f"{report.unit.name} {report.year} 年度主要数字（万元）", show_lines=False)
    table.add_column("项目")
    table.add_column("金额", justify="right")
    for label, value in (("收、支总计", s.grand_total), ("本年收入合计", s.income_total), ("本年支出合计", s.expense_total),
                         ("财政拨款收、支总计", s.fiscal_total), ("一般公共预算财政拨款支出", s.general_expense),
                         ("“三公”经费决算", sum(s.three))):
        table.add_row(label, fmt(value, 2, True))
    out.print(table)
    checks = Table(title="勾稽关系核对")
    checks.add_column("结果")
    checks.add_column("核对项")
    checks.add_column("差额", justify="right")
    marks = {"ok": "[green]相符[/green]", "tail": "[yellow]尾差[/yellow]", "fail": "[red]不符[/red]"}
    for c in report.checks:
        diff = fmt(c.difference, 2, True) if c.status != "ok" else ""
        if c.status == "tail":
            diff += f"（允许 ±{fmt(c.tolerance, 3)}）"
        checks.add_row(marks[c.status], c.name, diff)
    out.print(checks)
    tails = sum(1 for c in report.checks if c.status == "tail")
    if tails:
        out.print(f"{tails} 处尾数误差在四舍五入允许范围内，已接受；报告将注明“本套报表金额单位转换时可能存在尾数误差”。")


@app.command("build")
def build_cmd(
    year: int = typer.Argument(..., help="年度，如 2024。"),
    workspace: Path = WORKSPACE,
    only: Optional[str] = typer.Option(None, "--only", help="只生成一种报告：决算 或 绩效。"),
    fmt: Optional[str] = typer.Option(None, "--format", help="只生成一种格式：pdf 或 docx。"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度，只显示错误。"),
) -> None:
    """生成报告：部门决算公开和部门整体支出绩效自评报告，各生成 DOCX 和 PDF，写入 output/<年度>/。

    数据有误时不生成任何文件，已有的输出文件保持不变。

    示例：reportgen build 2024；reportgen build 2024 --only 决算 --format pdf
    """
    from .build import FORMATS, KINDS, build

    kinds = _choice(only, KINDS, "--only")
    formats = _choice(fmt, FORMATS, "--format")
    say = (lambda step: None) if quiet else (lambda step: err.print(f"· {step}"))
    try:
        result = build(workspace, year, formats=formats, kinds=kinds, progress=say)
    except ReportgenError as exc:
        fail(exc)
        return
    warnings = result.warnings
    if not quiet and result.files:
        print_problems(warnings)
    table = Table(title="已生成的文件")
    table.add_column("文件")
    table.add_column("大小", justify="right")
    for path in result.files:
        table.add_row(str(path), f"{path.stat().st_size / 1024:.0f} KB")
    if not quiet:
        out.print(table)
    if result.unchanged:
        out.print(f"数据、模板和设置均未变化：{'、'.join(result.unchanged)}报告保持不变，未重新生成。")
    out.print(f"[green]完成[/green]：{len(result.files)} 个文件，{len(warnings)} 个提醒。")


def _choice(value: Optional[str], allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    if value is None:
        return allowed
    if value.lower() not in allowed:
        err.print(f"[red]错误[/red] {option} 应为 {' 或 '.join(allowed)}，实际为 {value}。")
        raise typer.Exit(2)
    return (value.lower(),)


@app.command("schema")
def schema_cmd(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入的文件；不填则输出到屏幕。"),
) -> None:
    """导出数据格式的 JSON Schema，供编辑器自动补全和校验。

    示例：reportgen schema -o reportgen.schema.json
    """
    from .jsonschema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, "utf-8")
    out.print(f"已写入 {output}")


def main() -> None:
    """Console entry point: run the app; an unexpected error gets a short Chinese note."""
    try:
        app(standalone_mode=True)
    except ReportgenError as exc:
        print_problems(exc.problems)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("已中断。")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the clerk must never see a traceback
        err.print(f"[red]内部错误[/red]：{type(exc).__name__}: {exc}。数据未写入 output/。请把此信息和数据文件发给维护人员。", markup=True)
        sys.exit(1)

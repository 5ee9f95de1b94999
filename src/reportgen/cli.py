"""The command line: thin Typer commands that call one library function each.

Every message is Chinese. Problems are printed as `文件:行:列: 说明` with the YAML line
under them; no traceback ever reaches the clerk. Exit status: 0 success, 1 build or machine
problem, 2 invalid data.
"""

from __future__ import annotations

import signal
import sys
from dataclasses import replace
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from . import cli_text
from .errors import Problem, ReportgenError, errors_only, printable

cli_text.install()  # Chinese usage lines, help headings and usage errors

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


def shown(text: str) -> str:
    """Text from the data or the file system for a rich table cell: controls escaped (see
    errors.printable), square brackets not taken as markup."""
    from rich.markup import escape

    return escape(printable(text))


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
    from .build import KINDS
    from .compute.model import Gap
    from .pipeline import prepare, printed

    prepared = prepare(workspace, year)
    deferred = False
    if not prepared.ok:
        stop_if_unfilled(workspace, year)  # a new year: list what is left to fill in instead
        # Which placeholders a report prints is known once it can be worded: listed then, not
        # now (some would be of sentences the profile does not print).
        kept = [p for p in prepared.problems if not p.gap.startswith(Gap.MARK)]
        deferred = len(kept) < len(prepared.problems)
        prepared = replace(prepared, problems=kept)
    else:
        try:  # worded as build words it: template errors show, and only the gaps the reports print
            prepared, _ = printed(prepared, KINDS)
        except ReportgenError as exc:
            prepared = replace(prepared, problems=prepared.problems + exc.problems)
    print_problems(prepared.problems)
    if prepared.report is not None:
        show_summary(prepared.report)
    errors = errors_only(prepared.problems)
    warnings = [p for p in prepared.problems if p.severity == "warning"]
    if errors or prepared.report is None:
        err.print(f"[red]检查未通过：{len(errors)} 个错误，{len(warnings)} 个提醒。[/red]"
                  + ("改正错误后，再列出报告中【待填写】的内容。" if deferred else ""))
        raise typer.Exit(2)
    if strict and warnings:
        err.print(f"[red]检查未通过（--strict）：{len(warnings)} 个提醒。[/red]")
        raise typer.Exit(2)
    out.print(f"[green]检查通过[/green]：{len(warnings)} 个提醒。")


def stop_if_unfilled(workspace: Path, year: int) -> None:
    """A new or rolled-over year: list what is still to be filled in, and stop (exit 2)."""
    from .init_workspace import missing

    items = missing(workspace, year)
    if items:
        stop_unfilled(items, year)


def stop_unfilled(items: list[Problem], year: int) -> None:
    err.print(f"[red]{year} 年度的数据尚未填完[/red]，以下 {len(items)} 处还需填写：")
    print_problems(items)
    err.print("填写后再运行 reportgen check 检查其余问题。未生成任何文件。")
    raise typer.Exit(2)


#: Why a 绩效-only year has no 决算 report, said once by check and by build.
NO_TABLES = "本年度数据中没有公开表（收入支出决算总表等），未生成部门决算公开，只生成绩效自评报告。"


def show_summary(report) -> None:  # noqa: ANN001
    from .numbers import fmt

    s = report.summary
    if s is None:
        out.print(NO_TABLES)
        return
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
        checks.add_row(marks[c.status], shown(c.name), diff)
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
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度和文件表，只显示错误和最后一行结果。"),
    as_json: bool = typer.Option(False, "--json", help="供脚本使用：只在标准输出打印一个 JSON 对象（files、warnings、ok）。"),
    force: bool = typer.Option(False, "--force", help="即使数据、模板和设置都没有变化，也重新生成。"),
    final: bool = typer.Option(False, "--final", help="正式发布：报告中仍有【待填写】的内容时不生成任何文件。"),
    all_in: Optional[Path] = typer.Option(None, "--all", help="批量生成：该文件夹下每个含 data/<年度>/ 的子文件夹各是一个单位的工作区。"),
) -> None:
    """生成报告：部门决算公开和部门整体支出绩效自评报告，各生成 DOCX 和 PDF，写入 output/<年度>/。

    数据有误时不生成任何文件，已有的输出文件保持不变。数据、模板和设置都没有变化时不重新生成（--force 强制）。
    生成时显示进度条，完成后列出所写文件（页数、大小）和勾稽关系核对结果。

    \b
    示例：reportgen build 2024
          reportgen build 2024 --only 决算 --format pdf
          reportgen build 2024 --all 各单位/
          reportgen build 2024 --json
          reportgen build 2024 --final      （正式发布前：有未填写的内容就不生成）
    """
    from .build import FORMATS, KINDS, build

    kinds = _choice(only, KINDS, "--only")
    formats = _choice(fmt, FORMATS, "--format")
    if all_in is not None:
        build_many(all_in, year, formats, kinds, quiet, final)
        return
    try:
        if quiet or as_json:
            result = build(workspace, year, formats=formats, kinds=kinds, force=force, final=final)
        else:
            result = _build_with_progress(build, workspace, year, formats, kinds, force, final)
    except ReportgenError as exc:
        problems = unfilled_or(exc, workspace, year)
        if as_json:
            _print_json(False, [], [], problems)
            raise typer.Exit(exc.exit_code) from None
        if problems is not exc.problems:
            stop_unfilled(problems, year)
        fail(exc)
        return
    warnings = result.warnings
    if as_json:
        _print_json(True, result.files, warnings, [], result.pages)
        return
    if not quiet and result.files:
        print_problems(warnings)
        table = Table(title="已生成的文件")
        table.add_column("文件", overflow="fold")
        table.add_column("页数", justify="right")
        table.add_column("大小", justify="right")
        for path in result.files:
            pages = result.pages.get(path.name)
            table.add_row(shown(str(path)), "" if pages is None else str(pages), f"{path.stat().st_size / 1024:.0f} KB")
        out.print(table)
        if result.prepared is not None and result.prepared.report is not None:
            report = result.prepared.report
            out.print(checks_line(report.checks, noted=report.final is not None))
    if result.unchanged:
        # Inputs unchanged (nothing was read), or changed where the reports print nothing.
        why = "数据、模板和设置均未变化" if result.prepared is None else "报告印出的内容没有变化"
        out.print(f"{why}：{'、'.join(result.unchanged)}报告保持不变，未重新生成。")
    if "绩效" in result.absent:
        out.print("数据中没有「绩效」部分，未生成部门整体支出绩效自评报告。")
    if "决算" in result.absent:
        out.print(NO_TABLES)
    out.print(f"[green]完成[/green]：{len(result.files)} 个文件，{len(warnings)} 个提醒。")


def unfilled_or(exc: ReportgenError, workspace: Path, year: int) -> list[Problem]:
    """For invalid data of a new or rolled-over year, the list of what is still to fill in."""
    from .errors import DataError
    from .init_workspace import missing

    if isinstance(exc, DataError):
        return missing(workspace, year) or exc.problems
    return exc.problems


def build_many(folder: Path, year: int, formats: tuple[str, ...], kinds: tuple[str, ...], quiet: bool, final: bool) -> None:
    """`build --all`: every unit under `folder`, one process per core, one progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch import build_all, find_workspaces

    units = find_workspaces(folder, year)
    if not units:
        err.print(f"[red]错误[/red] {folder} 下没有含 data/{year}/ 的工作区。")
        raise typer.Exit(2)
    with Progress(TextColumn("批量生成"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=quiet) as progress:
        task = progress.add_task("", total=len(units))
        results = build_all(units, year, formats, kinds, done=lambda r: progress.advance(task), final=final)
    failed = [r for r in results if not r.ok]
    if not quiet:
        table = Table(title=f"{year} 年度批量生成结果")
        table.add_column("单位（工作区）", overflow="fold")
        table.add_column("结果")
        table.add_column("文件", justify="right")
        for r in results:
            state = "[red]失败[/red]" if not r.ok else ("未变化" if r.unchanged else "[green]已生成[/green]")
            table.add_row(shown(str(r.workspace)), state, str(r.files))
        out.print(table)
    for r in failed:
        err.print(f"[red]{r.workspace} 生成失败：[/red]")
        print_problems(list(r.problems))
    out.print(f"完成：{len(results) - len(failed)} 个单位成功，{len(failed)} 个失败。")
    if failed:
        err.print("失败的单位：" + "、".join(r.workspace.name for r in failed))
        raise typer.Exit(max(r.exit_code for r in failed))


def _build_with_progress(build, workspace: Path, year: int, formats: tuple[str, ...], kinds: tuple[str, ...], force: bool,  # noqa: ANN001, ANN202
                         final: bool):
    """Run `build` under a transient Rich progress bar on stderr, one tick per reported step."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    total = 2 + len(formats) * len(kinds)  # read + each report and format + write
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("准备", total=total)
        started = [False]

        def step(name: str) -> None:
            if started[0]:
                progress.advance(task)
            started[0] = True
            progress.update(task, description=name)

        result = build(workspace, year, formats=formats, kinds=kinds, progress=step, force=force, final=final)
        progress.update(task, completed=total)
    return result


def checks_line(checks, noted: bool = True) -> str:  # noqa: ANN001
    """One line summing up the identity checks, e.g. “勾稽关系核对：21 项相符，2 项尾差已接受”;
    `noted`: the 决算 report prints its 尾数误差 note (a 绩效-only year has none)."""
    ok = sum(1 for c in checks if c.status == "ok")
    tail = sum(1 for c in checks if c.status == "tail")
    text = f"勾稽关系核对：{ok} 项相符"
    if tail:
        text += f"，{tail} 项尾数误差在允许范围内已接受" + ("（报告中已注明）" if noted else "")
    return text + "。"


def _print_json(ok: bool, files: list[Path], warnings: list[Problem], errors: list[Problem], pages: dict[str, int] | None = None) -> None:
    import json

    def problem(p: Problem) -> dict[str, object]:
        src = p.source
        return {"message": p.message, "file": src.file if src else None, "line": src.line if src else None,
                "column": src.column if src else None, "severity": p.severity, "text": p.format()}

    payload = {
        "ok": ok,
        "files": [{"path": str(f), "size": f.stat().st_size, "pages": (pages or {}).get(f.name)} for f in files],
        "warnings": [problem(p) for p in warnings],
        "errors": [problem(p) for p in errors],
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


@app.command("import")
def import_cmd(
    year: int = typer.Argument(..., help="年度，如 2024。"),
    workbook: Path = typer.Argument(..., help="部门决算软件导出的 Excel 文件（.xlsx 或 .xls），含公开01–09表或地区样式的附表。"),
    workspace: Path = WORKSPACE,
    into: str = typer.Option("决算.yaml", "--file", "-f", help="数据中还没有的部分写入 data/<年度>/ 下的哪个文件，默认 决算.yaml（没有则新建）。"),
) -> None:
    """导入决算数：从部门决算软件导出的 Excel 读取决算数，写入 data/<年度>/ 的 YAML 文件。

    按表名（公开01–09表及各地区样式的附表）或“公开NN表”字样（表号按本工作区的地区样式）识别各工作表，
    按科目代码和列标题对应数据键；表格单位可为万元、百元或元；只写项级科目等“叶子”数，
    原有的原因说明、注释和其他部分保持不变。文件损坏或数据不合格式时不写入任何文件。

    示例：reportgen import 2024 决算公开表.xlsx
    """
    from .excel_import import import_workbook

    try:
        result = import_workbook(workspace, year, workbook, into)
    except ReportgenError as exc:
        print_problems(exc.problems)
        err.print("[red]导入未完成：没有写入任何文件。[/red]")
        raise typer.Exit(2) from None
    print_problems(result.warnings)
    for table in result.tables:
        out.print(printable(f"· 已读取 {table}"), soft_wrap=True, markup=False)
    if result.written:
        files = "、".join(str(p.relative_to(workspace)) if p.is_relative_to(workspace) else str(p) for p in result.written)
        out.print(f"[green]完成[/green]：导入 {result.figures} 个数，写入 {files}；{len(result.warnings)} 个提醒。"
                  f"请运行 reportgen check {year} 核对。", soft_wrap=True)  # a command is never broken
    else:
        out.print(f"[green]完成[/green]：数据已与表格一致，没有修改任何文件；{len(result.warnings)} 个提醒。")


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


@app.command("export-profile")
def export_profile_cmd(
    name: Optional[str] = typer.Argument(None, help="地区样式名；不填则为 reportgen.yaml 中的「地区样式」。"),
    workspace: Path = WORKSPACE,
    force: bool = typer.Option(False, "--force", help="覆盖 templates/ 中已有的同名文件。"),
) -> None:
    """把内置地区样式的设置和模板复制到工作区的 templates/，供修改。

    templates/ 中的同名文件优先于内置的：只想改一个章节时，可以只保留改过的文件。

    \b
    示例：reportgen export-profile
          reportgen export-profile 湖北 --force
    """
    from .profile import builtin_profiles, export, unknown_profile
    from .settings import load_settings

    settings, problems = load_settings(workspace)
    if name is None and problems:
        print_problems(problems)
        raise typer.Exit(2)
    name = name or settings.profile
    if name not in builtin_profiles():
        print_problems([unknown_profile(name, None)])
        raise typer.Exit(2)
    written = export(name, workspace, force)
    out.print(f"已把地区样式「{name}」的 {len(written)} 个文件复制到 {workspace / 'templates'}（已有的文件未覆盖）。"
              if not force else f"已把地区样式「{name}」的 {len(written)} 个文件复制到 {workspace / 'templates'}。", markup=False)


@app.command("profiles")
def profiles_cmd(workspace: Path = WORKSPACE) -> None:
    """列出内置的地区样式（结构、表格、措辞）：名称、所基于的样式和说明，并标出本工作区所用的。

    在 reportgen.yaml 中写「地区样式: 名称」选用；新建工作区时可用 reportgen init --profile 名称。
    要修改某个样式的模板，见 reportgen export-profile。

    \b
    示例：reportgen profiles
    """
    from .profile import DEFAULT, builtin_descriptions
    from .settings import load_settings

    current = load_settings(workspace)[0].profile
    for name, (base, description) in builtin_descriptions().items():
        marks = [m for m, on in (("默认", name == DEFAULT), ("本工作区所用", name == current)) if on]
        based = f"（基于{base}）" if base else ""
        out.print(f"{name}{based}{'［' + '，'.join(marks) + '］' if marks else ''}：{description}", markup=False, soft_wrap=True)


@app.command("init")
def init_cmd(
    folder: Path = typer.Argument(..., help="新工作区的文件夹，不存在时自动创建。"),
    year: int = typer.Option(2024, "--year", "-y", help="首个年度，如 2024。"),
    force: bool = typer.Option(False, "--force", help="文件夹中已有 data/ 或 reportgen.yaml 时仍然写入（覆盖同名文件）。"),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="地区样式，如 上海、四川；不填为湖北。内置样式见 reportgen profiles。"),
) -> None:
    """新建工作区：生成设置文件和带中文注释的空白数据文件。

    写出 reportgen.yaml、数据格式 reportgen.schema.json 和 data/<年度>/ 下的四个 YAML 文件。文件中列出全部键，每个键上方有中文注释说明应填什么、从哪里取数；数值先为空或 0。
    运行 reportgen check 会列出尚未填写的内容。

    \b
    示例：reportgen init 我的单位 --year 2024
          reportgen init 我的单位 --profile 上海
          cd 我的单位 && reportgen check 2024
    """
    from .init_workspace import init_workspace

    try:
        written = init_workspace(folder, year, force, profile)
    except ReportgenError as exc:
        fail(exc)
        return
    out.print(f"[green]已创建工作区[/green] {folder}：")
    for path in written:
        out.print(f"  {path}", markup=False)
    out.print(f"下一步：按注释填写 {folder / 'data' / str(year)} 中的 YAML 文件，然后运行 "
              f"reportgen check {year} -w {folder}。", markup=False, soft_wrap=True)


@app.command("new-year")
def new_year_cmd(
    year: int = typer.Argument(..., help="要新建的年度，如 2025；数据从上一年度复制。"),
    workspace: Path = WORKSPACE,
    force: bool = typer.Option(False, "--force", help="该年度文件夹已存在时替换它（原有文件会被覆盖）。"),
) -> None:
    """新建年度：由上一年度的数据生成 data/<年度>/，保留注释、键的顺序、科目和单位概况，清空本年数字和原因。

    单位概况（职责、机构、人员）原样保留；各表金额、“三公”和资产数量清零，需重新填写；情况说明中的原因、
    绩效指标的实际值和自评文字清空；上年数改由上一年度文件夹计算，「上年」部分被删除。已存在的年度不会被覆盖。

    \b
    示例：reportgen new-year 2025
          reportgen new-year 2025 -w 我的单位
    """
    from .new_year import new_year

    try:
        written = new_year(workspace, year, force)
    except ReportgenError as exc:
        fail(exc)
        return
    out.print(f"[green]已创建 {year} 年度[/green]（由 {year - 1} 年度生成）：")
    for path in written:
        out.print(f"  {path}", markup=False)
    out.print(f"下一步：填写 {year} 年度的数字和原因，然后运行 reportgen check {year}。", markup=False, soft_wrap=True)


@app.command("doctor")
def doctor_cmd(workspace: Path = WORKSPACE) -> None:
    """检查本机环境：PDF 排版（Pango）、字体子集（HarfBuzz）、各公文字体、LibreOffice 和输出文件夹。

    缺少的软件会给出安装命令。必需项全部就绪时退出状态为 0，否则为 1。

    \b
    示例：reportgen doctor
          reportgen doctor -w 我的单位
    """
    from .doctor import apt_command, diagnose

    report = diagnose(workspace)
    marks = {"ok": "[green]正常[/green]", "warn": "[yellow]提醒[/yellow]", "fail": "[red]缺少[/red]"}
    out.print("reportgen 运行环境检查：")
    for f in report.findings:
        out.print(f"{marks[f.status]} {f.name}：", end="")
        out.print(f.detail, markup=False, soft_wrap=True)
    fixes = [f.fix for f in report.findings if f.fix and f.status != "ok"]
    if report.packages or fixes:
        out.print("修复方法（在终端中运行）：")
        if report.packages:
            out.print(f"  {apt_command(report.packages)}", markup=False)
        for fix in fixes:
            out.print(f"  {fix}", markup=False)
    if report.ok:
        out.print("[green]必需项全部就绪[/green]，可以生成报告。")
        return
    err.print("[red]有必需项缺少[/red]，请按上面的命令安装后再运行 reportgen doctor。")
    raise typer.Exit(1)


@app.command("preview")
def preview_cmd(
    year: int = typer.Argument(..., help="年度，如 2024。"),
    workspace: Path = WORKSPACE,
    only: Optional[str] = typer.Option(None, "--only", help="打开哪一份报告：决算 或 绩效；不填则打开目录页。"),
    port: int = typer.Option(8000, "--port", help="端口，默认 8000；已被占用时自动改用下一个空闲端口。"),
    no_open: bool = typer.Option(False, "--no-open", help="不自动打开浏览器。"),
) -> None:
    """实时预览：在浏览器中查看报告，每次保存数据、设置或模板文件后页面自动刷新。

    显示的是生成 PDF 所用的同一份 HTML；勾选“显示 PDF 分页”可标出 PDF 每页从哪里开始。
    数据有误时页面列出错误所在的文件、行和键，改正并保存后报告自动恢复。
    只在本机（127.0.0.1）访问，不写入 output/ 中的任何文件。按 Ctrl-C 停止。

    \b
    示例：reportgen preview 2024
          reportgen preview 2024 --only 决算 --port 8001
    """
    import webbrowser

    from .build import KINDS
    from .preview import PAGES
    from .serve import start

    kind = _choice(only, KINDS, "--only")[0] if only else None
    try:
        running, moved = start(workspace, year, port, said=lambda line: out.print(line, markup=False))
    except OSError as exc:
        err.print(f"[red]错误[/red] 无法在 127.0.0.1 上启动预览：{exc.strerror or exc}。", markup=True)
        raise typer.Exit(1) from None
    if moved:
        out.print(f"端口 {port} 已被占用，改用 {running.server.server_address[1]}。")
    page = next((name for name, k in PAGES.items() if k == kind), "")
    out.print(f"预览地址：{running.url}{page}（保存文件后页面自动刷新；按 Ctrl-C 停止）", markup=False)
    if not no_open:
        webbrowser.open(running.url + page)
    try:
        running.stop_watching.wait()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    out.print("预览已停止。")


def main() -> None:
    """Console entry point: run the app; an unexpected error gets a short Chinese note."""
    if hasattr(signal, "SIGXFSZ"):  # a file-size limit fails the write (EFBIG) instead of killing us
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
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

"""The hostile corpus, round two (issue 17): inputs an attacker or a careless clerk gives, one
family per block — untrusted templates, unbounded resources on every input path, files that
are not files, clean errors where a build used to crash, nothing silently lost, messages safe
to print. Each case is a small broken copy of the 恩施 workspace (limits made tight by
monkeypatch where a real case would need gigabytes), runs one command in-process under an
alarm (a hang fails the case instead of blocking the suite) and asserts the exit status, the
Chinese message, no traceback and no 内部错误, and what happened to data/ and output/.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

from .conftest import ENSHI, copy_workspace, edit, run
from .test_malformed import BUDGET, PERF, PREVIOUS, PROFILE, ROW, UNIT, Setup, both, own_template, replace, snapshot, write

EXCEL = Path(__file__).parent / "fixtures" / "excel"
SECONDS = 90  # per case; the slowest (a PDF build on a loaded machine) takes some 15 s
CHECK = ("check", "2023")
DOCX = ("build", "2023", "--format", "docx", "--only", "决算")
PDF = ("build", "2023", "--format", "pdf", "--only", "决算")
IMPORT = ("import", "2023", "{ws}/决算公开表.xlsx")
NEW_YEAR = ("new-year", "2024")


@dataclass(frozen=True)
class Case:
    family: str
    id: str
    setup: Setup
    patterns: tuple[str, ...]
    exit: int
    command: tuple[str, ...]
    #: What the command may do to output/2023: "kept" (byte for byte), "added" (the previous
    #: file intact, new files beside it), "published" (new files, e.g. before a manifest failure).
    output: str = "kept"
    data_changes: bool = False  # import and new-year write data/ when they succeed
    name: str = ""  # a pattern the name of a file the command wrote must match


# ------------------------------------------------------------------ setups


def patch(target: str, value: object) -> Setup:
    """Monkeypatch a module constant (a limit made tight so a small file reaches it)."""
    module, name = target.rsplit(".", 1)

    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        import importlib

        mp.setattr(importlib.import_module(module), name, value)
    return setup


def fifo(file: str) -> Setup:
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        (ws / file).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(ws / file)
    return setup


def folder(file: str) -> Setup:
    return lambda ws, mp: (ws / file).mkdir(parents=True)


def device(file: str) -> Setup:
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        (ws / file).parent.mkdir(parents=True, exist_ok=True)
        (ws / file).symlink_to("/dev/zero")
    return setup


def workbook(change: Callable[[object], None] | None = None, source: str = "enshi-2023.xlsx") -> Setup:
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        import openpyxl

        book = openpyxl.load_workbook(EXCEL / source)
        if change:
            change(book)
        book.save(ws / "决算公开表.xlsx")
    return setup


def copy_file(source: Path, name: str) -> Setup:
    return lambda ws, mp: shutil.copy(source, ws / name)


def far_cell(book: object) -> None:
    book.active["XFD1048576"] = 1  # type: ignore[attr-defined]


def cell_of(book: object, label: str) -> tuple[object, str]:
    """The sheet of 支出决算表 and the cell holding the 2010350 基本支出 figure."""
    sheet = book["支出决算表"]  # type: ignore[index]
    for row in sheet.iter_rows():
        if row[0].value in ("2010350", 2010350):
            return sheet, row[3].coordinate  # 基本支出
    raise AssertionError(label)


def infinite_cell(ws: Path, mp: pytest.MonkeyPatch) -> None:
    """A number that overflows a float (1e999) in the 2010350 基本支出 cell: openpyxl reads inf."""
    workbook(set_cell(123456.789))(ws, mp)
    path = ws / "决算公开表.xlsx"
    with zipfile.ZipFile(path) as src:
        parts = [(item, src.read(item.filename)) for item in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item, data in parts:
            dst.writestr(item, data.replace(b">123456.789<", b">1e999<"))


def set_cell(value: object) -> Callable[[object], None]:
    def change(book: object) -> None:
        sheet, where = cell_of(book, str(value))
        sheet[where] = value  # type: ignore[index]
    return change


def bomb_xlsx(ws: Path, mp: pytest.MonkeyPatch) -> None:
    """A valid workbook with a part that inflates 2 MB → 40 MB (limit lowered to 20 MB)."""
    with zipfile.ZipFile(EXCEL / "enshi-2023.xlsx") as src, \
            zipfile.ZipFile(ws / "决算公开表.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (40 * 1024 * 1024))
    mp.setattr("reportgen.excel_import.MAX_INFLATED", 20 * 1024 * 1024)


def long_unit_name(ws: Path, mp: pytest.MonkeyPatch) -> None:
    edit(ws / UNIT, "  名称: 恩施土家族苗族自治州公共资源交易中心", "  名称: " + "恩施土家族苗族自治州公共资源交易中心" * 3 + "附属长名称单位甲乙丙丁戊己庚辛壬癸")


def manifest_fails(ws: Path, mp: pytest.MonkeyPatch) -> None:
    import errno

    from reportgen import incremental

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    mp.setattr(incremental, "write_manifest", fail)


def disk_full(ws: Path, mp: pytest.MonkeyPatch) -> None:
    """The DOCX writer meets a full disk while writing into the staging folder."""
    import errno

    from reportgen.render import docx

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    mp.setattr(docx, "write_docx", full)


def own_font(name: str) -> Setup:
    def setup(ws: Path, mp: pytest.MonkeyPatch) -> None:
        (ws / "fonts").mkdir()
        shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", ws / "fonts" / f"{name}.ttf")
        (ws / "reportgen.yaml").write_text(f'字体: {{仿宋: ["{name}"]}}\n', "utf-8")
    return setup


def long_text_alias(ws: Path, mp: pytest.MonkeyPatch) -> None:
    """One 100 KB text named by an anchor and repeated by 300 aliases: a 101 KB file that
    expands to 30 M characters (the limit made 10 M)."""
    text = "甲" * 100_000
    (ws / "data" / "2023" / "附件.yaml").write_text(f"附: &t {text}\n列: [{', '.join(['*t'] * 300)}]\n", "utf-8")
    mp.setattr("reportgen.load.MAX_CHARS", 10 * 1024 * 1024)


ALIAS_BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10) if i else ', '.join(['哈'] * 10)}]\n" for i in range(9))
DEEP = "国有资产: " + "[" * 200 + "]" * 200 + "\n"
ESC = "\\e[2J\\e]0;pwned\\a"  # YAML escapes: clear the screen, set the terminal's title, bell

# ------------------------------------------------------------------ the corpus

CASES: list[Case] = [
    # --- 1. templates are untrusted (the sandbox; see also test_injection)
    Case("templates", "report template reaches for os", own_template("决算.j2", "{% set s = facts.收支总体 %}",
         "{% set s = facts.收支总体 %}{{ cycler.__init__.__globals__.os.system('true') }}"),
         (r"templates/决算\.j2:\d+: 模板试图使用不允许的功能",), 1, DOCX),
    Case("templates", "page template reaches for subclasses", own_template("page.html.j2", "<body", "{{ ''.__class__.__mro__ }}<body"),
         (r"templates/page\.html\.j2:\d+: 模板试图使用不允许的功能",), 1, PDF),
    Case("templates", "template is a FIFO", fifo("templates/决算.j2"), (r"模板 决算\.j2 不是普通文件（而是命名管道（FIFO））",), 1, DOCX),
    Case("templates", "template too large", both(own_template("决算.j2", "{% set s = facts.收支总体 %}", "{% set s = facts.收支总体 %}"),
                                                patch("reportgen.files.MAX_TEMPLATE_BYTES", 1024)),
         (r"模板 决算\.j2 过大",), 1, DOCX),
    Case("templates", "Word template too large", both(lambda ws, mp: (ws / "templates").mkdir() or shutil.copy(PROFILE / "report.docx", ws / "templates"),
                                                     patch("reportgen.render.docx.MAX_TEMPLATE_BYTES", 1000)),
         (r"templates/report\.docx: Word 模板过大",), 1, DOCX),
    Case("templates", "Word template inflates past the limit", both(lambda ws, mp: (ws / "templates").mkdir() or shutil.copy(PROFILE / "report.docx", ws / "templates"),
                                                                   patch("reportgen.render.docx.MAX_TEMPLATE_INFLATED", 10_000)),
         (r"templates/report\.docx: Word 模板过大",), 1, DOCX),
    # --- 2. bounded resources: YAML on every path
    Case("yaml limits", "long text repeated by aliases", long_text_alias, (r"附件\.yaml: 文件内容展开后过多.*M 个字符",), 2, CHECK),
    Case("yaml limits", "file over the size limit", both(write("data/2023/附件.yaml", "国有资产说明: " + "甲" * 40_000 + "\n"),
                                                        patch("reportgen.load.MAX_FILE_BYTES", 65536)),
         (r"附件\.yaml: 文件过大",), 2, DOCX),
    Case("yaml limits", "new-year: alias bomb", write("data/2023/附件.yaml", ALIAS_BOMB), (r"data/2023/附件\.yaml: 文件内容展开后过多",), 2, NEW_YEAR),
    Case("yaml limits", "new-year: deep nesting", write("data/2023/附件.yaml", DEEP), (r"data/2023/附件\.yaml:1:\d+: 嵌套层数过多",), 2, NEW_YEAR),
    Case("yaml limits", "new-year: python tag", write("data/2023/附件.yaml", "国有资产: !!python/object/apply:os.system [true]\n"),
         (r"附件\.yaml:1:7: 不支持 YAML 标签",), 2, NEW_YEAR),
    Case("yaml limits", "new-year: file over the size limit", both(write("data/2023/附件.yaml", "国有资产说明: " + "甲" * 40_000 + "\n"),
                                                                 patch("reportgen.load.MAX_FILE_BYTES", 65536)),
         (r"附件\.yaml: 文件过大",), 2, NEW_YEAR),
    Case("yaml limits", "import: alias bomb in the year's data", both(write("data/2023/附件.yaml", ALIAS_BOMB), workbook()),
         (r"附件\.yaml: 文件内容展开后过多",), 2, IMPORT),
    Case("yaml limits", "import: deep nesting in the year's data", both(write("data/2023/附件.yaml", DEEP), workbook()),
         (r"附件\.yaml:1:\d+: 嵌套层数过多",), 2, IMPORT),
    Case("yaml limits", "long 简称 bounded by the schema", replace(UNIT, "  简称: 恩施州公共资源交易中心", "  简称: " + "长" * 2000),
         (r"单位\.yaml:4:\d+: 「简称」过长（最多 80 个字，实际 2000 个字）",), 2, CHECK),
    Case("yaml limits", "long indicator name bounded by the schema", replace(PERF, "三级指标: 交易项目节约率", "三级指标: " + "节" * 1000),
         (r"绩效\.yaml:\d+:\d+: 「三级指标」过长",), 2, CHECK),
    # --- 2. bounded resources: Excel
    Case("excel limits", "inflates past the limit", bomb_xlsx, (r"决算公开表\.xlsx: Excel 文件过大",), 2, IMPORT),
    Case("excel limits", "one cell at XFD1048576", workbook(far_cell),
         (r"决算公开表\.xlsx:[^:]+: 工作表「[^」]+」的范围一直到 XFD1048576，超过导入的上限",), 2, IMPORT),
    Case("excel limits", "more rows than the limit", both(workbook(), patch("reportgen.excel_import.MAX_ROWS", 20)),
         (r"的范围一直到 [A-Z]+\d+，超过导入的上限（20 行",), 2, IMPORT),
    Case("excel limits", "workbook over the size limit", both(workbook(), patch("reportgen.excel_import.MAX_BYTES", 1000)),
         (r"决算公开表\.xlsx: Excel 文件过大",), 2, IMPORT),
    Case("excel limits", "xls over the size limit", both(copy_file(EXCEL / "enshi-2023.xls", "决算公开表.xlsx"),
                                                        patch("reportgen.excel_import.MAX_BYTES", 1000)),
         (r"决算公开表\.xlsx: Excel 文件过大",), 2, IMPORT),
    Case("excel limits", "import would write a file check cannot read", both(
        workbook(), lambda ws, mp: (ws / PERF).unlink(), write(BUDGET, "# " + "注" * 1600 + "\n金额单位: 万元\n"),
        patch("reportgen.load.MAX_FILE_BYTES", 6000)),
         (r"data/2023/决算\.yaml: 导入后此文件将有 0\.0 MB，超过数据文件 0 MB 的上限",), 2, IMPORT),
    Case("excel limits", "workbook is a FIFO", fifo("决算公开表.xlsx"), (r"决算公开表\.xlsx: 这不是普通文件（而是命名管道（FIFO））",), 2, IMPORT),
    Case("excel limits", "workbook is a folder", folder("决算公开表.xlsx"), (r"决算公开表\.xlsx: 这不是普通文件（而是文件夹）",), 2, IMPORT),
    Case("excel content", ".xls saved as .xlsx", copy_file(EXCEL / "enshi-2023.xls", "决算公开表.xlsx"), (r"完成：导入",), 0, IMPORT,
         data_changes=True),
    Case("excel content", ".xlsx saved as .xls", copy_file(EXCEL / "enshi-2023.xlsx", "决算公开表.xls"), (r"完成：导入",), 0,
         ("import", "2023", "{ws}/决算公开表.xls"), data_changes=True),
    Case("excel content", "infinite cell", infinite_cell,
         (r"决算公开表\.xlsx:支出决算表![A-Z]+\d+: 单元格的值不是有限的数字（inf），已忽略",), 0, IMPORT,
         data_changes=True),
    Case("excel content", "formula without a cached value", workbook(set_cell("=300+9.78")),
         (r"提醒 决算公开表\.xlsx:支出决算表![A-Z]+\d+: 这是公式单元格，但文件中没有保存它的计算结果",), 0, IMPORT,
         data_changes=True),
    # --- 2/3. files where a file is expected, and clean errors
    Case("files", "data file is a FIFO", fifo("data/2023/附件.yaml"), (r"附件\.yaml: 这不是普通文件（而是命名管道（FIFO））",), 2, DOCX),
    Case("files", "data file is a device", device("data/2023/零.yaml"), (r"零\.yaml: 这不是普通文件（而是设备文件）",), 2, CHECK),
    Case("files", "folder named *.yaml", folder("data/2023/附件.yaml"), (r"附件\.yaml: 这不是普通文件（而是文件夹）",), 2, DOCX),
    Case("files", "settings file is a FIFO", fifo("reportgen.yaml"), (r"reportgen\.yaml: 这不是普通文件（而是命名管道（FIFO））",), 2, CHECK),
    Case("files", "settings file is a folder", folder("reportgen.yaml"), (r"reportgen\.yaml: 这不是普通文件（而是文件夹）",), 2, DOCX),
    Case("files", "new-year: data file is a FIFO", fifo("data/2023/附件.yaml"), (r"附件\.yaml: 这不是普通文件",), 2, NEW_YEAR),
    Case("files", "import: data file is a folder", both(folder("data/2023/附件.yaml"), workbook()), (r"附件\.yaml: 这不是普通文件（而是文件夹）",),
         2, IMPORT),
    Case("files", "font file is a FIFO", both(fifo("fonts/仿宋.ttf"), write("reportgen.yaml", "字体: {仿宋: [仿宋]}\n")), (), 0, PDF,
         output="published"),
    Case("files", "300-character 字体目录", write("reportgen.yaml", f"字体目录: {'字' * 300}\n"),
         (r"reportgen\.yaml:1:\d+: 「字体目录」不是可用的文件夹路径",), 2, DOCX),
    Case("files", "unit name too long for a file name", long_unit_name, (r"完成：1 个文件",), 0, DOCX, output="added", name=r"…"),
    Case("files", "1e-1000000 as an amount", replace(BUDGET, ROW, '"2010350": {基本支出: 1e-1000000}'),
         (r"决算\.yaml:28:15: 「基本支出」以万元为单位时最多六位小数",), 2, DOCX),
    Case("files", "1e-1000000 as an actual value", replace(PERF, '实际值: "3%"', "实际值: 1e-1000000"),
         (r"绩效\.yaml:18:\d+: 指标「交易项目节约率」",), 2, DOCX),
    Case("files", "1e+1000000 as an amount", replace(BUDGET, ROW, '"2010350": {基本支出: 1e+1000000}'), (r"决算\.yaml:28:15: 「基本支出」数值过大",),
         2, DOCX),
    Case("files", "disk full while rendering", disk_full, (r"生成决算 DOCX 时写入临时文件失败：磁盘空间不足。已有的输出文件保持不变",), 1, DOCX),
    Case("files", "manifest cannot be written after publishing", manifest_fails,  # the DOCX is published, the PDF kept
         (r"报告已生成并发布（恩施土家族苗族自治州公共资源交易中心2023年度部门决算公开\.docx，均为完整的新文件），"
          r"但构建记录 \.reportgen-build\.json 写入失败：磁盘空间不足",), 1, DOCX, output="published"),
    # --- 5. nothing silently lost or corrupted
    Case("nothing lost", "same code quoted and unquoted", replace(BUDGET, ROW, ROW + '\n  2010350: {基本支出: 1}'),
         (r"决算\.yaml:29:3: 键「2010350」在同一层级写了两次（第 28 行和第 29 行",), 2, CHECK),
    Case("nothing lost", "same code as int and string in 收入决算表", replace(BUDGET, '  "2010350": {财政拨款收入: 309.78}',
                                                                           '  2010350: {财政拨款收入: 300}\n  "2010350": {财政拨款收入: 309.78}'),
         (r"决算\.yaml:14:3: 键「2010350」在同一层级写了两次（第 13 行和第 14 行",), 2, DOCX),
    Case("nothing lost", "tiers not descending", write("reportgen.yaml", "样式: {定性档次下限: [50, 80]}\n"),
         (r"reportgen\.yaml:1:\d+: 「定性档次下限」应为两个从大到小.*实际为 \[50, 80\]",), 2, CHECK),
    Case("nothing lost", "tiers out of range", write("reportgen.yaml", "样式: {定性档次下限: [150, 50]}\n"),
         (r"「定性档次下限」应为两个从大到小",), 2, DOCX),
    Case("nothing lost", "font file name with parentheses", own_font("仿宋_GB2312 (1)"), (), 0, PDF, output="published"),
    Case("nothing lost", "font file name with PDF delimiters", own_font("仿宋[x]<y>%#"), (), 0, PDF, output="published"),
    # --- 6. messages safe to print
    Case("messages", "escape sequences in a key", replace(BUDGET, ROW, f'"2010350{ESC}": {{基本支出: 309.78}}'),
         (r"「2010350<U\+001B>\[2J<U\+001B>\]0;pwned<U\+0007>」",), 2, CHECK),
    Case("messages", "escape sequences in a value", replace(BUDGET, ROW, f'"2010350": {{基本支出: "{ESC}"}}'),
         (r'「基本支出」应为金额（数字），实际为 "<U\+001B>\[2J',), 2, DOCX),
    Case("messages", "markup and escapes in a 科目 name shown in the check table",
         replace(BUDGET, '  "2010350": {财政拨款收入: 309.78}', f'  "2010350": {{财政拨款收入: 309.78, 名称: "[/][bold]甲{ESC}"}}'),
         (r"检查通过",), 0, CHECK),
    Case("messages", "bidi override in a name", replace(BUDGET, ROW, '"2010350": {基本支出: 309.78, 名称: "\\u202e甲乙"}'),
         (r"检查通过",), 0, CHECK),
]

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]")


@pytest.fixture
def alarm() -> Iterator[None]:
    """A case that hangs fails after SECONDS instead of blocking the suite."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {SECONDS} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_every_family_is_there() -> None:
    families = Counter(c.family for c in CASES)
    assert set(families) == {"templates", "yaml limits", "excel limits", "excel content", "files", "nothing lost", "messages"}
    assert len({c.id for c in CASES}) == len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alarm: None, case: Case) -> None:
    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "output" / "2023").mkdir(parents=True)
    (ws / "output" / "2023" / PREVIOUS).write_bytes(b"%PDF-1.7\n% the previous build's file\n")
    case.setup(ws, monkeypatch)
    output, data = snapshot(ws / "output"), snapshot_data(ws)
    result = run(*[a.replace("{ws}", str(ws)) for a in case.command], "-w", str(ws))
    shown = result.stdout + result.stderr
    assert result.exit_code == case.exit, shown
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in shown and "内部错误" not in shown, shown
    assert not RAW_CONTROL.search(shown), repr(shown)
    for pattern in case.patterns:
        assert re.search(pattern, shown), f"{pattern!r} not in:\n{shown}"
    if not case.data_changes:
        assert snapshot_data(ws) == data
    after = snapshot(ws / "output")
    if case.output == "kept":
        assert after == output
    else:
        assert not [n for n in after if n.endswith((".partial", ".previous"))]
        if case.output == "added":  # the previous PDF untouched by a DOCX build, the new file beside it
            assert after[f"2023/{PREVIOUS}"] == output[f"2023/{PREVIOUS}"]
            assert len(after) > len(output)
    assert all(len(Path(n).name.encode()) <= 255 for n in after)
    if case.name:
        assert [n for n in after if n not in output and re.search(case.name, n)], list(after)
    if "PDF" in " ".join(case.command).upper() and case.exit == 0:
        from reportgen.outputs import pdf_problem

        pdfs = [ws / "output" / n for n in after if n.endswith(".pdf") and after[n] != output.get(n)]
        assert pdfs and all(pdf_problem(p) is None for p in pdfs)


def snapshot_data(ws: Path) -> dict[str, bytes]:
    """Every regular file of data/ (FIFOs and devices a case planted are not read)."""
    return {str(p.relative_to(ws)): p.read_bytes() for p in sorted((ws / "data").rglob("*"))
            if p.is_file() and not p.is_symlink()}


def test_file_size_limit_while_rendering(tmp_path: Path) -> None:
    """A real RLIMIT_FSIZE (ulimit -f) smaller than the report: a clean error, not a kill by
    SIGXFSZ, and the previous output as it was."""
    import resource
    import subprocess
    import sys

    ws = copy_workspace(ENSHI, tmp_path / "ws")
    (ws / "output" / "2023").mkdir(parents=True)
    (ws / "output" / "2023" / PREVIOUS).write_bytes(b"%PDF-1.7\n% the previous build's file\n")
    before = snapshot(ws / "output")
    limit = 64 * 1024  # the 决算 DOCX is some 150 KB

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-c", "from reportgen.cli import main; main()", *DOCX, "--force", "-w", str(ws)],
                          capture_output=True, text=True, timeout=SECONDS, preexec_fn=limited, env={**os.environ, "REPORTGEN_CACHE": str(tmp_path / "c")})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr
    assert re.search(r"(写入临时文件失败|写入输出文件失败)：文件超过系统允许的大小", done.stderr), done.stderr
    assert snapshot(ws / "output") == before


def test_an_altered_cache_entry_is_a_miss(tmp_path: Path) -> None:
    """Each parsed-file entry swapped with another's, one also truncated: check still reads
    every file for what it is (never another file's or another unit's data)."""
    from reportgen import cache

    ws = copy_workspace(ENSHI, tmp_path / "ws")
    first = run("check", "2023", "-w", str(ws))
    entries = sorted(cache.folder("parsed").iterdir())
    assert len(entries) >= 2
    contents = [p.read_bytes() for p in entries]
    for path, data in zip(entries, contents[1:] + contents[:1]):
        path.write_bytes(data)
    entries[0].write_bytes(entries[0].read_bytes()[:-10])
    again = run("check", "2023", "-w", str(ws))
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)

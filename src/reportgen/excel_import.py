"""`reportgen import`: read the 决算 tables exported by the 部门决算 software into YAML.

Four steps, each a few small functions:

1. read the workbook (openpyxl for .xlsx, python-calamine for .xls) into neutral `Sheet`s:
   cell values and merged ranges, nothing else;
2. find each sheet's table (its title as any built-in profile prints it, or its 公开NN表 label
   as the workspace's profile numbers its tables), its unit (单位：万元, 百元 or 元), its header
   rows and data rows, and label every column by joining the header cells above it;
3. map rows (by 科目代码 or row label) and columns (by header text) to data keys — leaf
   figures only, plus any 类/款/合计 figure that differs from the sum of its leaves (a rounding
   difference of the 万元 export), so that the report prints what the official table prints;
4. merge the figures into the ruamel documents of data/<year>/ (comments, key order and
   every other section kept), validate the result with the schema, and write atomically.

Nothing is written when the workbook cannot be read, when a sheet cannot be converted, or when
the merged data would not pass the schema. Every cell that could not be placed is reported
as a Chinese warning naming sheet and cell (e.g. 支出决算表!A12).
"""

from __future__ import annotations

import io
import math
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from . import catalogue, files, load
from .load import UNIT_KEY, refusal, round_trip_yaml
from .errors import DataError, Problem, Source, errors_only
from .numbers import WAN, YUAN
from .write import write_text_atomic
from .schema import (CODE_TABLES, FUND_TYPES, INCOME_COLUMNS, THREE_ITEMS, CapitalRow, EconomicRow, ExpenseRow,
                     FundRow, GeneralBudgetRow, IncomeRow, YearData)
from .schema_walk import field_by_alias, leaf_kind, nested_model, parents

TAIL = Decimal("0.005")  # half a unit of the 万元 export's last decimal
DEFAULT_FILE = "决算.yaml"

# ====================================================================== 1. reading workbooks

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Limits on a workbook, far above what the 部门决算 software exports (nine sheets, some
#: hundred rows; 40,000 项 rows is some 10 MB of sheet XML): a hostile or broken file is
#: refused before it can exhaust time or memory.
MAX_BYTES = 50 * 1024 * 1024
MAX_INFLATED = 200 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLS = 200
MAX_MERGED_ROWS = 1_000_000  # rows covered by merged ranges, summed over the ranges


class SheetTooLarge(Exception):
    """A sheet reaches beyond MAX_ROWS x MAX_COLS; `cell` is its farthest cell."""

    def __init__(self, sheet: str, cell: str):
        super().__init__(sheet, cell)
        self.sheet, self.cell = sheet, cell


@dataclass
class Sheet:
    """One worksheet as plain values (str, int, float or None) and merged ranges (0-based, inclusive)."""

    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Formula cells saved without their computed value (r, c), which read as empty.
    uncached: list[tuple[int, int]] = field(default_factory=list)

    @cached_property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    @cached_property
    def _merges_by_row(self) -> dict[int, list[tuple[int, int, int, int]]]:
        by_row: dict[int, list[tuple[int, int, int, int]]] = {}
        for m in self.merges:
            for r in range(m[0], min(m[2], len(self.rows) - 1) + 1):
                by_row.setdefault(r, []).append(m)
        return by_row

    def raw(self, r: int, c: int) -> Any:
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def merge_at(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        return next((m for m in self._merges_by_row.get(r, ()) if m[1] <= c <= m[3]), None)

    def value(self, r: int, c: int) -> Any:
        """The cell's value; a cell covered by a merged range shows the range's value."""
        m = self.merge_at(r, c)
        return self.raw(m[0], m[1]) if m else self.raw(r, c)

    def text(self, r: int, c: int) -> str:
        return norm(self.value(r, c))


def clean(value: Any) -> Any:
    """Excel cell value -> str (stripped, '' -> None), int/float, or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    text = str(value).replace("\u3000", " ").strip()
    return text or None


def _rows(values: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Cleaned rows, each without its empty tail (a sheet padded to a wide range costs nothing)."""
    rows = []
    for row in values:
        cells = [clean(v) for v in row] if any(v is not None for v in row) else []
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _check_size(name: str, height: int, width: int) -> None:
    if height > MAX_ROWS or width > MAX_COLS:
        raise SheetTooLarge(name, cell_name(max(height, 1) - 1, max(width, 1) - 1))


def read_workbook(path: Path) -> list[Sheet]:
    """Read every sheet of an .xlsx or .xls file, whichever its name says: the reader is chosen
    by the file's first bytes. A file that is not one, or too large, is a DataError."""
    name = path.name
    try:
        head = files.head(path, 8)
    except files.NotAFile as exc:
        raise DataError([Problem(f"这不是普通文件（而是{exc.kind}），无法导入。", Source(name))]) from None
    except OSError as exc:
        raise DataError([Problem(f"无法打开文件：{exc.strerror}。请检查文件名和路径。", Source(str(path)))]) from None
    if head.startswith(XLSX_MAGIC):
        reader: Callable[[Path], list[Sheet]] = _read_xlsx
    elif head.startswith(XLS_MAGIC):
        reader = _read_xls
    else:
        raise DataError([Problem(
            "不是 Excel 文件（.xlsx 或 .xls），无法导入。请从部门决算软件重新导出，"
            "或用 Excel、WPS 打开后“另存为” .xlsx 再试。", Source(name))])
    try:
        return reader(path)
    except files.TooLarge as exc:
        raise DataError([Problem(
            f"Excel 文件过大（{exc.size / 1024 / 1024:.0f} MB 或解压后过大），超过导入的上限（文件 {MAX_BYTES // 1024 // 1024} MB，"
            f"解压后 {MAX_INFLATED // 1024 // 1024} MB）。部门决算软件导出的公开表只有几百 KB，请检查是否选错了文件。", Source(name))]) from None
    except SheetTooLarge as exc:
        raise DataError([Problem(
            f"工作表「{exc.sheet}」的范围一直到 {exc.cell}，超过导入的上限（{MAX_ROWS} 行、{MAX_COLS} 列）。"
            "可能是远处的单元格中有内容或格式；请删除多余的行列后另存再导入。", Source(f"{name}:{exc.sheet}"))]) from None
    except MemoryError:
        raise DataError([Problem("Excel 文件内容过多，读取时内存不足。请删除多余的工作表、行列后另存再导入。", Source(name))]) from None
    except Exception as exc:  # noqa: BLE001 - any reader failure means a damaged file
        raise DataError([Problem(
            f"Excel 文件已损坏或不完整，无法读取（{type(exc).__name__}）。"
            "请重新导出或重新下载该文件后再试。", Source(name))]) from None


def _read_xlsx(path: Path) -> list[Sheet]:
    import openpyxl

    files.check_zip(path, MAX_BYTES, MAX_INFLATED)
    # Opened as a file, not by name: openpyxl refuses a name that does not end in .xlsx.
    with files.open_regular(path) as fh:
        book = openpyxl.load_workbook(fh, data_only=True)
    formulas = None
    if _has_formulas(path):
        with files.open_regular(path) as fh:
            formulas = openpyxl.load_workbook(fh, data_only=False)
    sheets = []
    for ws in book.worksheets:
        # The extent of the cells actually stored (the file's own dimension may say anything).
        _check_size(ws.title, ws.max_row, ws.max_column)
        rows = _rows(ws.iter_rows(values_only=True))
        merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
        uncached = []
        if formulas is not None:
            uncached = [(cell.row - 1, cell.column - 1) for row in formulas[ws.title].iter_rows() for cell in row
                        if cell.data_type == "f" and ws.cell(cell.row, cell.column).value is None]
        sheets.append(_bounded(Sheet(ws.title, rows, merges, uncached)))
    return sheets


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet part holds a formula (<f>), read a chunk at a time."""
    with files.open_regular(path) as fh, zipfile.ZipFile(fh) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                with archive.open(member) as part:
                    tail = b""
                    for chunk in iter(lambda: part.read(files.CHUNK), b""):
                        if re.search(rb"<(\w+:)?f[ >/]", tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False


def _bounded(sheet: Sheet) -> Sheet:
    if sum(min(m[2], MAX_ROWS) - m[0] + 1 for m in sheet.merges) > MAX_MERGED_ROWS:
        raise SheetTooLarge(sheet.name, cell_name(max(m[2] for m in sheet.merges), max(m[3] for m in sheet.merges)))
    return sheet


def _read_xls(path: Path) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    if files.size_of(path) > MAX_BYTES:
        raise files.TooLarge(path, files.size_of(path))
    with files.open_regular(path) as fh:  # by content: from_path would choose the reader by the name
        book = CalamineWorkbook.from_filelike(fh)
    sheets = []
    for name in book.sheet_names:
        sh = book.get_sheet_by_name(name)
        _check_size(name, sh.height, sh.width)
        rows = _rows(sh.to_python(skip_empty_area=False))
        merges = []
        for rng in getattr(sh, "merged_cell_ranges", None) or []:  # older versions: none
            (r1, c1), (r2, c2) = rng
            merges.append((r1, c1, r2, c2))
        sheets.append(_bounded(Sheet(name, rows, merges)))
    return sheets


# ====================================================================== 2. layout of a sheet

LABEL_RE = re.compile(r"公开\s*([0-9]{1,2})\s*表")
UNIT_RE = re.compile(r"单位[:：]\s*(万元|百元|元)")
META_RE = re.compile(r"^(部门[:：]|单位[:：]|公开\s*\d{1,2}\s*表|\d{4}\s*年度?$)")
HEADER_WORDS = {"项目", "科目代码", "科目名称", "收入", "支出", "预算数", "决算数", "年初预算数", "全年预算数"}
CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}$")
ECON_CODE_RE = re.compile(r"^\d{3}(\d{2})?$")
NUMBERING_RE = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")
SCAN_ROWS = 8


def norm(value: Any) -> str:
    """Text for matching: no spaces, full-width parentheses, no quotes."""
    if value is None:
        return ""
    text = str(value) if not isinstance(value, float) else repr(value)
    text = re.sub(r"\s+", "", text.replace("\u3000", " "))
    text = text.replace("(", "（").replace(")", "）")
    return re.sub("[“”\"‘’']", "", text)


def cell_name(r: int, c: int) -> str:
    """0-based (row, column) -> Excel address such as B12."""
    letters, n = "", c + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{r + 1}"


@dataclass(frozen=True)
class TableNames:
    """The data name (a profile's 表格 → 数据) each table title and each 公开NN label stands for."""

    titles: dict[str, str]  # normalised title -> data name
    labels: dict[str, str]  # 公开05 -> data name


def table_names(root: Path) -> TableNames:
    """Titles as any built-in profile prints them (a title means the same table everywhere), and
    the workspace's own; labels as the workspace's profile numbers its tables, then as the
    national tables do (regions number their tables differently: 四川's 公开05 is not the
    national one). A workspace whose settings cannot be read gets the built-in names."""
    from .profile import DEFAULT, builtin_tables, load_profile
    from .settings import load_settings

    builtin = {name: [(t["编号"], t["标题"], t["数据"]) for t in tables.values()] for name, tables in builtin_tables().items()}
    own = load_settings(root)[0].profile
    profile, _ = load_profile(own, root)
    own_tables = ([(t.number, t.title, t.data) for t in profile.settings.tables.values()] if profile
                  else builtin.get(own, []))
    titles = {norm(title): data for tables in builtin.values() for _, title, data in tables}
    labels: dict[str, str] = {}
    for number, title, data in builtin[DEFAULT] + own_tables:
        titles[norm(title)] = data
        m = re.fullmatch(r"公开\s*([0-9]{1,2})", number)
        if m:  # the workspace's own come last: its numbering wins
            labels[f"公开{int(m.group(1)):02d}"] = data
    return TableNames(titles, labels)


def identify(sheet: Sheet, names: TableNames) -> str | None:
    """The data name of the table the sheet holds: by its title (as printed, or after a prefix
    such as the year), else by its 公开NN表 label."""
    texts = [sheet.text(r, c) for r in range(min(SCAN_ROWS, len(sheet.rows))) for c in range(sheet.width)]
    texts = [t for t in texts if t and not t.startswith(("注", "说明"))]
    for t in texts:
        if t in names.titles:
            return names.titles[t]
    for t in texts:
        ending = max((title for title in names.titles if t.endswith(title)), key=len, default=None)
        if ending:
            return names.titles[ending]
    for t in texts:
        m = LABEL_RE.search(t)
        if m and f"公开{int(m.group(1)):02d}" in names.labels:
            return names.labels[f"公开{int(m.group(1)):02d}"]
    return None


def sheet_unit(sheet: Sheet) -> str | None:
    for r in range(min(SCAN_ROWS, len(sheet.rows))):
        for c in range(sheet.width):
            m = UNIT_RE.search(sheet.text(r, c))
            if m:
                return m.group(1)
    return None


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_column_numbers(sheet: Sheet, r: int) -> bool:
    """The 栏次 row: labelled 栏次, or numbered 1, 2, 3 … (numbers or text) with nothing else."""
    cells = [sheet.value(r, c) for c in range(sheet.width)]
    if any(norm(v) == "栏次" for v in cells):
        return True
    values = [float(v) if is_number(v) else float(norm(v)) if re.fullmatch("[0-9]+", norm(v)) else None
              for v in cells if v is not None]
    return len(values) >= 2 and all(v == i for i, v in enumerate(values, 1))


def holds_levels(sheet: Sheet, r: int) -> bool:
    """Whether row r heads 科目代码 parts: a cell 类, 款 or 项."""
    return any(sheet.text(r, c) in LEVELS for c in range(sheet.width))


def looks_like_data(sheet: Sheet, r: int) -> bool:
    for c in range(sheet.width):
        v = sheet.value(r, c)
        if is_number(v) or CODE_RE.match(norm(v)):
            return True
    return False


def is_note(sheet: Sheet, r: int) -> bool:
    first = next((sheet.text(r, c) for c in range(sheet.width) if sheet.text(r, c)), "")
    return first.startswith(("注：", "注:", "说明：", "说明:"))


@dataclass
class Layout:
    """Where a table's header and data are, and each column's header parts."""

    header: list[int]
    data: list[int]
    labels: list[list[str]]  # per column: the non-empty header texts from top to bottom

    def label(self, c: int) -> str:
        return "".join(self.labels[c]) if c < len(self.labels) else ""

    def last(self, c: int) -> str:
        return self.labels[c][-1] if c < len(self.labels) and self.labels[c] else ""

    def first(self, c: int) -> str:
        return self.labels[c][0] if c < len(self.labels) and self.labels[c] else ""


def locate(sheet: Sheet) -> Layout | None:
    """Header rows (from the first row with a header word to the 栏次 row) and data rows."""
    start = next((r for r in range(len(sheet.rows))
                  if any(sheet.text(r, c) in HEADER_WORDS for c in range(sheet.width))), None)
    if start is None:
        return None
    header_end, data_start = len(sheet.rows), len(sheet.rows)
    for r in range(start + 1, len(sheet.rows)):
        if is_column_numbers(sheet, r):
            # 类 | 款 | 项 | 栏次 | 1 | 2 …: the 科目代码's parts are headed on the 栏次 row itself.
            header_end, data_start = (r + 1 if holds_levels(sheet, r) else r), r + 1
            break
        if looks_like_data(sheet, r):
            header_end, data_start = r, r
            break
    header = list(range(start, header_end))
    data = []
    for r in range(data_start, len(sheet.rows)):
        if is_note(sheet, r):
            break
        if not is_column_numbers(sheet, r):
            data.append(r)
    return Layout(header, data, column_labels(sheet, header))


def column_labels(sheet: Sheet, header: list[int]) -> list[list[str]]:
    """Each column's header texts, top to bottom. Merged ranges repeat their text; an empty
    cell outside any merged range continues the cell on its left when both have the same
    header above (files without merge information, such as .xls or hand-made sheets)."""
    width = sheet.width
    grid: list[list[str]] = []
    for i, r in enumerate(header):
        numbers = is_column_numbers(sheet, r)  # a 栏次 row heading 类/款/项 (see `locate`)
        row: list[str] = []
        for c in range(width):
            text = sheet.text(r, c)
            if META_RE.match(text) or UNIT_RE.search(text) or (numbers and (text == "栏次" or text.isdigit())):
                text = ""
            if not text and c > 0 and not numbers and sheet.merge_at(r, c) is None:
                above = [grid[j][c] for j in range(i)]
                left_above = [grid[j][c - 1] for j in range(i)]
                if above == left_above:
                    text = row[c - 1]
            row.append(text)
        grid.append(row)
    labels = []
    for c in range(width):
        parts: list[str] = []
        for row in grid:
            if row[c] and (not parts or parts[-1] != row[c]):
                parts.append(row[c])
        labels.append(parts)
    return labels


# ====================================================================== 3. mapping to data keys

@dataclass(frozen=True)
class Amount:
    """A figure as read: value in the sheet's unit, and the cell it came from."""

    value: Decimal
    unit: str  # 万元, 百元 or 元
    where: str  # 支出决算表!C12

    def wan(self) -> Decimal:
        return self.value if self.unit == "万元" else self.value * YUAN[self.unit] / WAN


@dataclass
class Imported:
    """What the workbook gives, per section: the figures to write and the keys it replaces."""

    #: section -> path inside the section -> Amount (or str for 名称)
    values: dict[str, dict[tuple[str, ...], Amount | str]] = field(default_factory=dict)
    #: section -> key paths the sheet is authoritative for (cleared before writing)
    covered: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    #: 科目-keyed sections: rows are updated in place, rows the sheet lacks lose their figures
    replace_rows: dict[str, bool] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def put(self, section: str, path: tuple[str, ...], value: Amount | str) -> None:
        self.values.setdefault(section, {})[path] = value

    def cover(self, section: str, paths: Iterable[tuple[str, ...]]) -> None:
        self.covered.setdefault(section, set()).update(paths)


class Context:
    """One sheet being read: the table it holds, its unit and layout, and where to report."""

    def __init__(self, book: str, sheet: Sheet, kind: "Kind", unit: str, layout: Layout, out: Imported):
        self.book, self.sheet, self.kind, self.unit, self.layout, self.out = book, sheet, kind, unit, layout, out

    def where(self, r: int, c: int) -> str:
        return f"{self.sheet.name}!{cell_name(r, c)}"

    def warn(self, r: int | None, c: int | None, message: str) -> None:
        self.warn_at(self.where(r, c) if r is not None and c is not None else self.sheet.name, message)

    def warn_at(self, place: str, message: str) -> None:
        """A reminder located at `place` (工作表!单元格, as `where` writes it)."""
        self.out.warnings.append(Problem(message, Source(f"{self.book}:{place}"), "warning"))

    def amount(self, r: int, c: int) -> Amount | None:
        """The figure in a cell; empty, 0, “-” and “—” are no figure."""
        v = self.sheet.value(r, c)
        if v is None:
            return None
        if is_number(v):
            if not math.isfinite(float(v)):
                self.warn(r, c, f"单元格的值不是有限的数字（{v}），已忽略。请在 Excel 中核对该格。")
                return None
            d = Decimal(str(round(float(v), 2)))
        else:
            text = norm(v).replace(",", "").replace("，", "")
            if text in ("-", "—", "－", "——", "/"):
                return None
            try:
                d = Decimal(text)
                if not d.is_finite():
                    raise ArithmeticError(text)
            except ArithmeticError:
                self.warn(r, c, f"单元格内容「{v}」不是数字，已忽略。")
                return None
            d = d.quantize(Decimal("0.01")) if d.as_tuple().exponent < -2 else d  # type: ignore[operator]
        if d == 0:
            return None
        if d < 0:
            self.warn(r, c, f"金额 {d} 为负数，数据格式不允许负数，已忽略。请核对原表。")
            return None
        return Amount(d, self.unit, self.where(r, c))


def amount_fields(model: type) -> list[str]:
    """The amount keys of a row model, in schema order (not 名称 or 差异原因)."""
    return [f.alias for f in model.model_fields.values() if f.alias and leaf_kind(f.annotation) == "amount"]


VALUE = "决算数"  # the one figure of a row in tables without columns (the data holds code: figure)
NOT_ROLLED_UP = {"年初预算"}  # 公开05's 年初预算 is per 末级科目 and 合计 only, never per 类/款


def match_key(label: str, keys: list[str]) -> str | None:
    """The data key a column label names: exact, or the label ends with the key (+数)."""
    if not label:
        return None
    for key in sorted(keys, key=len, reverse=True):
        if label == key or label.endswith(key) or label.endswith(key + "数"):
            return key
    return None


def is_derived(label: str) -> bool:
    return label.endswith(("合计", "小计", "总计"))


@dataclass
class CodeRowRead:
    code: str
    name: str
    row: int
    values: dict[str, Amount]
    col: int = 0


def read_code_table(ctx: Context) -> None:
    """Tables keyed by 科目代码 (公开02/03/05/07/08, and those by 经济分类): rows by code, columns
    by header text."""
    section = ctx.kind.section
    keys = amount_fields(ctx.kind.model) if ctx.kind.model else [VALUE]
    lay, sheet = ctx.layout, ctx.sheet
    split = split_code_columns(ctx)
    code_col = split[0] if split else next(
        (c for c in range(sheet.width) if "科目代码" in lay.labels[c] or lay.last(c).endswith("编码")), 0)
    name_col = next((c for c in range(sheet.width) if "科目名称" in lay.labels[c]), (split or [code_col])[-1] + 1)
    columns = figure_columns(ctx, keys, skip={*(split or [code_col]), name_col})
    rows, total = code_rows(ctx, split or [code_col], name_col, columns)
    ctx.out.cover(section, [(k,) for k in columns.values()])
    ctx.out.replace_rows[section] = True
    book = catalogue.economic() if ctx.kind.economic else catalogue.functional()
    rolled = [k for k in columns.values() if k not in NOT_ROLLED_UP]
    leaves = place_tree(ctx, section, rows, total, rolled, book)
    for r in rows:
        for key in columns.values():
            if key in NOT_ROLLED_UP and key in r.values and r.code in leaves:
                ctx.out.put(section, row_path(ctx, r.code, key), r.values[key])
    # The 合计 row's 年初预算 is written, like any typed total, where it differs from its items'.
    budget_keys = [k for k in columns.values() if k in NOT_ROLLED_UP]
    if total is not None and budget_keys and compare(ctx, "合计", total, [r for r in rows if r.code in leaves], budget_keys):
        write_row(ctx, section, total, budget_keys)


def figure_columns(ctx: Context, keys: list[str], skip: set[int]) -> dict[int, str]:
    """Column index -> data key; unknown columns holding figures are reported."""
    lay, sheet = ctx.layout, ctx.sheet
    found: dict[int, str] = {}
    for c in range(sheet.width):
        if c in skip:
            continue
        label = lay.label(c)
        key = match_key(label, keys)
        has_data = any(sheet.value(r, c) is not None for r in lay.data)
        if key is None:
            if has_data and not is_derived(label) and label not in ("项目", "科目名称", "科目代码"):
                ctx.warn(lay.header[0] if lay.header else 0, c,
                         f"列标题「{label or '（空）'}」对应不到任何数据键，该列未导入。")
            continue
        if key in found.values():
            if has_data:
                ctx.warn(lay.header[0] if lay.header else 0, c, f"列「{label}」与前面的列重复对应「{key}」，该列未导入。")
            continue
        found[c] = key
    return found


LEVELS = ("类", "款", "项")
PART_WIDTHS = (3, 2, 2)  # digits each level adds to a 科目代码


def split_code_columns(ctx: Context) -> list[int] | None:
    """Columns headed 类, 款 (and 项) side by side, when the sheet prints the code in parts."""
    lay = ctx.layout
    for c in range(ctx.sheet.width - 1):
        found = [c + i for i, level in enumerate(LEVELS) if lay.last(c + i) == level]
        if len(found) >= 2 and found == list(range(c, c + len(found))):
            return found
    return None


def joined_code(texts: list[str], above: list[str]) -> str:
    """A 科目代码 from its 类/款/项 cells: each cell holds its part (201 | 03 | 01) or the whole
    code so far (201 | 20103 | 2010301); a part left blank is the one of the rows above (a 款 row
    printing only its 款). `above` is updated for the next row."""
    parts: list[str] = []
    deepest = max((i for i, t in enumerate(texts) if t), default=-1)
    for i in range(deepest + 1):
        t = texts[i]
        if t.isdigit() and len(t) == sum(PART_WIDTHS[:i + 1]):
            parts = [t[sum(PART_WIDTHS[:k]):sum(PART_WIDTHS[:k + 1])] for k in range(i + 1)]
        elif t:
            parts.append(t.zfill(PART_WIDTHS[i]) if t.isdigit() else t)
        else:
            parts.append(above[i] if i < len(above) else "")
    above[:] = parts
    return "".join(parts)


def code_rows(ctx: Context, code_cols: list[int], name_col: int, columns: dict[int, str]) -> tuple[list[CodeRowRead], CodeRowRead | None]:
    """The rows with a code, and the 合计 row; the code is read from one column or from 类/款/项 columns."""
    rows: list[CodeRowRead] = []
    total: CodeRowRead | None = None
    seen: set[str] = set()
    above: list[str] = []
    code_col = code_cols[0]
    pattern, what = (ECON_CODE_RE, "3 或 5 位经济分类") if ctx.kind.economic else (CODE_RE, "3、5 或 7 位")
    for r in ctx.layout.data:
        texts = [code_text(ctx.sheet.value(r, c)) for c in code_cols]
        name = str(ctx.sheet.value(r, name_col) or "").strip()
        values = {key: a for c, key in columns.items() if (a := ctx.amount(r, c)) is not None}
        if {"合计", "总计"} & {*texts, norm(name)} and not any(t.isdigit() for t in texts):
            total = CodeRowRead("合计", "合计", r, values, code_col)
            continue
        code = joined_code(texts, above) if len(code_cols) > 1 else texts[0]
        if not pattern.match(code):
            if values:
                shown = code or name or "（空）"
                ctx.warn(r, code_col, f"「{shown}」不是 {what}科目代码，该行未导入。")
            continue
        if code in seen:
            ctx.warn(r, code_col, f"科目代码 {code} 重复出现，只导入第一行。")
            continue
        seen.add(code)
        rows.append(CodeRowRead(code, name, r, values, code_col))
    return rows, total


def code_text(value: Any) -> str:
    if is_number(value) and float(value).is_integer():
        return str(int(value))
    return norm(value)


def leaves_of(rows: list[CodeRowRead]) -> list[CodeRowRead]:
    """The rows no other row's code extends (项, or a 类/款 without rows below it)."""
    inner = parents(r.code for r in rows)
    return [r for r in rows if r.code not in inner]


def place_tree(ctx: Context, section: str, rows: list[CodeRowRead], total: CodeRowRead | None,
               keys: list[str], book: dict[str, Any]) -> set[str]:
    """Write the leaves; write a 类/款 or 合计 row only where it differs from the sum of its
    leaves (or has a code the catalogue lacks, which needs its 名称), so that the report
    prints the sheet's figure. Returns the leaf codes placed."""
    leaves = leaves_of(rows)
    leaf_codes = {r.code for r in leaves}
    under: dict[str, list[CodeRowRead]] = {}
    for leaf in leaves:
        for n in (3, 5):
            if n < len(leaf.code):
                under.setdefault(leaf.code[:n], []).append(leaf)
    placed: set[str] = set()
    named = ctx.kind.model is not None and "名称" in key_order(section, ())
    for r in rows:
        known = r.code in book
        if not known and not named:
            if r.values:
                ctx.warn(r.row, r.col, f"科目代码 {r.code} 不在内置科目表中，该行未导入（本表不能填写名称）。请核对代码。")
            continue
        if not known:
            if not r.name:
                ctx.warn(r.row, r.col, f"科目代码 {r.code} 不在内置科目表中，且没有科目名称，该行未导入。")
                continue
            ctx.warn(r.row, r.col, f"科目代码 {r.code} 不在内置科目表中，已连同名称「{r.name}」导入。请核对代码。")
        if r.code in leaf_codes:
            if r.values:
                write_row(ctx, section, r, keys, with_name=not known)
                placed.add(r.code)
            continue
        if compare(ctx, f"{r.code} {r.name}", r, under.get(r.code, []), keys) or not known:
            write_row(ctx, section, r, keys, with_name=not known)
    if total is not None:
        classes = [r for r in rows if len(r.code) == 3] or leaves
        if compare(ctx, "合计", total, classes, keys):
            write_row(ctx, section, total, keys)
    return placed


def compare(ctx: Context, label: str, row: CodeRowRead, parts: list[CodeRowRead], keys: list[str]) -> bool:
    """Does a subtotal row differ from the sum of its parts? Differences over 0.005 万元 are reported."""
    differs = False
    for key in keys:
        typed = row.values[key].wan() if key in row.values else Decimal(0)
        summed = sum((p.values[key].wan() for p in parts if key in p.values), Decimal(0))
        if typed == summed:
            continue
        differs = True
        diff = abs(typed - summed)
        column = "决算数" if key == "value" else key
        if diff > TAIL or ctx.unit != "万元":
            allowed = TAIL * (len(parts) + 1) if ctx.unit == "万元" else Decimal(0)
            verdict = ("在四舍五入允许范围内，已按表中数写入该行，报告将与原表一致" if diff <= allowed
                       else "超出尾数误差允许范围，已按表中数写入，reportgen check 会报错，请核对原表")
            # At the cell of the figure, when the row has one (else the row's code).
            at = row.values[key].where if key in row.values else ctx.where(row.row, row.col)
            ctx.warn_at(at, f"「{label}」的「{column}」为 {fmt_wan(typed)} 万元，下级各行之和为 {fmt_wan(summed)} 万元，"
                            f"相差 {fmt_wan(diff)} 万元，{verdict}。")
    return differs


def row_path(ctx: Context, code: str, key: str) -> tuple[str, ...]:
    """Where a row's figure goes: under its key, or the row itself in tables of one figure per code."""
    return (code, key) if ctx.kind.model is not None else (code,)


def write_row(ctx: Context, section: str, row: CodeRowRead, keys: list[str], with_name: bool = False) -> None:
    if with_name and row.name:
        ctx.out.put(section, (row.code, "名称"), row.name)
    for key in keys:
        if key in row.values:
            ctx.out.put(section, row_path(ctx, row.code, key), row.values[key])


def fmt_wan(value: Decimal) -> str:
    return format(value.normalize(), "f")


# ---------------------------------------------------------------- 公开06

DETAIL = "一般公共预算财政拨款基本支出决算明细表"
DETAIL_TOTALS = CODE_TABLES[DETAIL]


def read_detail_table(ctx: Context) -> None:
    """公开06: groups of (科目代码, 科目名称, 决算数) side by side; 人员经费合计 and 公用经费合计."""
    lay, sheet = ctx.layout, ctx.sheet
    groups = []
    for c in range(sheet.width):
        if lay.last(c).endswith(("科目代码", "编码")):  # 科目代码, 经济分类科目编码
            value_col = next((v for v in range(c + 1, sheet.width) if lay.last(v).endswith(("决算数", "金额"))), None)
            if value_col is not None:
                groups.append((c, c + 1, value_col))
    ctx.out.replace_rows[DETAIL] = True
    ctx.out.cover(DETAIL, [("value",)])
    rows: list[CodeRowRead] = []
    totals: dict[str, CodeRowRead] = {}
    seen: set[str] = set()
    for r in lay.data:
        for code_col, name_col, value_col in groups:
            code = code_text(sheet.value(r, code_col))
            if not code or code in DETAIL_TOTALS:
                continue
            a = ctx.amount(r, value_col)
            if not ECON_CODE_RE.match(code):
                if a is not None:
                    ctx.warn(r, code_col, f"「{code}」不是 3 或 5 位经济分类科目代码，该格未导入。")
                continue
            if code in seen:
                ctx.warn(r, code_col, f"科目代码 {code} 重复出现，只导入第一处。")
                continue
            seen.add(code)
            rows.append(CodeRowRead(code, str(sheet.value(r, name_col) or "").strip(), r, {"value": a} if a else {}, code_col))
        for c in range(sheet.width):
            label = sheet.text(r, c)
            if label in DETAIL_TOTALS and (c == 0 or sheet.text(r, c - 1) != label):
                a = first_amount_right(ctx, r, c)
                totals[label] = CodeRowRead(label, label, r, {"value": a} if a else {}, c)
    place_detail(ctx, rows, totals)


def first_amount_right(ctx: Context, r: int, c: int) -> Amount | None:
    """The first figure right of a label (cells merged with the label skipped)."""
    for x in range(c + 1, ctx.sheet.width):
        v = ctx.sheet.value(r, x)
        if ctx.sheet.text(r, x) == ctx.sheet.text(r, c):
            continue
        if isinstance(v, str) and not re.match(r"^[\d.,\s-]+$", v):
            return None
        a = ctx.amount(r, x)
        if a is not None:
            return a
    return None


def place_detail(ctx: Context, rows: list[CodeRowRead], totals: dict[str, CodeRowRead]) -> None:
    """公开06 as 公开02's tree (款 leaves, 类 only where they differ), then the two totals."""
    book = catalogue.economic()
    for r in rows:
        if r.code not in book and r.values:
            ctx.warn(r.row, r.col, f"经济分类科目代码 {r.code} 不在内置科目表中，该格未导入（公开06表不能填写名称）。请核对代码。")
    known = [r for r in rows if r.code in book]
    leaves = leaves_of(known)
    shown: dict[str, Amount] = {}  # 类 -> the figure the report will print
    for r in known:
        if r in leaves:
            if r.values:
                ctx.out.put(DETAIL, (r.code,), r.values["value"])
                shown[r.code] = r.values["value"]
            continue
        under = [leaf for leaf in leaves if leaf.code.startswith(r.code)]
        if compare(ctx, f"{r.code} {r.name}", r, under, ["value"]) and r.values:
            ctx.out.put(DETAIL, (r.code,), r.values["value"])
            shown[r.code] = r.values["value"]
        else:
            summed = sum((leaf.values["value"].wan() for leaf in under if leaf.values), Decimal(0))
            shown[r.code] = Amount(summed, "万元", "")
    personnel = set(catalogue.personnel_classes())
    for label, inside in (("人员经费合计", True), ("公用经费合计", False)):
        row = totals.get(label)
        if row is None:
            continue
        parts = [CodeRowRead(code, "", 0, {"value": a}) for code, a in shown.items()
                 if len(code) == 3 and (code in personnel) == inside]
        if compare(ctx, label, row, parts, ["value"]) and row.values:
            ctx.out.put(DETAIL, (label,), row.values["value"])


# ---------------------------------------------------------------- 公开01 and 公开04

@dataclass
class Side:
    """One half of a 公开01/04 table: the 项目 column and its figure columns."""

    label_col: int
    value_cols: list[int]


def sides(ctx: Context) -> tuple[Side, Side] | None:
    """The 收入 and 支出 halves, or None (with a warning) when the sheet does not have both."""
    lay, width = ctx.layout, ctx.sheet.width
    starts = [c for c in range(width) if lay.last(c).endswith("项目")]
    if len(starts) < 2:
        ctx.warn(None, None, "未找到“收入”“支出”两侧的“项目”列，本表未导入。")
        return None
    result = []
    for i, start in enumerate(starts[:2]):
        end = starts[i + 1] if i + 1 < len(starts) else width
        cols = [c for c in range(start + 1, end) if lay.labels[c] and not lay.last(c).endswith("行次")]
        result.append(Side(start, cols))
    return result[0], result[1]


def row_label(ctx: Context, r: int, c: int) -> str:
    return NUMBERING_RE.sub("", ctx.sheet.text(r, c))


OVERVIEW = "收入支出决算总表"
OVERVIEW_LEFT = {"本年收入合计": "本年收入合计", "使用非财政拨款结余和专用结余": "使用非财政拨款结余和专用结余",
                 "使用非财政拨款结余": "使用非财政拨款结余和专用结余", "年初结转和结余": "年初结转和结余", "总计": "总计"}
OVERVIEW_RIGHT = {"本年支出合计": "本年支出合计", "结余分配": "结余分配", "年末结转和结余": "年末结转和结余"}
INCOME_LINES = {t + "收入" for t in FUND_TYPES.values()} | {v for k, v in INCOME_COLUMNS.items() if k != "fiscal"}


def class_names() -> set[str]:
    return {e.name for code, e in catalogue.functional().items() if len(code) == 3}


def read_overview(ctx: Context) -> None:
    """公开01: the lines no other table holds (结转结余, 结余分配) and the typed totals."""
    found = sides(ctx)
    if found is None:
        return
    left, right = found
    ctx.out.cover(OVERVIEW, [(k,) for k in (*OVERVIEW_LEFT.values(), *OVERVIEW_RIGHT.values())])
    derived = INCOME_LINES | class_names()
    totals: dict[str, Amount | None] = {}
    for r in ctx.layout.data:
        for side, mapping in ((left, OVERVIEW_LEFT), (right, OVERVIEW_RIGHT)):
            label = row_label(ctx, r, side.label_col)
            col = side.value_cols[0] if side.value_cols else side.label_col + 2
            a = ctx.amount(r, col)
            if side is right and label == "总计":
                totals["支出总计"] = a
                continue
            key = mapping.get(label)
            if key:
                totals[key] = a
                if a is not None:
                    ctx.out.put(OVERVIEW, (key,), a)
            elif a is not None and label not in derived:
                ctx.warn(r, side.label_col, f"行「{label or '（空）'}」对应不到数据键，{ctx.where(r, col)} 的 {a.value} 未导入。")
    check_equal(ctx, "收入总计", totals.get("总计"), "支出总计", totals.get("支出总计"))


def check_equal(ctx: Context, a_label: str, a: Amount | None, b_label: str, b: Amount | None) -> None:
    va = a.wan() if a else Decimal(0)
    vb = b.wan() if b else Decimal(0)
    if abs(va - vb) > TAIL:
        ctx.warn(None, None, f"「{a_label}」{fmt_wan(va)} 万元与「{b_label}」{fmt_wan(vb)} 万元不等，请核对原表。")


FISCAL = "财政拨款收入支出决算总表"
OPENING, CLOSING, INCOME = "年初财政拨款结转和结余", "年末财政拨款结转和结余", "本年收入"


def fund_type(label: str) -> str | None:
    return next((t for t in FUND_TYPES.values() if label in (t, t + "收入")), None)


def read_fiscal(ctx: Context) -> None:
    """公开04: 本年收入 and 年初/年末结转和结余 by fund type, and 总计."""
    found = sides(ctx)
    if found is None:
        return
    left, right = found
    ctx.out.cover(FISCAL, [(b, t) for b in (INCOME, OPENING, CLOSING) for t in FUND_TYPES.values()] + [("总计",)])
    type_cols = {t: next((c for c in right.value_cols if ctx.layout.last(c) == t or ctx.layout.label(c).endswith(t)), None)
                 for t in FUND_TYPES.values()}
    total_col = next((c for c in right.value_cols if ctx.layout.last(c).endswith("合计")), right.value_cols[0] if right.value_cols else None)
    left_col = left.value_cols[0] if left.value_cols else left.label_col + 2
    derived = class_names() | {"本年收入合计", "本年支出合计", OPENING}
    block_left, block_right = INCOME, None
    totals: dict[str, Amount | None] = {}
    for r in ctx.layout.data:
        label = row_label(ctx, r, left.label_col)
        a = ctx.amount(r, left_col)
        if label == OPENING:
            block_left = OPENING
            totals[OPENING] = a
        elif fund_type(label):
            if a is not None:
                ctx.out.put(FISCAL, (block_left, fund_type(label)), a)  # type: ignore[arg-type]
        elif label == "总计":
            totals["收入总计"] = a
            if a is not None:
                ctx.out.put(FISCAL, ("总计",), a)
        elif a is not None and label not in derived:
            ctx.warn(r, left.label_col, f"行「{label or '（空）'}」对应不到数据键，{ctx.where(r, left_col)} 的 {a.value} 未导入。")
        block_right = read_fiscal_right(ctx, r, right, type_cols, total_col, block_right, derived, totals)
    check_equal(ctx, "收入总计", totals.get("收入总计"), "支出总计", totals.get("支出总计"))
    opening = [ctx.out.values.get(FISCAL, {}).get((OPENING, t)) for t in FUND_TYPES.values()]
    summed = sum((a.wan() for a in opening if isinstance(a, Amount)), Decimal(0))
    check_equal(ctx, OPENING, totals.get(OPENING), "其下各项之和", Amount(summed, "万元", "") if summed else None)


def read_fiscal_right(ctx: Context, r: int, right: Side, type_cols: dict[str, int | None], total_col: int | None,
                      block: str | None, derived: set[str], totals: dict[str, Amount | None]) -> str | None:
    """The 支出 half of one 公开04 row; returns the block the next row belongs to."""
    label = row_label(ctx, r, right.label_col)
    if label == CLOSING:
        for t, c in type_cols.items():
            a = ctx.amount(r, c) if c is not None else None
            if a is not None:
                ctx.out.put(FISCAL, (CLOSING, t), a)
        return CLOSING
    if label == "总计":
        totals["支出总计"] = ctx.amount(r, total_col) if total_col is not None else None
        return None
    t = fund_type(label)
    if block == CLOSING and t:  # layouts listing 年末 by fund type in the rows below
        own = type_cols.get(t)
        a = (ctx.amount(r, own) if own is not None else None) or (ctx.amount(r, total_col) if total_col is not None else None)
        if a is not None:
            ctx.out.put(FISCAL, (CLOSING, t), a)
        return block
    if label and label not in derived and any(ctx.amount(r, c) is not None for c in right.value_cols):
        ctx.warn(r, right.label_col, f"行「{label}」对应不到数据键，该行未导入。")
    return block if not label else None


# ---------------------------------------------------------------- 公开09

THREE = "财政拨款三公经费支出决算表"
THREE_ORDER = (*THREE_ITEMS.values(), "合计")
#: Column label -> key: the keys themselves, and a variant some exports print.
THREE_LABELS = {**{k: k for k in THREE_ORDER}, "因公出国（境）费用": "因公出国（境）费"}


def three_block(first: str) -> str | None:
    if first.startswith("年初预算"):
        return "年初预算数"
    if first.startswith(("全年预算", "预算")):
        return "全年预算数"
    if first.startswith("决算"):
        return "决算数"
    return None


def read_three(ctx: Context) -> None:
    """公开09 (and the 政府性基金 “三公” table): 预算数 (全年预算数, or 年初预算数 when the sheet
    has both, where the data has it) and 决算数 per item."""
    lay, sheet, section = ctx.layout, ctx.sheet, ctx.kind.section
    blocks_allowed = key_order(section, ())
    columns: dict[int, tuple[str, str]] = {}
    for c in range(sheet.width):
        parts = lay.labels[c]
        if not parts:
            continue
        # 预算数 over the items (national), or under them (上海 interleaves 预算数 and 决算数).
        block = next((b for b in map(three_block, parts) if b), None)
        item = next((THREE_LABELS[p] for p in reversed(parts) if p in THREE_LABELS), None)
        if block in blocks_allowed and item:
            columns[c] = (block, item)
        elif block and not item and {"小计", "公务用车购置及运行维护费"} & set(parts):
            continue
        elif any(ctx.sheet.value(r, c) is not None for r in lay.data):
            ctx.warn(lay.header[0], c, f"列标题「{lay.label(c)}」对应不到“三公”经费的数据键，该列未导入。")
    blocks = {b for b, _ in columns.values()}
    ctx.out.cover(section, [(b, i) for b in sorted(blocks) for i in THREE_ORDER])
    row = next((r for r in lay.data if any(is_number(sheet.value(r, c)) for c in columns)), None)
    if row is None:
        return
    for c, (block, item) in sorted(columns.items(), key=lambda kv: (kv[1][0], THREE_ORDER.index(kv[1][1]))):
        a = ctx.amount(row, c)
        if a is not None:
            ctx.out.put(section, (block, item), a)
    for block in blocks:
        parts = [ctx.out.values.get(section, {}).get((block, i)) for i in THREE_ORDER if i != "合计"]
        total = ctx.out.values.get(section, {}).get((block, "合计"))
        summed = sum((p.wan() for p in parts if isinstance(p, Amount)), Decimal(0))
        if isinstance(total, Amount) and abs(total.wan() - summed) > TAIL:
            ctx.warn(row, 0, f"“三公”经费{block}「合计」{fmt_wan(total.wan())} 万元与各项之和 {fmt_wan(summed)} 万元不等，请核对原表。")


@dataclass(frozen=True)
class Kind:
    """How a table is read: the data section its figures go to and the reader; for tables keyed
    by 科目代码 the row model (None: one figure per code) and whether the codes are 经济分类."""

    section: str
    read: Callable[[Context], None]
    model: type[BaseModel] | None = None
    economic: bool = False


CAPITAL = "国有资本经营预算财政拨款支出决算表"
#: The tables import reads, by data name (what a profile's 表格 → 数据 says a table prints).
KINDS: dict[str, Kind] = {
    OVERVIEW: Kind(OVERVIEW, read_overview),
    "收入决算表": Kind("收入决算表", read_code_table, IncomeRow),
    "支出决算表": Kind("支出决算表", read_code_table, ExpenseRow),
    FISCAL: Kind(FISCAL, read_fiscal),
    "一般公共预算财政拨款支出决算表": Kind("一般公共预算财政拨款支出决算表", read_code_table, GeneralBudgetRow),
    DETAIL: Kind(DETAIL, read_detail_table),
    "政府性基金预算财政拨款收入支出决算表": Kind("政府性基金预算财政拨款收入支出决算表", read_code_table, FundRow),
    CAPITAL: Kind(CAPITAL, read_code_table, CapitalRow),
    "国有资本经营预算财政拨款收入支出决算表": Kind(CAPITAL, read_code_table, CapitalRow),  # with its 结转 columns
    THREE: Kind(THREE, read_three),
    "政府性基金预算财政拨款三公经费支出决算表": Kind("政府性基金预算财政拨款三公经费支出决算表", read_three),
    "财政拨款支出决算明细表": Kind("财政拨款支出决算明细表", read_code_table, EconomicRow, economic=True),
    "一般公共预算财政拨款项目支出决算表": Kind("一般公共预算财政拨款项目支出决算表", read_code_table, None, economic=True),
}
#: Tables some layouts print that reportgen computes from the others: recognised, not read.
COMPUTED = {"一般公共预算财政拨款支出决算明细表": "由基本支出决算明细表和项目支出决算表计算得出"}


def read_tables(sheets: list[Sheet], book: str, names: TableNames) -> Imported:
    """Identify each sheet and read the tables it holds into `Imported`."""
    out = Imported()
    done: dict[str, str] = {}  # section -> the sheet read into it

    def warn(message: str) -> None:
        out.warnings.append(Problem(message, Source(book), "warning"))

    for sheet in sheets:
        if not any(v is not None for row in sheet.rows for v in row):
            continue
        name = identify(sheet, names)
        if name in COMPUTED:
            warn(f"工作表「{sheet.name}」是「{name}」，{COMPUTED[name]}，不需导入，已跳过。")
            continue
        if name not in KINDS:
            warn(f"工作表「{sheet.name}」不是可导入的决算表（未找到表名或“公开NN表”字样），已跳过。")
            continue
        kind = KINDS[name]
        if kind.section in done:
            warn(f"工作表「{sheet.name}」与「{done[kind.section]}」都是「{kind.section}」的数据，只导入「{done[kind.section]}」。")
            continue
        layout = locate(sheet)
        if layout is None:
            warn(f"工作表「{sheet.name}」（{name}）中找不到表头（“项目”“科目代码”等），已跳过。")
            continue
        unit = sheet_unit(sheet)
        if unit is None:
            unit = "万元"
            warn(f"工作表「{sheet.name}」中未找到“单位：万元”“单位：百元”或“单位：元”，按万元导入。")
        done[kind.section] = sheet.name
        ctx = Context(book, sheet, kind, unit, layout, out)
        for r, c in sheet.uncached:
            ctx.warn(r, c, "这是公式单元格，但文件中没有保存它的计算结果，读作空白。请用 Excel 或 WPS 打开该文件、"
                           "重新计算并保存后再导入，或把公式改为数值。")
        kind.read(ctx)
        out.tables.append(f"{name}（工作表「{sheet.name}」，单位：{unit}）")
    return out


# ====================================================================== 4. merging into YAML

@dataclass
class YamlFile:
    path: Path
    doc: CommentedMap
    original: str | None  # None: a new file

    @property
    def unit(self) -> str:
        return str(self.doc.get(UNIT_KEY, "万元"))


def open_documents(folder: Path, default: str) -> tuple[list[YamlFile], list[Problem]]:
    """Every YAML file of the year as a round-trip document; `default` is created if missing."""
    yaml = round_trip_yaml()
    files, problems = [], []
    paths = sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml")) if folder.is_dir() else []
    for path in paths:
        rel = f"data/{folder.name}/{path.name}"
        text, refused = refusal(path, rel)  # check's limits: size, depth, aliases, tags
        if refused is not None:
            problems.append(refused)
            continue
        try:
            doc = yaml.load(text)
        except YAMLError as exc:
            problems.append(Problem(f"无法读取此文件（{type(exc).__name__}），导入前请先修正它（可运行 reportgen check 查看原因）。", Source(rel)))
            continue
        if doc is None:
            doc = CommentedMap()
        if not isinstance(doc, CommentedMap):
            problems.append(Problem("文件最外层不是“键: 值”的映射，无法写入。", Source(rel)))
            continue
        files.append(YamlFile(path, doc, text))
    if not any(f.path.name == default for f in files):
        doc = CommentedMap()
        files.append(YamlFile(folder / default, doc, None))
    return files, problems


SECTION_ORDER = [f.alias for f in YearData.model_fields.values()]


def target_for(section: str, files: list[YamlFile], default: str) -> YamlFile:
    holder = next((f for f in files if section in f.doc), None)
    return holder or next(f for f in files if f.path.name == default)


def converted(a: Amount | str, file_unit: str, section: str, problems: list[Problem], book: str) -> Any:
    """An Amount in the unit of the file it goes into; 名称 text as is. A sheet rounded to a larger
    unit cannot go into a file kept in a smaller one (the file's figures count as exact)."""
    if isinstance(a, str):
        return a
    if YUAN[a.unit] <= YUAN[file_unit]:
        return a.value if a.unit == file_unit else a.value * YUAN[a.unit] / YUAN[file_unit]
    problems.append(Problem(f"「{section}」所在文件以{file_unit}为单位（金额单位: {file_unit}），而表格以{a.unit}为单位，"
                            f"{a.unit}数不能精确折算为{file_unit}。请从决算软件导出以{file_unit}为单位的表格，"
                            f"或把该文件改为以{a.unit}填写。", Source(f"{book}:{a.where}")))
    return None


def merge(imported: Imported, files: list[YamlFile], default: str, book: str) -> list[Problem]:
    """Put the imported figures into the documents; returns blocking problems."""
    problems: list[Problem] = []
    added: dict[str, list[str]] = {}
    sections = sorted(set(imported.covered) | set(imported.values), key=SECTION_ORDER.index)
    for section in sections:
        target = target_for(section, files, default)
        values = {p: converted(v, target.unit, section, problems, book) for p, v in imported.values.get(section, {}).items()}
        if problems:
            continue
        node = target.doc.get(section)
        if node is None:
            node = CommentedMap()
        elif not isinstance(node, CommentedMap):
            problems.append(Problem(f"「{section}」下应为“键: 值”的映射，无法写入。", Source(target.path.name)))
            continue
        covered = imported.covered.get(section, set())
        if imported.replace_rows.get(section):
            apply_rows(node, covered, values, key_order(section, ()))
        else:
            apply_keys(node, covered, values, section)
        if section in target.doc and not node:
            del target.doc[section]
        elif section not in target.doc and node:
            insert_ordered(target.doc, section, node, SECTION_ORDER)
            added.setdefault(target.path.name, []).append(section)
    for f in files:
        separate(f.doc, added.get(f.path.name, []))
    return problems


def separate(doc: CommentedMap, added: list[str]) -> None:
    """A blank line after each new section, as between the clerk's sections."""
    keys = list(doc)
    following = {keys[keys.index(s) + 1] for s in added if keys.index(s) + 1 < len(keys)}
    for key in following:
        doc.yaml_set_comment_before_after_key(key, before="\n")


def same_number(old: Any, new: Any) -> bool:
    try:
        return not isinstance(old, bool) and Decimal(str(old)) == Decimal(str(new))
    except ArithmeticError:
        return False


def set_value(parent: CommentedMap, key: str, value: Any, order: Sequence[str] = ()) -> None:
    """Set in place (keeping position and comments); an equal number is left as typed; a new
    key goes where `order` lists it."""
    if key in parent:
        if not (isinstance(value, Decimal) and same_number(parent[key], value)) and parent[key] != value:
            parent[key] = value
    else:
        insert_ordered(parent, key, value, order)


def apply_keys(node: CommentedMap, covered: set[tuple[str, ...]], values: dict[tuple[str, ...], Any], section: str) -> None:
    """Sections of named keys (公开01/04/09): set each covered key, or remove it when the sheet has none.
    New keys go where the data format lists them."""
    for path in sorted(covered | set(values), key=lambda p: list(values).index(p) if p in values else len(values)):
        value = values.get(path)
        parent: Any = node
        for depth, part in enumerate(path[:-1]):
            if not isinstance(parent, dict):
                break
            if part not in parent:
                if value is None:
                    parent = None
                    break
                child = CommentedMap()
                child.fa.set_flow_style()
                insert_ordered(parent, part, child, key_order(section, path[:depth]))
            parent = parent[part]
        if not isinstance(parent, dict):
            continue
        if value is None:
            parent.pop(path[-1], None)
        else:
            set_value(parent, path[-1], value, key_order(section, path[:-1]))
    for key in list(node):
        if isinstance(node[key], dict) and not node[key]:
            del node[key]


def apply_rows(node: CommentedMap, covered: set[tuple[str, ...]], values: dict[tuple[str, ...], Any],
               order: list[str]) -> None:
    """科目-keyed sections: update rows in place, drop rows the sheet no longer has, add new ones;
    a row's new keys go where `order` (the row model's) lists them."""
    keys = {p[0] for p in covered}
    for code in list(node):
        row = node[code]
        if not isinstance(row, dict):  # 公开06: the value is the figure
            value = values.get((str(code),))
            if value is None:
                del node[code]
            else:
                set_value(node, code, value)
            continue
        for key in keys | {"名称"}:
            value = values.get((str(code), key))
            if value is None:
                if key != "名称":
                    row.pop(key, None)
            else:
                set_value(row, key, value, order)
        if not [k for k in row if k != "名称"]:
            del node[code]
    new: dict[str, Any] = {}
    for (code, *rest), value in values.items():
        if value is None or code in node:
            continue
        if not rest:
            new[code] = value
            continue
        row = new.setdefault(code, CommentedMap())
        row.fa.set_flow_style()
        insert_ordered(row, rest[0], value, order)
    insert_codes(node, new)


def code_rank(key: str) -> tuple[int, str]:
    """合计 and the 公开06 totals first, then the codes in order."""
    return (1, key) if CODE_RE.match(key) else (0, key)


def insert_codes(node: CommentedMap, new: dict[str, Any]) -> None:
    """Add rows, each before the first row that ranks after it (see code_rank): appended, then
    put in place by one reordering, so that adding 40,000 rows costs 40,000 steps (ruamel's
    `insert` walks the whole map each time)."""
    existing = list(node)
    keys = {code: DoubleQuotedScalarString(code) if CODE_RE.match(code) else code for code in new}
    for code, value in new.items():
        node[keys[code]] = value
    order: list[Any] = []
    i = 0
    for code in sorted(new, key=code_rank):  # the first later-ranked row only moves forward
        while i < len(existing) and code_rank(str(existing[i])) <= code_rank(code):
            order.append(existing[i])
            i += 1
        order.append(keys[code])
    for key in order + existing[i:]:
        node.move_to_end(key)


def key_order(section: str, path: tuple[str, ...]) -> list[str]:
    """The keys of the schema model at `path` inside `section`, in the data format's order."""
    model: type[BaseModel] = YearData
    for part in (section, *path):
        field = field_by_alias(model, part)
        sub = nested_model(field.annotation) if field is not None else None
        if sub is None:
            return []
        model = sub
    return [f.alias for f in model.model_fields.values() if f.alias]


def insert_ordered(parent: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Add a new key before the first key that `order` lists after it (at the end otherwise)."""
    if key not in order:
        parent[key] = value
        return
    rank = order.index(key)
    pos = next((i for i, k in enumerate(parent) if k in order and order.index(k) > rank), len(parent))
    parent.insert(pos, key, value)


def render(file: YamlFile) -> str:
    buf = io.StringIO()
    round_trip_yaml().dump(file.doc, buf)
    return buf.getvalue()


def validate(folder: Path, year: int, texts: dict[str, str], sections: set[str]) -> list[Problem]:
    """Load the year as it would be after writing and validate its shape; problems in the
    imported sections block the import (others are the clerk's, reported by `check`)."""
    from .load import load_year
    from .validate import validate_shape

    with tempfile.TemporaryDirectory(prefix="reportgen-import-") as tmp:
        data = Path(tmp) / "data" / str(year)
        data.mkdir(parents=True)
        for path in folder.glob("*.y*ml") if folder.is_dir() else []:
            shutil.copyfile(path, data / path.name)
        for name, text in texts.items():
            (data / name).write_text(text, "utf-8")
        doc, problems = load_year(Path(tmp), year)
        if not errors_only(problems):
            _, found = validate_shape(doc)
            problems += found
    def ours(p: Problem) -> bool:
        if p.source is None:
            return True
        if p.source.key:
            return p.source.key.split("．")[0] in sections
        return Path(p.source.file).name in texts

    return [p for p in errors_only(problems) if ours(p)]


# ====================================================================== the command

@dataclass
class ImportResult:
    tables: list[str]
    written: list[Path]
    warnings: list[Problem]
    figures: int


NEW_FILE_HEADER = "# 由 reportgen import 从 {book} 导入的决算数。\n"


def import_workbook(root: Path, year: int, workbook: Path, default: str = DEFAULT_FILE) -> ImportResult:
    """Read `workbook` and write its figures into data/<year>/; raises DataError on any error."""
    book = workbook.name
    if Path(default).name != default or Path(default).suffix not in (".yaml", ".yml"):
        raise DataError([Problem(f"--file 应为 data/{year}/ 下的文件名，如 决算.yaml，实际为「{default}」。", Source(default))])
    sheets = read_workbook(workbook)
    imported = read_tables(sheets, book, table_names(root))
    if not imported.tables:
        raise DataError([Problem("工作簿中没有找到可导入的决算表（各表开头应有表名，或“公开01表”等字样）。", Source(book)),
                         *imported.warnings])
    folder = root / "data" / str(year)
    files, problems = open_documents(folder, default)
    problems += merge(imported, files, default, book)
    if problems:
        raise DataError(problems + imported.warnings)
    texts = {}
    for f in files:
        text = render(f) if f.doc else ""
        if f.original is None and text:
            text = NEW_FILE_HEADER.format(book=book) + text
        if text and text != f.original:
            texts[f.path.name] = text
    problems = [Problem(f"导入后此文件将有 {len(text.encode()) / 1024 / 1024:.1f} MB，超过数据文件 {load.MAX_FILE_BYTES // 1024 // 1024} MB "
                        "的上限（reportgen check 将无法读取）。请把较大的表分到单独的文件中（先把该表的部分移到新的 .yaml 文件，"
                        "导入会写入它所在的文件）。", Source(f"data/{year}/{name}"))
                for name, text in texts.items() if len(text.encode()) > load.MAX_FILE_BYTES]
    if problems:
        raise DataError(problems + imported.warnings)
    sections = set(imported.covered) | set(imported.values)
    problems = validate(folder, year, texts, sections)
    if problems:
        raise DataError(problems + imported.warnings)
    written = []
    for f in files:
        if f.path.name in texts:
            write_text_atomic(f.path, texts[f.path.name])
            written.append(f.path)
    count = sum(1 for v in imported.values.values() for x in v.values() if isinstance(x, Amount))
    return ImportResult(imported.tables, written, imported.warnings, count)

"""Generate the built-in Word templates (docxtpl) of both reports.

    python scripts/make_docx_templates.py

writes src/reportgen/templates/final.docx and performance.docx. The .docx files are what a
clerk opens in Word or WPS and restyles (styles, margins, header); this script is only how we
make the first version, so that the two templates share one set of styles and tables.
A unit's own copy goes to its workspace's templates/ folder and wins over the built-in one.

Layout follows GB/T 9704-2012: A4, margins 37/35/28/26 mm, body 仿宋 16 pt on 28 pt lines,
title 小标宋 22 pt, level-1 headings 黑体, level-2 楷体, page numbers "— N —" in 宋体 14 pt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "src" / "reportgen" / "templates"

# Font names as installed on the clerks' Windows machines; LibreOffice substitutes elsewhere.
FONT = {"仿宋": "仿宋", "黑体": "黑体", "楷体": "楷体", "小标宋": "方正小标宋简体", "宋体": "宋体"}
LATIN = "Times New Roman"

CENTER, RIGHT, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT


# --- styles -----------------------------------------------------------------------------------

def set_font(style, role: str, size: float, bold: bool = False) -> None:  # noqa: ANN001
    """Latin and East Asian font of a style (w:eastAsia is what Word uses for Chinese)."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), FONT[role])
    rpr.insert(0, fonts)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = None


def paragraph_style(doc, name: str, role: str, size: float, *, line: float, indent: float = 0,  # noqa: ANN001
                    align=LEFT, base: str | None = None, before: float = 0, after: float = 0,
                    page_break: bool = False, outline: int | None = None):  # noqa: ANN001
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = styles[base]
    set_font(style, role, size)
    pf = style.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(line)
    pf.first_line_indent = Pt(indent)
    pf.left_indent = Pt(0)
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.page_break_before = page_break
    pf.keep_with_next = outline is not None
    if outline is not None:
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(old)
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        ppr.append(level)
    return style


def properties(doc) -> None:  # noqa: ANN001
    """Title and author, filled in by docxtpl like the body; fixed values elsewhere so that
    generating the template twice gives the same bytes."""
    props = doc.core_properties
    props.title, props.author, props.subject = "{{ doc_title }}", "{{ author }}", "{{ doc_title }}"
    props.comments, props.identifier, props.language = "", "", "zh-CN"
    props.last_modified_by, props.keywords, props.category = "reportgen", "", ""
    props.revision = 1


def styles(doc) -> None:  # noqa: ANN001
    properties(doc)
    paragraph_style(doc, "Normal", "仿宋", 16, line=28, indent=32)
    paragraph_style(doc, "Title", "小标宋", 22, line=36, align=CENTER, after=28)
    doc.styles["Title"].font.bold = True
    for border in doc.styles["Title"].element.get_or_add_pPr().findall(qn("w:pBdr")):
        border.getparent().remove(border)
    paragraph_style(doc, "Heading 1", "黑体", 16, line=28, align=CENTER, before=14, after=14, page_break=True, outline=0)
    paragraph_style(doc, "Heading 2", "黑体", 16, line=28, indent=32, outline=1)
    paragraph_style(doc, "居中标题", "黑体", 16, line=28, align=CENTER, base="Heading 2", outline=1)
    paragraph_style(doc, "Heading 3", "楷体", 16, line=28, indent=32, outline=2)
    paragraph_style(doc, "无缩进", "仿宋", 16, line=28, base="Normal")
    paragraph_style(doc, "Caption", "仿宋", 14, line=24, align=CENTER, after=8)
    paragraph_style(doc, "图", "仿宋", 12, line=12, align=CENTER, before=8)
    doc.styles["图"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_style(doc, "表名", "黑体", 14, line=22, outline=1)
    paragraph_style(doc, "表格标题", "黑体", 15, line=22, align=CENTER, before=2, after=2)
    paragraph_style(doc, "表头信息", "宋体", 10.5, line=15)
    paragraph_style(doc, "表格文字", "宋体", 9.5, line=13)
    paragraph_style(doc, "表格数字", "宋体", 9.5, line=13, align=RIGHT, base="表格文字")
    paragraph_style(doc, "表格居中", "宋体", 9.5, line=13, align=CENTER, base="表格文字")
    paragraph_style(doc, "表格表头", "黑体", 9.5, line=13, align=CENTER, base="表格文字")
    paragraph_style(doc, "表注", "宋体", 10.5, line=16, before=4)
    paragraph_style(doc, "页码", "宋体", 14, line=20, align=CENTER)


# --- page layout ------------------------------------------------------------------------------

def portrait(section) -> None:  # noqa: ANN001
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)


def landscape(section) -> None:  # noqa: ANN001
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(18), Mm(20)
    section.left_margin, section.right_margin = Mm(15), Mm(15)
    section.footer_distance = Mm(8)


def page_number_footer(section) -> None:  # noqa: ANN001
    p = section.footer.paragraphs[0]
    p.style = "页码"
    p.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    p.add_run(" —")


def new_section(doc, wide: bool):  # noqa: ANN001, ANN201
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    (landscape if wide else portrait)(section)
    return section


# --- content helpers --------------------------------------------------------------------------

def para(container, text: str, style: str = "Normal"):  # noqa: ANN001, ANN201
    return container.add_paragraph(text, style=style)


def tag(container, text: str) -> None:  # noqa: ANN001
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); it disappears on render."""
    container.add_paragraph(text, style="Normal")


def blocks(doc, expr: str, with_three: bool = False) -> None:  # noqa: ANN001
    """The loop that prints a tuple of narrative Blocks, one paragraph style per kind."""
    tag(doc, f"{{%p for b in {expr} %}}")
    tag(doc, '{%p if b.kind == "h1" %}')
    para(doc, "{{ b.text }}", "居中标题")
    tag(doc, '{%p elif b.kind == "h2" %}')
    para(doc, "{{ b.text }}", "Heading 2")
    tag(doc, '{%p elif b.kind == "h3" %}')
    para(doc, "{{ b.text }}", "Heading 3")
    tag(doc, '{%p elif b.kind == "chart" %}')
    para(doc, "{{ images[b.chart.id] }}", "图")
    tag(doc, '{%p elif b.kind == "caption" %}')
    para(doc, "{{ b.text }}", "Caption")
    if with_three:
        tag(doc, '{%p elif b.kind == "table" %}')
        three_use_table(doc)
    tag(doc, "{%p else %}")
    para(doc, "{{ b.text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def table(doc, cols: int, widths: list[float]):  # noqa: ANN001, ANN201
    t = doc.add_table(rows=0, cols=cols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for column, width in zip(t.columns, widths):
        column.width = Mm(width)  # the table grid, which LibreOffice follows
    t._widths = widths  # remembered for the cells of rows added later
    tblpr = t._tbl.tblPr
    for old in tblpr.findall(qn("w:tblW")):
        tblpr.remove(old)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(Mm(sum(widths)).twips)))
    total.set(qn("w:type"), "dxa")
    tblpr.append(total)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")  # column widths as designed, not as the longest text
    tblpr.append(layout)
    return t


def row(t, cells: list[str], style: str | list[str] = "表格文字", header: bool = False):  # noqa: ANN001, ANN201
    r = t.add_row()
    styles_ = style if isinstance(style, list) else [style] * len(cells)
    for i, (cell, text) in enumerate(zip(r.cells, cells)):
        cell.width = Mm(t._widths[i])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.text = text
        p.style = styles_[i]
    if header:
        trpr = r._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))
    return r


def merge(t, r: int, c1: int, c2: int, text: str | None = None, style: str | None = None) -> None:  # noqa: ANN001
    cell = t.cell(r, c1).merge(t.cell(r, c2))
    keep = text if text is not None else t.cell(r, c1).paragraphs[0].text
    for p in cell.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    cell.paragraphs[0].text = keep
    if style:
        cell.paragraphs[0].style = style


def vmerge(t, r1: int, r2: int, c: int) -> None:  # noqa: ANN001
    merge_cells = t.cell(r1, c).merge(t.cell(r2, c))
    for p in merge_cells.paragraphs[1:]:
        p._p.getparent().remove(p._p)


def loop_rows(t, start: str, cells: list[str], styles_: list[str], end: str = "{%tr endfor %}") -> None:  # noqa: ANN001
    """A docxtpl row loop: a tag row, the row printed per item, a closing tag row."""
    row(t, [start] + [""] * (len(cells) - 1))
    row(t, cells, styles_)
    row(t, [end] + [""] * (len(cells) - 1))


def set_vmerge(cell, value: str) -> None:  # noqa: ANN001
    """Vertical merge whose restart/continue is decided per row by the template."""
    tcpr = cell._tc.get_or_add_tcPr()
    vm = OxmlElement("w:vMerge")
    vm.set(qn("w:val"), value)
    tcpr.append(vm)


# --- the 部门决算公开 ----------------------------------------------------------------------------

N = "表格数字"
C = "表格居中"
T = "表格文字"
H = "表格表头"
WIDE = 267  # usable width of a landscape page, mm


def table_head(doc, number: str) -> None:  # noqa: ANN001
    tag(doc, f'{{%p set t = tables["{number}"] %}}')
    para(doc, "{{ t.heading }}", "表名")
    para(doc, "{{ t.title }}", "表格标题")
    p = para(doc, "部门：{{ unit_name }}\t{{ year }}年度\t{{ t.number }}表", "表头信息")
    stops = p.paragraph_format.tab_stops
    stops.add_tab_stop(Mm(WIDE / 2), alignment=1)  # centre
    stops.add_tab_stop(Mm(WIDE), alignment=2)  # right
    para(doc, "单位：万元", "表头信息").alignment = RIGHT


def table_foot(doc) -> None:  # noqa: ANN001
    tag(doc, '{%p for line in t.note.split("\\n") %}')
    para(doc, "{{ line }}", "表注")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if t.empty_note %}")
    para(doc, "{{ t.empty_note }}", "表注")
    tag(doc, "{%p endif %}")


def pair_table(doc) -> None:  # noqa: ANN001
    """公开01: income left, expense right."""
    w = [WIDE * x for x in (0.30, 0.06, 0.14, 0.30, 0.06, 0.14)]
    t = table(doc, 6, w)
    row(t, ["收入", "", "", "支出", "", ""], H, header=True)
    merge(t, 0, 0, 2, "收入")
    merge(t, 0, 3, 5, "支出")
    row(t, ["项目", "行次", "决算数", "项目", "行次", "决算数"], H, header=True)
    row(t, ["栏次", "", "1", "栏次", "", "2"], H, header=True)
    loop_rows(t, "{%tr for r in t.pair_rows %}",
              ["{{ r.income_label }}", "{{ r.income_no }}", "{{ r.income|amount }}",
               "{{ r.expense_label }}", "{{ r.expense_no }}", "{{ r.expense|amount }}"],
              [T, C, N, T, C, N])


def fiscal_table(doc) -> None:  # noqa: ANN001
    """公开04: income left, expense by fund type right."""
    w = [WIDE * x for x in (0.21, 0.05, 0.10, 0.24, 0.05, 0.09, 0.09, 0.085, 0.085)]
    t = table(doc, 9, w)
    row(t, ["收入", "", "", "支出"] + [""] * 5, H, header=True)
    merge(t, 0, 0, 2, "收入")
    merge(t, 0, 3, 8, "支出")
    row(t, ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款"], H, header=True)
    row(t, ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"], H, header=True)
    loop_rows(t, "{%tr for r in t.fiscal_rows %}",
              ["{{ r.income_label }}", "{{ r.income_no }}", "{{ r.income|amount }}", "{{ r.expense_label }}",
               "{{ r.expense_no }}"] + [f"{{{{ r.expense[{i}]|amount }}}}" for i in range(4)],
              [T, C, N, T, C, N, N, N, N])


def detail_table(doc) -> None:  # noqa: ANN001
    """公开06: three 科目代码/科目名称/决算数 column groups."""
    w = [WIDE * x for x in (0.07, 0.19, 0.073) * 3]
    t = table(doc, 9, w)
    row(t, ["科目代码", "科目名称", "决算数"] * 3, H, header=True)
    cells, kinds = [], []
    for i in range(3):
        c = f"row[{i}]"
        cells += [f"{{% if {c} %}}{{{{ {c}.code }}}}{{% endif %}}",
                  f"{{% if {c} %}}{{{{ {c}.level|indent }}}}{{{{ {c}.name }}}}{{% endif %}}",
                  f"{{% if {c} %}}{{{{ {c}.value|amount }}}}{{% endif %}}"]
        kinds += [C, T, N]
    loop_rows(t, "{%tr for row in t.detail_rows %}", cells, kinds)
    row(t, ["人员经费合计", "", "{{ t.detail_totals[0]|amount }}", "公用经费合计"] + [""] * 4
        + ["{{ t.detail_totals[1]|amount }}"], [T, T, N, T, T, T, T, T, N])
    last = len(t.rows) - 1
    merge(t, last, 0, 1)
    merge(t, last, 3, 7)


def three_budget_table(doc) -> None:  # noqa: ANN001
    """公开09: 预算数 and 决算数 of the 三公 items."""
    w = [WIDE / 12] * 12
    t = table(doc, 12, w)
    row(t, ["预算数"] + [""] * 5 + ["决算数"] + [""] * 5, H, header=True)
    merge(t, 0, 0, 5, "预算数")
    merge(t, 0, 6, 11, "决算数")
    group = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]
    row(t, group * 2, H, header=True)
    row(t, ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2, H, header=True)
    for g in (0, 6):
        vmerge(t, 1, 2, g)
        vmerge(t, 1, 2, g + 1)
        vmerge(t, 1, 2, g + 5)
        merge(t, 1, g + 2, g + 4, "公务用车购置及运行维护费")
    row(t, [str(i) for i in range(1, 13)], H, header=True)
    row(t, [f"{{{{ t.three_values[{i}]|amount }}}}" for i in range(12)], N)


def code_table(doc, number: str, ncols: int) -> None:  # noqa: ANN001
    """公开02/03/05/07/08: 科目 rows (类 → 款 → 项, indented) with figure columns."""
    code_w, name_w = 0.09, 0.27 if ncols > 3 else 0.41
    w = [WIDE * code_w, WIDE * name_w] + [WIDE * (1 - code_w - name_w) / ncols] * ncols
    t = table(doc, ncols + 2, w)
    cols = [f"{{{{ t.columns[{i}] }}}}" for i in range(ncols)]
    if number == "公开07":
        row(t, ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"], H, header=True)
        row(t, ["科目代码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""], H, header=True)
        merge(t, 0, 0, 1, "项目")
        merge(t, 0, 4, 6, "本年支出")
        for c in (2, 3, 7):
            vmerge(t, 0, 1, c)
    elif number in ("公开05", "公开08"):
        row(t, ["项目", "", "本年支出", "", ""], H, header=True)
        row(t, ["科目代码", "科目名称"] + cols, H, header=True)
        merge(t, 0, 0, 1, "项目")
        merge(t, 0, 2, 4, "本年支出")
    else:
        row(t, ["项目", ""] + cols, H, header=True)
        row(t, ["科目代码", "科目名称"] + [""] * ncols, H, header=True)
        merge(t, 0, 0, 1, "项目")
        for c in range(2, ncols + 2):
            vmerge(t, 0, 1, c)
    row(t, ["栏次", ""] + [str(i) for i in range(1, ncols + 1)], H, header=True)
    merge(t, len(t.rows) - 1, 0, 1, "栏次")
    loop_rows(t, "{%tr for r in t.rows %}",
              ["{{ r.code }}", "{{ r.level|indent }}{{ r.name }}"] + [f"{{{{ r.values[{i}]|amount }}}}" for i in range(ncols)],
              [C, T] + [N] * ncols)


def final_template() -> Document:
    doc = Document()
    styles(doc)
    first = doc.sections[0]
    portrait(first)
    page_number_footer(first)
    tag(doc, "{%p set f = report.final %}")
    para(doc, "{{ f.title }}", "Title")
    heading = para(doc, "第一部分　{{ unit_name }}概况", "Heading 1")
    heading.paragraph_format.page_break_before = False
    blocks(doc, "f.part1")

    new_section(doc, wide=True)
    para(doc, "第二部分　{{ year }}年度部门决算表", "Heading 1").paragraph_format.page_break_before = False
    builders = {"公开01": pair_table, "公开04": fiscal_table, "公开06": detail_table, "公开09": three_budget_table}
    widths = {"公开02": 7, "公开03": 6, "公开05": 3, "公开07": 6, "公开08": 3}
    for i in range(1, 10):
        number = f"公开{i:02d}"
        if i > 1:
            doc.add_page_break()
        table_head(doc, number)
        if number in builders:
            builders[number](doc)
        else:
            code_table(doc, number, widths[number])
        table_foot(doc)

    new_section(doc, wide=False)
    parts = [("第三部分　{{ year }}年度部门决算情况说明", "f.part3"), ("第四部分　其他需要说明的情况", "f.part4"),
             ("第五部分　名词解释", "f.part5"), ("第六部分　附件", "f.part6")]
    for n, (title, expr) in enumerate(parts):
        para(doc, title, "Heading 1").paragraph_format.page_break_before = n > 0
        blocks(doc, expr)
    return doc


# --- the 部门整体支出绩效自评报告 -----------------------------------------------------------------

PORTRAIT_WIDE = 156  # usable width of a portrait page, mm


def three_use_table(doc) -> None:  # noqa: ANN001
    """The report's own 三公 table (年初预算数, 调整预算数, 决算数), printed where its Block is."""
    t = table(doc, 4, [PORTRAIT_WIDE * x for x in (0.4, 0.2, 0.2, 0.2)])
    row(t, ["项目", "年初预算数", "调整预算数", "决算数"], H, header=True)
    loop_rows(t, "{%tr for r in p.three_rows %}",
              ["{% if not r.strong %}\u3000\u3000{% endif %}{{ r.label }}", "{{ r.initial|amount0 }}",
               "{{ r.adjusted|amount0 }}", "{{ r.actual|amount0 }}"], [T, N, N, N])
    para(doc, "单位：万元", "表注")


def scorecard(doc) -> None:  # noqa: ANN001
    """One 绩效自评表 (部门整体 or 项目支出) of 003's 附件, for the card `c`."""
    para(doc, "{{ c.title }}", "表格标题")
    p = para(doc, "单位名称（盖章）：{{ c.unit_name }}\t填报日期：{{ c.date }}", "表头信息")
    p.paragraph_format.tab_stops.add_tab_stop(Mm(PORTRAIT_WIDE), alignment=2)
    t = table(doc, 7, [PORTRAIT_WIDE * x for x in (0.13, 0.11, 0.13, 0.25, 0.13, 0.13, 0.12)])

    def add(cells: list[str], styles_: list[str] | str = T) -> int:
        row(t, cells + [""] * (7 - len(cells)), styles_)
        return len(t.rows) - 1

    def tag_row(text: str) -> None:
        add([text])

    tag_row('{%tr if c.kind == "project" %}')
    r = add(["项目名称", "{{ c.name }}"], [C] + [T] * 6)
    merge(t, r, 1, 6)
    r = add(["主管部门", "{{ c.authority }}", "", "", "项目实施单位", "{{ c.executor }}"], [C, T, T, T, C, T, T])
    merge(t, r, 1, 3)
    merge(t, r, 5, 6)
    tag_row("{%tr for ch in c.choices %}")
    r = add(["{{ ch.label }}", '{% for opt, on in ch.options %}{{ opt }}{{ "☑" if on else "☐" }}'
                               '{% if not loop.last %}\u3000\u3000{% endif %}{% endfor %}'], [C] + [T] * 6)
    merge(t, r, 1, 6)
    tag_row("{%tr endfor %}")
    tag_row("{%tr else %}")
    r = add(["单位名称", "{{ c.unit_name }}"], [C] + [T] * 6)
    merge(t, r, 1, 6)
    r = add(["基本支出总额", "{{ c.basic_total|amount0 }}", "", "项目支出总额", "{{ c.project_total|amount0 }}"],
            [C, N, N, C, N, N, N])
    merge(t, r, 1, 2)
    merge(t, r, 4, 6)
    tag_row("{%tr endif %}")
    r1 = add(["预算执行情况（万元）（20分）", "", "", "预算数（A）", "执行数（B）", "执行率（B/A）", "得分（20分×执行率）"], C)
    merge(t, r1, 1, 2)
    r2 = add(["", "年度财政资金总额", "", "{{ c.budget|amount0 }}", "{{ c.spent|amount0 }}", "{{ c.rate|rate }}",
              "{{ c.execution_score|score(2) }}"], [C, C, C, N, N, N, N])
    merge(t, r2, 1, 2)
    vmerge(t, r1, r2, 0)
    tag_row("{%tr if c.goal %}")
    r = add(["年度总体目标", "{{ c.goal }}"], [C] + [T] * 6)
    merge(t, r, 1, 6)
    tag_row("{%tr endif %}")
    r = add(["年度绩效目标（80分）", "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"], C)
    set_vmerge(t.cell(r, 0), "restart")
    tag_row("{%tr for r in c.rows %}")
    r = add(["", "{% if r.span1 %}{{ r.level1 }}{% endif %}", "{% if r.span2 %}{{ r.level2 }}{% endif %}",
             "{{ r.name }}", "{{ r.target }}", "{{ r.actual }}", "{{ r.score|score(None) }}"], [C, C, C, T, C, C, N])
    set_vmerge(t.cell(r, 0), "continue")
    set_vmerge(t.cell(r, 1), "{% if r.span1 %}restart{% else %}continue{% endif %}")
    set_vmerge(t.cell(r, 2), "{% if r.span2 %}restart{% else %}continue{% endif %}")
    tag_row("{%tr endfor %}")
    r = add(["总分", "", "", "", "", "", "{{ c.total|score(2) }}"], [C, T, T, T, T, T, N])
    merge(t, r, 1, 5)
    for label, body in (("偏差大或目标未完成原因分析", "{{ c.deviation }}"),
                        ("改进措施及结果应用方案", "{{ c.improvement }}"),
                        ("备注", '{{ c.remarks|join("\\n") }}')):
        r = add([label, body], [C] + [T] * 6)
        merge(t, r, 1, 6)


def performance_template() -> Document:
    doc = Document()
    styles(doc)
    first = doc.sections[0]
    portrait(first)
    page_number_footer(first)
    tag(doc, "{%p set p = report.performance %}")
    para(doc, "{{ p.title }}", "Title")
    para(doc, "单位名称：{{ unit_name }}", "无缩进").alignment = CENTER
    blocks(doc, "p.body", with_three=True)
    tag(doc, "{%p for c in cards %}")
    para(doc, "附件{{ loop.index }}", "Heading 1")
    para(doc, "{{ c.result_title }}", "居中标题")
    para(doc, "一、自评结论", "Heading 2")
    blocks(doc, "c.summary")
    scorecard(doc)
    tag(doc, "{%p endfor %}")
    return doc


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    final_template().save(target / "final.docx")
    performance_template().save(target / "performance.docx")
    print(f"wrote {target / 'final.docx'} and {target / 'performance.docx'}")


if __name__ == "__main__":
    main()

"""Generate the built-in Word template (docxtpl) of the reports.

    python scripts/make_docx_templates.py [folder]

writes src/reportgen/profiles/hubei/report.docx: the styles, page setup and page-number footer
both reports are printed with (reportgen fills its body from the profile). It is what a clerk
opens in Word or WPS and restyles (styles, margins, header); this script is only how we make
the first version. A unit's own copy goes to its workspace's templates/ folder and wins.

Layout follows GB/T 9704-2012: A4, margins 37/35/28/26 mm, body 仿宋 16 pt on 28 pt lines,
title 小标宋 22 pt, level-1 headings 黑体, level-2 楷体, page numbers "— N —" in 宋体 14 pt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "src" / "reportgen" / "profiles" / "hubei"

# Font names as installed on the clerks' Windows machines; LibreOffice substitutes elsewhere.
FONT = {"仿宋": "仿宋", "黑体": "黑体", "楷体": "楷体", "小标宋": "方正小标宋简体", "宋体": "宋体"}
LATIN = "Times New Roman"

CENTER, RIGHT, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
#: What Word shows as the application that made the file (docProps/app.xml).
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>reportgen</Application></Properties>')


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
                    page_break: bool = False, outline: int | None = None, keep: bool = False):  # noqa: ANN001
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
    pf.keep_with_next = outline is not None or keep
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
    generating the template twice gives the same bytes. No dates (python-docx's are of 2013):
    reportgen writes the build's. The application is reportgen."""
    props = doc.core_properties
    props.title, props.author, props.subject = "{{ doc_title }}", "{{ author }}", "{{ doc_title }}"
    props.comments, props.identifier, props.language = "", "", "zh-CN"
    props.last_modified_by, props.keywords, props.category = "reportgen", "", ""
    props.revision = 1
    for name in ("created", "modified"):
        for old in props._element.findall(qn(f"dcterms:{name}")):
            props._element.remove(old)
    app = next(p for p in doc.part.package.iter_parts() if p.partname == "/docProps/app.xml")
    app._blob = APP_XML.encode()


def without_leftovers(doc) -> None:  # noqa: ANN001
    """Drop what python-docx's own default template carries and a report does not need: its
    customXml part and its blank thumbnail (parts are saved only while something refers to them)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for owner, kind in ((doc.part.package, RT.THUMBNAIL), (doc.part, RT.CUSTOM_XML)):
        for rid in [r.rId for r in owner.rels.values() if r.reltype == kind]:
            del owner.rels[rid]


def east_asian_language(doc) -> None:  # noqa: ANN001
    """zh-CN as the East Asian language of every style (docDefaults), for line breaking,
    punctuation and proofing in Word."""
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "zh-CN")


def styles(doc) -> None:  # noqa: ANN001
    properties(doc)
    without_leftovers(doc)
    east_asian_language(doc)
    paragraph_style(doc, "Normal", "仿宋", 16, line=28, indent=32, align=JUSTIFY)
    paragraph_style(doc, "Title", "小标宋", 22, line=36, align=CENTER, after=28)
    doc.styles["Title"].font.bold = True
    for border in doc.styles["Title"].element.get_or_add_pPr().findall(qn("w:pBdr")):
        border.getparent().remove(border)
    paragraph_style(doc, "Heading 1", "黑体", 16, line=28, align=CENTER, before=14, after=14, page_break=True, outline=0)
    paragraph_style(doc, "Heading 2", "黑体", 16, line=28, indent=32, outline=1)
    paragraph_style(doc, "居中标题", "黑体", 16, line=28, align=CENTER, base="Heading 2", outline=1)
    paragraph_style(doc, "Heading 3", "楷体", 16, line=28, indent=32, outline=2)
    paragraph_style(doc, "无缩进", "仿宋", 16, line=28, base="Normal", align=JUSTIFY)
    paragraph_style(doc, "居中", "仿宋", 16, line=28, base="Normal", align=CENTER)
    paragraph_style(doc, "Caption", "仿宋", 14, line=24, align=CENTER, after=8)
    paragraph_style(doc, "图", "仿宋", 12, line=12, align=CENTER, before=8)
    doc.styles["图"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_style(doc, "表名", "黑体", 14, line=22, outline=1)
    paragraph_style(doc, "表格标题", "黑体", 15, line=22, align=CENTER, before=2, after=2, keep=True)
    paragraph_style(doc, "表头信息", "宋体", 10.5, line=15, keep=True)
    paragraph_style(doc, "单位", "宋体", 10.5, line=16, align=RIGHT, keep=True)
    paragraph_style(doc, "表格文字", "宋体", 9.5, line=12)
    paragraph_style(doc, "表格数字", "宋体", 9.5, line=12, align=RIGHT, base="表格文字")
    paragraph_style(doc, "表格居中", "宋体", 9.5, line=12, align=CENTER, base="表格文字")
    paragraph_style(doc, "表格表头", "黑体", 9.5, line=12, align=CENTER, base="表格文字")
    paragraph_style(doc, "表注", "宋体", 10.5, line=16, before=4)
    paragraph_style(doc, "页码", "宋体", 14, line=20, align=CENTER)


# --- page layout ------------------------------------------------------------------------------

def portrait(section) -> None:  # noqa: ANN001
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)


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


# --- the template ------------------------------------------------------------------------------

def report_template() -> Document:
    """Styles, page setup and footer; the body is filled by reportgen from the profile."""
    doc = Document()
    styles(doc)
    first = doc.sections[0]
    portrait(first)
    page_number_footer(first)
    doc.add_paragraph("{{p body }}", style="Normal")
    return doc


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    report_template().save(target / "report.docx")
    print(f"wrote {target / 'report.docx'}")


if __name__ == "__main__":
    main()

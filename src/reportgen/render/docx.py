"""DOCX renderer: the composed blocks into the profile's Word template (docxtpl).

The Word template (report.docx, made by scripts/make_docx_templates.py; a workspace may put
its own restyled copy in templates/) holds the styles, the page setup and the page-number
footer; its body is `{{p body }}`, which becomes the report: one paragraph per block in the
style of its kind, tables with their merged cells from the same grid the PDF prints, and
landscape sections for wide parts. Text goes in as runs, so nothing in it is markup.

Pagination follows the PDF's rules with Word's means: rows never split (cantSplit), header rows
repeat (tblHeader), and "keep with next" holds a small table with its title and notes, a
table's last two rows with its note, a scorecard's 一级指标 group together and a figure with
its caption. The file's dates are the build's, its application reportgen.
"""

from __future__ import annotations

import copy
import io
import weakref
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .. import files
from ..errors import BuildError, Problem, Source
from ..profile import WORD_TEMPLATE, Profile
from ..settings import Settings
from . import charts
from .compose import Block, Cell, Composed, Grid, environment, kept_together
from .display import Display
from .templating import shown_path, template_errors

CHART_WIDTH_MM = 150
#: Paragraph style of each block kind (and style); the Word template defines them.
STYLES = {"title": "Title", "part": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 3",
          ("h2", "center"): "居中标题", ("h2", "table"): "表名", ("p", "center"): "居中", ("p", "plain"): "无缩进", ("p", "toc"): "无缩进",
          ("p", "note"): "表注", ("p", "caption"): "Caption", ("p", "table-title"): "表格标题", ("p", "unit"): "单位",
          "p": "Normal"}
#: The margins of a landscape section, in twips: narrow, for the wide tables it holds.
LANDSCAPE_MARGINS = {"top": 1020, "bottom": 1134, "left": 850, "right": 850, "footer": 454}
TWIPS_PER_MM = 1440 / 25.4
CELL_STYLES = {"r": "表格数字", "c": "表格居中", "l": "表格文字", "j": "表格文字"}
TITLE_PT = 22  # the Title style's size, to tell whether a title fits on one line
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>reportgen</Application></Properties>')


#: A Word template is some hundred KB (styles, page set-up, footer): a larger one is refused.
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_INFLATED = 100 * 1024 * 1024


def write_docx(composed: Composed, profile: Profile, target: Path, workspace: Path, settings: Settings) -> None:
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from lxml import etree

    path = profile.template(WORD_TEMPLATE)
    assert path is not None  # every built-in profile has one
    try:
        files.check_zip(path, MAX_TEMPLATE_BYTES, MAX_TEMPLATE_INFLATED)
    except files.TooLarge as exc:
        raise BuildError([Problem(f"Word 模板过大（{exc.size / 1024 / 1024:.0f} MB 或解压后过大），超过 "
                                  f"{MAX_TEMPLATE_BYTES // 1024 // 1024} MB 的上限。内置模板只有约 1 MB；请检查是否放错了文件，"
                                  "或删除它以使用内置模板。", Source(shown_path(path, profile)))]) from None
    except files.NotAFile as exc:
        raise BuildError([Problem(f"Word 模板不是普通文件（而是{exc.kind}）。请删除它以使用内置模板。",
                                  Source(shown_path(path, profile)))]) from None
    except zipfile.BadZipFile:
        pass  # reported below, as python-docx meets it
    try:
        doc = DocxTemplate(path)
        doc.init_docx()
    except (PackageNotFoundError, KeyError, ValueError, OSError, zipfile.BadZipFile, etree.LxmlError) as exc:
        # A truncated, renamed or corrupt file: whatever python-docx trips on, the clerk's fix is the same.
        raise BuildError([Problem(f"Word 模板无法打开（{type(exc).__name__}），文件可能已损坏或不是 .docx。"
                                  "请用 Word 另存为 .docx 后重试，或删除该文件以使用内置模板。",
                                  Source(shown_path(path, profile)))]) from None
    body = doc.new_subdoc()
    _Writer(doc, body, Display(settings.style)).write(composed.blocks)
    with template_errors(profile, path):
        try:
            doc.render({"body": _Literal(body), "doc_title": composed.title, "author": composed.author},
                       jinja_env=environment(profile, settings), autoescape=True)
        except etree.LxmlError as exc:
            raise BuildError([Problem(f"Word 模板填入数据后不是有效的 Word 文档（{exc}）。请检查模板中的 {{% %}} 标记"
                                      "是否拆开了表格或段落。", Source(shown_path(path, profile)))]) from None
    stamp(doc.docx)
    doc.save(target)


def stamp(document: Any) -> None:  # noqa: ANN401
    """The build's time as created and modified date, reportgen as the application. Only the
    file carries them: the incremental build's digests are of the inputs, never of the output."""
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    props = document.core_properties
    props.created = props.modified = now
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_XML.encode()


class _Literal:
    """The body's XML with its braces as character references: docxtpl rewrites "{_{", "}_}",
    "{_%" and "%_}" to "{{", "}}", "{%" and "%}" after rendering, which would change what a
    clerk typed."""

    def __init__(self, subdoc: Any):  # noqa: ANN401
        self.subdoc = subdoc

    def __html__(self) -> str:
        return self.subdoc._get_xml().replace("{", "&#123;").replace("}", "&#125;")


_STYLE_IDS: "weakref.WeakKeyDictionary[Any, dict[str, str]]" = weakref.WeakKeyDictionary()


def style_id(part: Any, name: str) -> str:  # noqa: ANN401
    """The id of the style `name` in the document of `part`, looked up once per document:
    python-docx's own `paragraph.style = name` scans every style of the template for the
    default one each time, which was two thirds of the 决算 DOCX's time."""
    ids = _STYLE_IDS.setdefault(part, {})
    if name not in ids:
        ids[name] = part.styles[name].style_id
    return ids[name]


def styled(paragraph: Any, name: str) -> Any:  # noqa: ANN401
    """Give `paragraph` the style `name` (see `style_id`)."""
    paragraph._p.style = style_id(paragraph.part, name)
    return paragraph


class _Writer:
    """Appends blocks to a docxtpl subdocument that shares the template's styles."""

    def __init__(self, doc: Any, body: Any, display: Display):  # noqa: ANN401
        from docx.shared import Mm

        self.doc, self.body, self.display = doc, body, display
        self.final = doc.docx.element.body.sectPr  # the template's page setup: portrait
        self.landscape = False
        self.new_section = False
        self.previous = ""  # the kind of the block written last
        self.mm = Mm

    def write(self, blocks: tuple[Block, ...]) -> None:
        body = self.body.element.body
        i = 0
        for run in kept_together(blocks):
            start = len(_content(body))
            for b in run:
                if b.kind == "part" and b.landscape != self.landscape:
                    if i > 1:
                        self.section_break()
                    self.landscape = b.landscape
                note = i + 1 < len(blocks) and (blocks[i + 1].kind, blocks[i + 1].style) == ("p", "note")
                getattr(self, f"_{b.kind}", self._paragraph)(b, i, note) if b.kind == "table" else \
                    getattr(self, f"_{b.kind}", self._paragraph)(b, i)
                self.previous = b.kind
                i += 1
            if len(run) > 1:  # a small table with its title and notes: on one page when it fits
                added = _content(body)[start:]
                last = added[-1].findall(qn("w:tr"))[-1] if added[-1].tag == qn("w:tbl") else added[-1]
                keep_with_next([p for e in added for p in e.iter(qn("w:p")) if p is not last and last not in p.iterancestors()])
        if self.landscape:  # the last section is the template's: turn it too
            self.turn(self.final)

    def width(self) -> float:
        """The text width of the current page, in mm: a landscape page is the template's page
        turned, with the margins `turn` gives it."""
        s = self.doc.docx.sections[-1]
        if self.landscape:
            return s.page_height / 36000 - (LANDSCAPE_MARGINS["left"] + LANDSCAPE_MARGINS["right"]) / TWIPS_PER_MM
        return (s.page_width - s.left_margin - s.right_margin) / 36000

    @staticmethod
    def turn(sect: Any) -> None:  # noqa: ANN401
        """A section's page setup turned to landscape, with the narrow margins of wide tables."""
        size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        w, h = size.get(qn("w:w")), size.get(qn("w:h"))
        size.set(qn("w:w"), h)
        size.set(qn("w:h"), w)
        size.set(qn("w:orient"), "landscape")
        for side, value in LANDSCAPE_MARGINS.items():
            margins.set(qn(f"w:{side}"), str(value))

    def section_break(self) -> None:
        """End the current section with its page setup (the template's, turned when landscape)."""
        sect = copy.deepcopy(self.final)
        if self.landscape:
            self.turn(sect)
        p = self.body.add_paragraph()
        p._p.get_or_add_pPr().append(sect)
        self.new_section = True

    def _paragraph(self, b: Block, i: int) -> Any:  # noqa: ANN401
        style = STYLES.get((b.kind, b.style)) or STYLES.get(b.kind, "Normal")
        p = styled(self.body.add_paragraph(), style)
        for k, line in enumerate(self.title_lines(b) if b.kind == "title" else b.text.split("\n")):
            if k:
                p.runs[-1].add_break()
            p.add_run(line)
        if b.kind == "part" and (i == 1 or self.new_section):
            p.paragraph_format.page_break_before = False  # already on a new page
        if b.style == "table-title" and self.previous == "p":
            # A table after running text (a scorecard after its 自评结论) starts a page: Word and
            # LibreOffice honour "keep with next" across a long table less than WeasyPrint does.
            p.paragraph_format.page_break_before = True
        self.new_section = False
        return p

    def title_lines(self, b: Block) -> list[str]:
        """The title on one line when it fits, else broken between its parts (the unit's
        name, then the year and the report's name), never inside a word."""
        width = sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in b.text) * TITLE_PT * 25.4 / 72
        return list(b.parts) if b.parts and width > self.width() else [b.text]

    def _break(self, b: Block, i: int) -> None:
        self.body.add_page_break()

    def _meta(self, b: Block, i: int) -> None:
        """部门 left, 年度 centred, 表号 right on one line; further lines right-aligned below."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        first = [part.split("\n")[0] for part in b.parts]
        p = styled(self.body.add_paragraph("\t".join(first)), "表头信息")
        stops = p.paragraph_format.tab_stops
        if len(first) > 2:
            stops.add_tab_stop(self.mm(self.width() / 2), alignment=1)
        stops.add_tab_stop(self.mm(self.width()), alignment=2)
        for line in b.parts[-1].split("\n")[1:]:
            styled(self.body.add_paragraph(line), "表头信息").alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def _figure(self, b: Block, i: int) -> None:
        assert b.chart is not None
        p = styled(self.body.add_paragraph(), "图")
        png = charts.png(b.chart, charts.labels(b.chart, self.display))
        p.add_run().add_picture(io.BytesIO(png), width=self.mm(CHART_WIDTH_MM))
        for pr in p._p.iter(qn("wp:docPr")):
            pr.set("descr", b.text)  # the alt text, as the PDF's
        p.paragraph_format.keep_with_next = True
        styled(self.body.add_paragraph(b.text), "Caption")

    def _table(self, b: Block, i: int, note: bool) -> None:
        assert b.grid is not None
        if self.previous == "table":
            self._hairline()
        table = write_grid(self.body, b.grid, self.width(), self.mm)
        if note:  # the last two rows go with the note
            keep_with_next([p for tr in table.findall(qn("w:tr"))[-2:] for p in tr.iter(qn("w:p"))])

    def _hairline(self) -> None:
        """A paragraph a point high between two tables: with nothing between them, Word and
        LibreOffice join them into one (a scorecard's form and its indicators, whose column
        heads then no longer repeat on the next page)."""
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt

        f = self.body.add_paragraph().paragraph_format
        f.space_before = f.space_after = Pt(0)
        f.line_spacing_rule, f.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(1)


def _content(body: Any) -> list[Any]:  # noqa: ANN401
    """The body's paragraphs and tables: python-docx adds each before the body's closing w:sectPr."""
    return [e for e in body if e.tag != qn("w:sectPr")]


def keep_with_next(paragraphs: list[Any]) -> None:  # noqa: ANN401
    """Word's "keep with next" on each paragraph (in a table row: the row stays with the next),
    in its place among the paragraph properties (after the style), as Word's schema orders them."""
    for p in paragraphs:
        p.get_or_add_pPr().get_or_add_keepNext()


def write_grid(body: Any, grid: Grid, width_mm: float, mm: Any) -> Any:  # noqa: ANN401
    """A Word table (its w:tbl element) from a grid, added at the end of `body`: merged cells,
    header rows repeated on each page, rows that never split across pages, joined rows kept
    with the row before, fixed column widths.

    Written as XML elements directly, as python-docx's merge and cell setters would (the same
    elements in the same order): those scan the row for every cell they touch, which was 80 %
    of a DOCX's time."""
    rows = [*grid.head, *grid.body]
    ncols = sum(c.colspan for c in rows[0]) if rows else grid.columns
    widths = list(grid.widths[:ncols])
    if len(widths) < ncols:
        rest = max(100 - sum(widths), 0) / (ncols - len(widths))
        widths += [rest] * (ncols - len(widths))
    twips = [mm(width_mm * w / sum(widths)).twips for w in widths]
    # Which cell each (row, column) belongs to: its first row and column, and its extent.
    owner: dict[tuple[int, int], tuple[int, int, int, int, Cell]] = {}
    for r, c, cell in grid.placed(ncols):
        last_r, last_c = min(r + cell.rowspan, len(rows)) - 1, min(c + cell.colspan, ncols) - 1
        for rr in range(r, last_r + 1):
            for cc in range(c, last_c + 1):
                owner.setdefault((rr, cc), (r, c, last_r, last_c, cell))
    part = body.part
    tbl = OxmlElement("w:tbl")
    pr = _sub(tbl, "w:tblPr")
    _sub(pr, "w:tblStyle", val=style_id(part, "Table Grid"))
    _sub(pr, "w:tblW", type="auto", w="0")
    _sub(pr, "w:jc", val="center")
    _sub(pr, "w:tblLayout", type="fixed")
    _sub(pr, "w:tblLook", firstColumn="1", firstRow="1", lastColumn="0", lastRow="0", noHBand="0", noVBand="1", val="04A0")
    columns = _sub(tbl, "w:tblGrid")
    for w in twips:
        _sub(columns, "w:gridCol", w=str(w))
    strong = {r + len(grid.head) for r in grid.strong}
    for r in range(len(rows)):
        tr = _sub(tbl, "w:tr")
        trpr = _sub(tr, "w:trPr")
        _sub(trpr, "w:cantSplit")
        if r < len(grid.head):
            _sub(trpr, "w:tblHeader")
        c = 0
        while c < ncols:
            first_r, first_c, last_r, last_c, cell = owner.get((r, c), (r, c, r, c, None))
            tc = _sub(tr, "w:tc")
            tcpr = _sub(tc, "w:tcPr")
            _sub(tcpr, "w:tcW", type="dxa", w=str(sum(twips[first_c:last_c + 1])))
            if last_c > first_c:
                _sub(tcpr, "w:gridSpan", val=str(last_c - first_c + 1))
            if last_r > first_r:
                _sub(tcpr, "w:vMerge", **({"val": "restart"} if r == first_r else {}))
            _sub(tcpr, "w:vAlign", val="center")
            paragraph = _sub(tc, "w:p")
            if cell is not None and r == first_r:
                _sub(_sub(paragraph, "w:pPr"), "w:pStyle", val=style_id(part, "表格表头" if cell.header else CELL_STYLES[cell.align]))
                run = None
                for line in cell.text.split("\n"):
                    if run is not None:
                        _sub(run, "w:br")
                    run = _sub(paragraph, "w:r")
                    rpr = _sub(run, "w:rPr")
                    if r in strong:
                        _sub(rpr, "w:b")
                    if line:
                        text = _sub(run, "w:t")
                        text.text = line
                        if line != line.strip():
                            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            c = last_c + 1
    body.element.body._insert_tbl(tbl)
    trs = tbl.findall(qn("w:tr"))
    joined = [trs[r + len(grid.head) - 1] for r in grid.joined if r > 0 or grid.head]
    keep_with_next([p for tr in joined for p in tr.iter(qn("w:p"))])
    return tbl


def _sub(parent: Any, tag: str, **attributes: str) -> Any:  # noqa: ANN401
    """A new last child `tag` of `parent` with w: `attributes`."""
    from lxml import etree

    element = etree.SubElement(parent, qn(tag))
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element

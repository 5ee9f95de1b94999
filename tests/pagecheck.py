"""The page check every PDF the tests build goes through (conftest wraps `pdf.write_pdf`).

From the PDF's text (poppler's `pdftotext`), page by page:

- no page whose only text is a note (注：/说明：), a caption (图N：), a heading, a table's title
  or its 部门/单位 lines (the page number aside);
- no page under a quarter full, except the last page before a part, an 附件 or a table that
  starts a new page by design (each 决算表 begins on its own page), and the last page;
- given the HTML the PDF was made from: no scorecard row (a body row of an eval table) whose
  text lies on two pages: each row's cells, those that span no other row, are found together
  on one page.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

CN = "一二三四五六七八九十"
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")
NOTE = re.compile(r"^(注|说明)[：:]")
CAPTION = re.compile(r"^图\d+[：:]")
HEADING = re.compile(rf"^(第[{CN}]+部分|附件\d*：?$|[{CN}]+、|（[{CN}]+）)")
META = re.compile(r"^(部门：|单位名称|单位：万元|填报日期|公开\d+表|\d{4}年度$)")
#: What begins a page by design: a part, an 附件, a 决算表's heading ("二、收入决算表").
STARTS = re.compile(rf"^(第[{CN}]+部分|附件\d+$|[{CN}]+、.*表$)")
LIST_ITEM = re.compile(r"^\d+\.")  # "3. …自评表" in a list of attachments is not a table's title
SHORT = 40  # a heading or a title is at most this long


def blocks(pdf: Path) -> list[tuple[float, list[tuple[str, float, float]]]]:
    """Per page: its width and its text blocks (text, top, bottom), the page number left out."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    pages = []
    for page in ElementTree.fromstring(xml).iter("page"):
        found = []
        for block in page.iter("block"):
            text = "".join(w.text or "" for w in block.iter("word"))
            if text and not PAGE_NUMBER.match(text):
                found.append((text, float(block.get("yMin", 0)), float(block.get("yMax", 0))))
        pages.append((float(page.get("width", 0)), sorted(found, key=lambda b: b[1])))
    return pages


def furniture(text: str) -> bool:
    """A note, caption, heading, table title or 部门/单位 line: never a page's only text."""
    short = len(text) <= SHORT
    return bool(NOTE.match(text) or CAPTION.match(text) or META.match(text)
                or (short and (HEADING.match(text) or (text.endswith("表") and not LIST_ITEM.match(text)))))


def problems(pdf: Path, html: str | None = None) -> list[str]:
    """What is wrong with the pages of `pdf`, one line each (empty: nothing)."""
    pages = blocks(pdf)
    found = []
    full = {}  # the text height of a full page, per page width (portrait, landscape)
    for width, bs in pages:
        if bs:
            full[width] = max(full.get(width, 0), bs[-1][2] - bs[0][1])
    for n, (width, bs) in enumerate(pages, 1):
        if not bs:
            found.append(f"第{n}页没有文字")
            continue
        if all(furniture(text) for text, _, _ in bs):
            found.append(f"第{n}页只有表注、图题、标题或表名：{' / '.join(t for t, _, _ in bs)[:80]}")
        last = n == len(pages) or (pages[n][1] and STARTS.match(pages[n][1][0][0]))
        fill = (max(b[2] for b in bs) - bs[0][1]) / full[width]
        if fill < 0.25 and not last:
            found.append(f"第{n}页不足四分之一（{fill:.0%}）：{bs[0][0][:30]}")
    if html is not None:
        texts = raw_pages(pdf)
        for row in scorecard_rows(html):
            if row and not any(row in page for page in texts):
                found.append(f"评分表的一行跨页：{row[:40]}")
    return found


def raw_pages(pdf: Path) -> list[str]:
    """Each page's text in content-stream order (the document's order), without white space."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")]


def scorecard_rows(html: str) -> list[str]:
    """The text of each body row of the HTML's eval tables (scorecards, small tables): its
    cells that span one row only, in order, without white space."""
    parser = _Rows()
    parser.feed(html)
    return parser.rows


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[str] = []
        self.eval = self.body = False
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.eval = "eval" in (a.get("class") or "").split()
        elif tag == "tbody":
            self.body = self.eval
        elif tag == "tr" and self.body:
            self.row = []
        elif tag in ("td", "th") and self.row is not None and int(a.get("rowspan") or 1) == 1:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(re.sub(r"\s+", "", "".join(self.row)))
            self.row = None
        elif tag == "tbody":
            self.body = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

"""Stage 4a, compose: the report model worded by the profile's templates into blocks.

The profile's report template (决算.j2 or 绩效.j2) is rendered once, in Jinja2's sandbox,
to a small HTML vocabulary — headings, paragraphs, figures, tables with merged cells, page
breaks — which is parsed here into `Block`s. Both the PDF and the DOCX are made from these
blocks, so the two formats carry the same text and the same tables by construction.
Heading numbers (一、（一）1.) and figure numbers are given here, in document order, in the
profile's numbering style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any, Callable

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..compute.model import Chart, Gap, Report
from ..errors import BuildError, Problem, Source
from ..profile import Profile
from ..settings import Settings
from .display import Display, numbered
from .templating import COMPILED, BoundedLoader, from_string

#: Which report a kind is, and its layout in the profile.
KINDS = {"决算": "final", "绩效": "performance"}


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "l"  # l, c, r (numbers), j (justified long text)
    header: bool = False


@dataclass(frozen=True)
class Grid:
    """A table: column widths in percent of the text width, header rows (repeated on every
    page), body rows; a row is strong (bold) when listed in `strong`, and never begins a page
    when listed in `joined` (it stays with the row before: a scorecard's 一级指标 group)."""

    kind: str  # grid (决算表) or eval (scorecards and small tables)
    widths: tuple[float, ...]
    head: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    strong: frozenset[int] = frozenset()  # indexes of strong body rows
    joined: frozenset[int] = frozenset()  # indexes of body rows kept with the row before

    @property
    def columns(self) -> int:
        return len(self.widths)

    def placed(self, columns: int) -> list[tuple[int, int, Cell]]:
        """Each cell of the header rows, then the body rows, with its row and first column (the
        columns a span from a row above covers are skipped); cells past `columns` are left out."""
        out: list[tuple[int, int, Cell]] = []
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate((*self.head, *self.body)):
            col = 0
            for cell in row:
                while (r, col) in taken:
                    col += 1
                if col >= columns:
                    break
                out.append((r, col, cell))
                taken.update((r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
                col += cell.colspan
        return out


@dataclass(frozen=True)
class Block:
    """One paragraph-level element: title, part, h2/h3/h4, p, meta, figure, table or break."""

    kind: str
    text: str = ""
    style: str = ""  # center, plain, note, caption, table-title, unit, table (a table's heading)
    landscape: bool = False  # part: its pages are landscape
    chart: Chart | None = None
    grid: Grid | None = None
    parts: tuple[str, ...] = ()  # meta: left, centre and right texts; title: where it may break


@dataclass(frozen=True)
class Composed:
    """A report worded and numbered: what both renderers print."""

    kind: str
    title: str
    author: str
    blocks: tuple[Block, ...]
    #: What the templates printed a 【待填写】 for (待填写(what, key)): what, and the data key
    #: ("" when the template names none), for check to list.
    asked: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        """The text, one block a line (tables cell by cell), for tests and previews."""
        lines = []
        for b in self.blocks:
            if b.grid is not None:
                lines += [c.text for row in (*b.grid.head, *b.grid.body) for c in row if c.text]
            elif b.kind == "meta":
                lines.append("\t".join(b.parts))
            else:
                lines.append(b.text)
        return "\n".join(lines)


def environment(profile: Profile, settings: Settings, asked: list[tuple[str, str]] | None = None) -> jinja2.Environment:
    """The sandboxed Jinja2 environment of a profile: the workspace's templates/ first, then the
    profile's folder and those of the profiles it is based on; "内置/…" names the profile's own
    file even when the workspace overrides it, "湖北/…" (a base's name) that base's file.
    Autoescaping prints YAML text literally; StrictUndefined makes a missing field an error.
    What the templates ask for with 待填写 is noted in `asked`."""
    own, *builtin = (str(f) for f in profile.folders)
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"内置": BoundedLoader(builtin),
                             **{name: BoundedLoader(folder) for name, folder in zip(profile.names[1:], builtin[1:])}}),
        BoundedLoader([own, *builtin]),
    ])
    env = ImmutableSandboxedEnvironment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                        trim_blocks=True, lstrip_blocks=True, bytecode_cache=COMPILED)
    env.filters.update(Display(settings.style).filters())
    env.globals["待填写"] = asker([] if asked is None else asked)
    return env


def asker(asked: list[tuple[str, str]]) -> Callable[..., str]:
    """The templates' 待填写(what, key=""): the placeholder of data the report needs and the
    workspace lacks, noted in `asked` for check to list (at `key`, a dotted data key as in
    需要的数据, "*" for each item of a list)."""
    def 待填写(what: object, key: object = "") -> str:
        asked.append((str(what), str(key)))
        return Gap.MARK + str(what) + "】"
    return 待填写


def context(report: Report, kind: str, profile: Profile, env: jinja2.Environment) -> dict[str, Any]:
    """What the report's templates see: the model, the profile's settings and the layout."""
    p = profile.settings
    layout = getattr(p, KINDS[kind])
    final = report.final  # None in a 绩效-only year
    base = {"report": report, "unit": report.unit, "year": report.year, "profile": p, "row_numbers": p.row_numbers,
            "tables": p.tables, "data": final.tables if final else {}, "tail_note": final.tail_note if final else False,
            "facts": final.facts if final else {}, "performance": report.performance, "terms": p.terms,
            "numbering": p.numbering}

    def text(source: str, **more: Any) -> str:
        return from_string(env, source).render({**base, **more})

    reports = report.performance.facts["project_reports"] if report.performance else []

    def copies(part: Any) -> list[dict[str, Any]]:
        """A part once, or once per project (每个项目) with that project's figures."""
        if not part.per_project:
            return [{"title": text(part.title), "report": None}]
        return [{"title": text(part.title, project=r["project"]), "report": r} for r in reports]

    parts = [{"block": part.block, "landscape": part.landscape, "macros": part.macros,
              "copies": copies(part), "sections": [{"title": text(s.title), "block": s.block} for s in part.sections],
              "tables": part.tables}
             for part in layout.parts]
    notes = {id: text(t.note) for id, t in p.tables.items()}
    titles = {"决算": text(p.final.title), "绩效": text(p.performance.title)}
    return {**base, "title": titles[kind], "titles": titles, "parts": parts, "layout": layout, "notes": notes}


def compose(report: Report, kind: str, profile: Profile, settings: Settings) -> Composed:
    """Word `report` (决算 or 绩效) with the profile's templates and number its headings."""
    from .templating import template_errors

    asked: list[tuple[str, str]] = []
    env = environment(profile, settings, asked)
    layout = getattr(profile.settings, KINDS[kind])
    with template_errors(profile):
        ctx = context(report, kind, profile, env)
        html = env.get_template(layout.template).render(ctx)
    charts = {c.id: c for c in report.final.charts} if report.final else {}
    blocks = [_title_parts(b, report.unit.name) for b in _Parser(charts, layout.template).parse(html)]
    return Composed(kind, ctx["title"], report.unit.name, tuple(_number(blocks, profile.settings.numbering, profile.settings.figure)),
                    tuple(dict.fromkeys(asked)))


#: Blocks printed with the small table that follows them: its title, 单位 and 部门 lines.
_LEADS = {("p", "table-title"), ("p", "caption"), ("p", "unit"), ("meta", ""), ("p", "lead")}
#: A line that introduces the block after it (p.lead: “2. 概述下属单位…”), never left alone at
#: the foot of a page.
_LEAD_IN = ("p", "lead")


def kept_together(blocks: tuple[Block, ...]) -> list[tuple[Block, ...]]:
    """The blocks in runs that both renderers keep on one page when they fit: a small table
    (kind eval, such as the 绩效 report's 三公 table) with the title, 单位 and 部门 lines
    before it and the notes after it, and a lead-in line (p.lead) with the block after it.
    Every other block is a run of its own; other tables (决算表, scorecards) break between
    rows, never inside one nor before a joined row."""
    runs: list[list[Block]] = []
    open_run = False  # the last run is a small table's, and takes the tables and notes that follow
    for b in blocks:
        small = b.grid is not None and b.grid.kind == "eval"
        if open_run and (small or (b.kind, b.style) == ("p", "note")):
            runs[-1].append(b)
        elif small:
            lead: list[Block] = []
            while runs and len(runs[-1]) == 1 and (runs[-1][0].kind, runs[-1][0].style) in _LEADS:
                lead = runs.pop() + lead
            runs.append([*lead, b])
        elif runs and (runs[-1][-1].kind, runs[-1][-1].style) == _LEAD_IN:
            runs[-1].append(b)
        else:
            runs.append([b])
        open_run = small or (open_run and (b.kind, b.style) == ("p", "note"))
    return [tuple(r) for r in runs]


def _title_parts(b: Block, unit: str) -> Block:
    """A title that begins with the unit's name, in two parts (the name, then the rest): a
    long title breaks between them, never inside a word such as 部门决算公开."""
    if b.kind != "title" or not b.text.startswith(unit) or b.text == unit or "\n" in b.text:
        return b
    return replace(b, parts=(unit, b.text[len(unit):]))


def _number(blocks: list[Block], patterns: list[str], figure: str) -> list[Block]:
    """Heading numbers per level, restarting under each higher level; figures numbered through."""
    counters = [0, 0, 0]
    figures = 0
    out = []
    for b in blocks:
        if b.kind == "part":
            counters = [0, 0, 0]
        elif b.kind in ("h2", "h3", "h4") and b.style not in ("plain", "center"):
            level = int(b.kind[1]) - 2
            counters[level] += 1
            counters[level + 1:] = [0] * (2 - level)
            b = Block(b.kind, numbered(patterns[level], counters[level]) + b.text, b.style)
        elif b.kind == "figure":
            figures += 1
            b = Block("figure", numbered(figure, figures) + b.text, b.style, chart=b.chart)
        out.append(b)
    return out


_SPACE = re.compile(r"\s*\n\s*")  # a template's line break and indentation, never printed
_BLOCKS = {"h2", "h3", "h4", "p"}
_ALIGN = {"n": "r", "c": "c", "long": "j"}


class _Parser(HTMLParser):
    """The report template's output → blocks; anything outside the vocabulary is an error."""

    def __init__(self, charts: dict[str, Chart], template: str):
        super().__init__(convert_charrefs=True)
        self.charts = charts
        self.template = template
        self.blocks: list[Block] = []
        self.current: dict[str, Any] | None = None  # the open paragraph-level element
        self.spans: list[str] | None = None
        self.table: dict[str, Any] | None = None
        self.cell: dict[str, Any] | None = None

    def parse(self, html: str) -> list[Block]:
        self.feed(html)
        self.close()
        return self.blocks

    def fail(self, what: str) -> None:
        raise BuildError([Problem(f"模板 {self.template} 的输出中有报告不支持的内容：{what}。"
                                  "报告模板只能使用 h1–h4、p、div.meta/span、figure、table（colgroup/col、thead、tbody、tr、th、td）、br 和 hr。",
                                  Source(f"templates/{self.template}"))])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        cls = a.get("class", "")
        if self.table is not None:
            self.table_tag(tag, a)
        elif tag == "br" and self.current is not None:
            self.current["text"] += "\n"
        elif tag == "hr":
            self.blocks.append(Block("break"))
        elif tag == "h1":
            kind = "title" if cls == "title" else "part"
            self.current = {"kind": kind, "text": "", "style": "", "landscape": "wide" in cls}
        elif tag in _BLOCKS:
            self.current = {"kind": tag, "text": "", "style": cls}
        elif tag == "div" and cls == "meta":
            self.spans = []
        elif tag == "span" and self.spans is not None:
            self.current = {"kind": "span", "text": ""}
        elif tag == "figure":
            chart = self.charts.get(a.get("data-chart", ""))
            if chart is None:
                self.fail(f"图表「{a.get('data-chart', '')}」不存在")
            self.current = {"kind": "figure", "text": "", "chart": chart}
        elif tag == "table":
            self.table = {"kind": cls or "grid", "widths": [], "head": [], "body": [], "strong": set(), "joined": set(), "section": "body"}
        else:
            self.fail(f"<{tag}>")

    def table_tag(self, tag: str, a: dict[str, str]) -> None:
        t = self.table
        assert t is not None
        if tag == "col":
            t["widths"].append(float(a.get("width", "0").rstrip("%") or 0))
        elif tag in ("thead", "tbody"):
            t["section"] = "head" if tag == "thead" else "body"
        elif tag == "tr":
            t[t["section"]].append([])
            for cls in ("strong", "joined"):
                if cls in a.get("class", "").split() and t["section"] == "body":
                    t[cls].add(len(t["body"]) - 1)
        elif tag in ("td", "th"):
            if not t[t["section"]]:
                self.fail(f"<{tag}> 不在 <tr> 中")
            self.cell = {"text": "", "colspan": int(a.get("colspan", 1) or 1), "rowspan": int(a.get("rowspan", 1) or 1),
                         "align": "c" if tag == "th" else _ALIGN.get(a.get("class", ""), "l"), "header": tag == "th"}
        elif tag == "br" and self.cell is not None:
            self.cell["text"] += "\n"
        elif tag != "colgroup":
            self.fail(f"表格中的 <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if self.table is not None:
            if tag in ("td", "th") and self.cell is not None:
                c = self.cell
                # ASCII whitespace only: a leading full-width space (　) indents a row's label.
                self.table[self.table["section"]][-1].append(Cell(c["text"].strip(" \t\r\n"), c["colspan"], c["rowspan"], c["align"], c["header"]))
                self.cell = None
            elif tag == "table":
                t = self.table
                self.table = None
                self.blocks.append(Block("table", grid=Grid(t["kind"], tuple(t["widths"]), tuple(tuple(r) for r in t["head"]),
                                                            tuple(tuple(r) for r in t["body"]), frozenset(t["strong"]),
                                                            frozenset(t["joined"]))))
            return
        if tag == "div" and self.spans is not None:
            self.blocks.append(Block("meta", parts=tuple(self.spans)))
            self.spans = None
        elif self.current is not None and tag in ("h1", "figure", "span", *_BLOCKS):
            c, self.current = self.current, None
            text = c["text"].strip(" \t")
            if c["kind"] == "span":
                self.spans.append(text)  # type: ignore[union-attr]
            else:
                self.blocks.append(Block(c["kind"], text, c.get("style", ""), c.get("landscape", False), c.get("chart")))

    def handle_data(self, data: str) -> None:
        data = _SPACE.sub("", data)
        if self.cell is not None:
            self.cell["text"] += data
        elif self.current is not None:
            self.current["text"] += data
        elif data.strip():
            self.fail(f"标签外的文字“{data.strip()[:20]}”")

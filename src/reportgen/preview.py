"""`preview`: the reports' HTML made again on every save (stages 1–4, without the PDF).

What the browser shows is the HTML that WeasyPrint lays out for the PDF (render/pdf.render_html),
with a bar on top (the other report, the PDF's page breaks on request, the 提醒 of the data at
their file:line) and a script that reloads the page when it changes, keeping its scroll position.
Invalid data, or a template that fails, shows the located problems instead, in Chinese; the
next good save brings the report back. Nothing is written: output/ is left as it is.
`serve.py` serves these pages and watches the files.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from .errors import Problem, ReportgenError, errors_only
from .profile import BUILTIN
from .preview_html import decorate, problem_list, standalone, wrong_data

if TYPE_CHECKING:
    from .pipeline import Prepared

#: The reports, by the name of their page.
PAGES = {"final": "决算", "performance": "绩效"}
NAMES = {"决算": "部门决算公开", "绩效": "部门整体支出绩效自评报告"}
#: Elements a PDF page can start with: numbered, so that the layout can point at them.
BLOCK = re.compile(r"<(p|h[1-4]|tr|figure|table)(?=[\s>])")


@dataclass(frozen=True)
class Page:
    html: str
    tag: str  # digest of the content: the page reloads when it changes
    source: str = ""  # the report's HTML as WeasyPrint gets it (empty when showing problems)


class Preview:
    """The pages of one workspace and year, made when asked and made again by `refresh`.

    Thread-safe: the server's threads ask for pages while the watcher refreshes them.
    """

    def __init__(self, workspace: Path, year: int) -> None:
        self.workspace, self.year = workspace, year
        self.changed = threading.Condition()
        self.generation = 0  # goes up whenever a page shown may have changed
        self.closed = False
        self._lock = threading.RLock()
        self._prepared: Prepared | None = None
        self._pages: dict[str, Page] = {}
        self._breaks: dict[str, str] = {}
        self._viewed: set[str] = {"index"}

    def refresh(self) -> dict[str, Page]:
        """Read the files again; the pages viewed so far are made at once, the others when asked.
        Wakes the pages' reload scripts when one of them changed."""
        with self._lock:
            old = self._pages
            self._prepared, self._pages, self._breaks = None, {}, {}
            made = {name: self.page(name) for name in sorted(self._viewed)}
        if any(old.get(name) is None or old[name].tag != page.tag for name, page in made.items()):
            with self.changed:
                self.generation += 1
                self.changed.notify_all()
        return made

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def errors(self) -> int:
        with self._lock:
            return len(errors_only(self._prepare().problems))

    def reads(self, path: Path) -> bool:
        """Whether the build reads `path`: the data of the year and the year before, the
        settings, the workspace's templates, its font folder and the built-in profiles."""
        root = self.workspace.resolve()
        if path.suffix in (".yaml", ".yml") and path.parent in (root / "data" / str(self.year), root / "data" / str(self.year - 1)):
            return True
        return path == root / "reportgen.yaml" or any(path.is_relative_to(folder) for folder in self._folders())

    def watched_outside(self) -> list[Path]:
        """The folders to watch besides the workspace (a font folder elsewhere, the built-in profiles)."""
        root = self.workspace.resolve()
        return [f for f in self._folders()[1:] if f.is_dir() and not f.is_relative_to(root)]

    def _folders(self) -> list[Path]:
        with self._lock:
            fonts = (self.workspace / self._prepare().settings.font_dir).resolve()
        return [self.workspace.resolve() / "templates", fonts, BUILTIN.resolve()]

    def font_files(self) -> set[Path]:
        """The font files of the settings: the pages link them, the server sends only these."""
        from .render.pdf import font_plan

        with self._lock:
            settings = self._prepare().settings
        return {p.resolve() for p in font_plan(self.workspace, settings).files}

    def page(self, name: str) -> Page:
        """The index ("index") or a report ("final", "performance")."""
        with self._lock:
            if name == "index" or name in PAGES:
                self._viewed.add(name)
            if name not in self._pages:
                self._pages[name] = self._make(name)
            return self._pages[name]

    def breaks(self, name: str) -> str:
        """Where the PDF's pages start, as JSON, from WeasyPrint's layout of the page's HTML
        (made only when asked: it takes as long as the PDF's layout)."""
        with self._lock:  # the layout runs unlocked: saves meanwhile refresh the pages at once
            if name in self._breaks:
                return self._breaks[name]
            page, prepared = self.page(name), self._prepare()
        try:
            found = page_starts(page.source, self.workspace, prepared) if page.source else {"pages": 0, "starts": []}
        except Exception as exc:  # noqa: BLE001 - said in the page's bar, the preview keeps running
            found = {"pages": 0, "starts": [], "error": f"{type(exc).__name__}: {exc}"}
        text = json.dumps(found, ensure_ascii=False)
        with self._lock:
            if self._pages.get(name) is page:
                self._breaks[name] = text
        return text

    def _prepare(self) -> Prepared:
        from .pipeline import prepare

        if self._prepared is None:
            self._prepared = prepare(self.workspace, self.year)
        return self._prepared

    def _make(self, name: str) -> Page:
        try:
            if name == "index":
                return self._index()
            return self._report(name)
        except ReportgenError as exc:
            return shell(name, "报告暂不能显示", "<h2>报告暂不能显示。改正后保存文件，本页会自动刷新。</h2>" + problem_list(exc.problems))
        except Exception as exc:  # noqa: BLE001 - the preview keeps running, whatever happens
            return shell(name, "内部错误", f"<h2>内部错误：{escape(type(exc).__name__)}: {escape(str(exc))}。</h2>"
                         "<p>预览仍在运行，撤销最近的修改并保存后本页会自动刷新。请把此信息和数据文件发给维护人员。</p>")

    def _index(self) -> Page:
        prepared = self._prepare()
        report = prepared.report
        links = "".join(f'<li><a href="/{name}">{NAMES[kind]}</a></li>' for name, kind in PAGES.items()
                        if report is not None and (report.final if kind == "决算" else report.performance) is not None)
        body = f"<h1>{self.year} 年度报告预览</h1>"
        if not prepared.ok:
            body += wrong_data(self._unfilled(prepared))
        else:
            body += f"<ul class='reports'>{links}</ul>"
            if report.performance is None:
                body += f"<p>{NO_PERFORMANCE}</p>"
            if report.final is None:
                body += f"<p>{NO_FINAL}</p>"
            body += problem_list(prepared.problems)
        return shell("index", f"{self.year} 年度报告预览", body)

    def _report(self, name: str) -> Page:
        from .render.compose import compose
        from .render.pdf import render_html

        kind = PAGES.get(name)
        if kind is None:
            return shell(name, "没有这个页面", '<h2>没有这个页面。</h2><p><a href="/">回到目录</a></p>')
        prepared = self._prepare()
        if not prepared.ok:
            return shell(name, "数据有误", wrong_data(self._unfilled(prepared)))
        report, profile = prepared.report, prepared.profile
        assert report is not None and profile is not None
        if kind == "绩效" and report.performance is None:
            return shell(name, "没有绩效报告", f"<h2>{NO_PERFORMANCE}</h2>")
        if kind == "决算" and report.final is None:
            return shell(name, "没有决算报告", f"<h2>{NO_FINAL}</h2>")
        composed = compose(report, kind, profile, prepared.settings)
        source = BLOCK.sub(numbered(), render_html(composed, profile, self.workspace, prepared.settings))
        tag = digest(source, prepared.problems)
        return Page(decorate(source, name, prepared.problems, tag), tag, source)

    def _unfilled(self, prepared: Prepared) -> list[Problem]:
        """As `check` says it: for a new year, what is left to fill in; else the errors first."""
        from .init_workspace import missing

        problems = prepared.problems
        return missing(self.workspace, self.year) or errors_only(problems) + [p for p in problems if p.severity != "error"]


NO_PERFORMANCE = "数据中没有「绩效」部分，没有部门整体支出绩效自评报告。"
NO_FINAL = "本年度数据中没有公开表（收入支出决算总表等），没有部门决算公开，只有绩效自评报告。"


def shell(name: str, title: str, body: str) -> Page:
    tag = digest(title, body)
    return Page(standalone(name, title, body, tag), tag)


def numbered():  # noqa: ANN201
    """A re.sub replacement giving each block element an attribute data-rg="1", "2", …"""
    count = iter(range(1, 1 << 30))
    return lambda m: f'<{m.group(1)} data-rg="{next(count)}"'


def digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def page_starts(html: str, workspace: Path, prepared: Prepared) -> dict[str, object]:
    """The PDF's number of pages and, for each page after the first, the first numbered element that starts on it, and
    whether the page begins with the rest of a paragraph or heading of the page before."""
    from .render.pdf import layout

    assert prepared.profile is not None
    document = layout(html, workspace, prepared.settings, prepared.profile, {})
    seen: set[str] = set()
    starts: list[dict[str, object]] = []
    for number, page in enumerate(document.pages, start=1):
        found = [(box.element.get("data-rg"), box.element.tag) for box in page._page_box.descendants()  # noqa: SLF001
                 if getattr(box, "element", None) is not None and box.element.get("data-rg")]
        fresh = next((i for i, _ in found if i not in seen), None)
        if number > 1 and fresh is not None:
            first, tag = found[0]
            starts.append({"id": fresh, "page": number, "continued": first in seen and tag not in ("table", "tr")})
        seen.update(i for i, _ in found)
    return {"pages": len(document.pages), "starts": starts}

"""PDF renderer: the report model through a Jinja2 HTML template into WeasyPrint.

The page template (page.html.j2) comes from the workspace's `templates/` folder when it
overrides it, else from the profile. The URL fetcher serves only the package's and the workspace's
own files (and the data: URIs of our charts), so nothing in the data can read local files or
the network.
"""

from __future__ import annotations

import base64
import contextlib
import io
import sys
import urllib.parse
from dataclasses import replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..profile import Profile
from ..settings import Settings
from . import charts
from .compose import Block, Composed, environment, kept_together
from .display import Display
from .fonts import FontPlan, css_name, plan
from .templating import template_errors


def font_plan(workspace: Path, settings: Settings) -> FontPlan:
    return plan(settings.fonts, workspace / settings.font_dir)


def segments(blocks: tuple[Block, ...]) -> list[dict[str, Any]]:
    """The blocks cut into parts, portrait or landscape, each a list of runs (see
    compose.kept_together); a part right after the title starts on the title's page."""
    out: list[dict[str, Any]] = [{"landscape": False, "runs": []}]
    for run in kept_together(blocks):
        b = run[0]
        if b.kind == "part":
            if b is blocks[1]:
                run = (replace(b, style="first"), *run[1:])
            else:
                out.append({"landscape": b.landscape, "runs": []})
        out[-1]["runs"].append(run)
    return out


def render_html(composed: Composed, profile: Profile, workspace: Path, settings: Settings) -> str:
    """The HTML that WeasyPrint lays out: the profile's page.html.j2 around the composed blocks."""
    env = environment(profile, settings)
    fonts = font_plan(workspace, settings)
    display = Display(settings.style)
    chart_uris = {b.chart.id: "data:image/svg+xml;base64," + base64.b64encode(charts.svg(b.chart, charts.labels(b.chart, display)).encode()).decode()
                  for b in composed.blocks if b.chart is not None}
    context = {
        "doc_title": composed.title,
        "author": composed.author,
        "segments": segments(composed.blocks),
        "charts": chart_uris,
        # Font stacks are built from sanitised names, so they may go into the CSS unescaped.
        "fonts": {role: Markup(fonts.css_stack(role)) for role in fonts.stacks},
        "font_faces": [{"family": Markup(css_name(p.stem)), "url": p.resolve().as_uri()} for p in fonts.files],
        "page_number": settings.style.page_number,
    }
    with template_errors(profile):
        return env.get_template("page.html.j2").render(context)


def allowed_file(url: str, allowed: list[Path]) -> bool:
    """Whether a file: URL names a file inside one of the `allowed` folders. The path is
    compared as the file system will see it — percent-decoded (a workspace named 我的 单位 is
    %E6%88%91… in its URLs; %2e%2e is ..), then resolved — and a URL naming another host is
    refused."""
    parts = urllib.parse.urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return False
    path = Path(urllib.parse.unquote(parts.path)).resolve()
    return any(path.is_relative_to(root) for root in allowed)


def write_pdf(html: str, target: Path, workspace: Path, settings: Settings, profile: Profile, title: str, author: str) -> int:
    """Lay out and write the PDF (fonts embedded and subset by WeasyPrint); its page count."""
    # Tagged always (headings, paragraphs, tables with their header cells, figures with their
    # alt text: what screen readers and text reflow on the web need), with any variant: PDF/A-3b
    # (sRGB output intent, XMP identification) or PDF/UA-1. The variant is given to layout as
    # well as to writing, so that both use its defaults.
    options: dict[str, Any] = {"uncompressed_pdf": False, "pdf_tags": True}
    if settings.pdf_variant:
        options["pdf_variant"] = settings.pdf_variant
    rendered = layout(html, workspace, settings, profile, options)
    rendered.metadata.title = title
    rendered.metadata.authors = [author]
    rendered.write_pdf(target, **options)
    return len(rendered.pages)


def load_weasyprint() -> None:
    """Import WeasyPrint, its libraries opened by their file names.

    WeasyPrint asks cffi for each library under every platform's names (libpango-1.0-0,
    pango-1.0, libpango-1.0.so.0 …); on Linux each name that is not a file name makes
    ctypes.util.find_library run ldconfig, gcc and ld (WeasyPrint issue #1125): some 130
    processes per import, 0.2 s alone and over a second beside a build's other processes.
    With find_library answering nothing, the names the dynamic loader knows (libpango-1.0.so.0)
    open directly; where that fails (a library found only by the slow search), WeasyPrint is
    imported again the usual way.
    """
    if "weasyprint" in sys.modules:
        return
    import ctypes.util
    import importlib

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its advice on a failure
            importlib.import_module("weasyprint")
        return
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    importlib.import_module("weasyprint")


def layout(html: str, workspace: Path, settings: Settings, profile: Profile, options: dict[str, Any]) -> Any:  # noqa: ANN401
    """WeasyPrint's pages of `html` (a weasyprint Document), read with the restricted fetcher."""
    load_weasyprint()
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    allowed = [*(f.resolve() for f in profile.folders), (workspace / settings.font_dir).resolve()]

    class Fetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:  # noqa: ANN401
            if url.startswith("file:"):
                if not allowed_file(url, allowed):
                    raise ValueError(f"blocked: {url}")
            elif not url.startswith("data:"):
                raise ValueError(f"blocked: {url}")
            return super().fetch(url, headers)

    document = HTML(string=html, base_url=str(profile.folders[-1]) + "/", url_fetcher=Fetcher(allowed_protocols={"file", "data"}))
    return document.render(**options)

"""PDF renderer: the report model through a Jinja2 HTML template into WeasyPrint.

Templates come from the workspace's `templates/` folder when it overrides one, else from the
package (see templating.py). The URL fetcher serves only the package's and the workspace's
own files (and the data: URIs of our charts), so nothing in the data can read local files or
the network.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..settings import Settings
from . import charts
from .fonts import FontPlan, css_name, plan
from .templating import PACKAGE_TEMPLATES, environment, template_errors, template_path


def font_plan(workspace: Path, settings: Settings) -> FontPlan:
    return plan(settings.fonts, workspace / settings.font_dir)


def render_html(template: str, context: dict[str, Any], workspace: Path, settings: Settings) -> str:
    """Render one report's HTML, turning template errors into problems with their line."""
    env = environment(workspace, settings)
    fonts = font_plan(workspace, settings)
    chart_uris = {chart.id: "data:image/svg+xml;base64," + base64.b64encode(charts.svg(chart).encode()).decode()
                  for chart in charts.of(context)}
    full = {
        **context,
        "charts": chart_uris,
        # Font stacks are built from sanitised names, so they may go into the CSS unescaped.
        "fonts": {role: Markup(fonts.css_stack(role)) for role in fonts.stacks},
        "font_faces": [{"family": Markup(css_name(p.stem)), "url": p.resolve().as_uri()} for p in fonts.files],
        "page_number": settings.style.page_number,
    }
    with template_errors(template_path(template, workspace), workspace):
        return env.get_template(template).render(full)


def write_pdf(html: str, target: Path, workspace: Path, settings: Settings, title: str, author: str) -> None:
    """Lay out and write the PDF; fonts are embedded and subset by WeasyPrint."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    allowed = [PACKAGE_TEMPLATES.resolve(), (workspace / settings.font_dir).resolve(), (workspace / "templates").resolve()]

    class Fetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:  # noqa: ANN401
            if url.startswith("file://"):
                path = Path(url[7:].split("?")[0]).resolve()
                if not any(path.is_relative_to(root) for root in allowed):
                    raise ValueError(f"blocked: {url}")
            elif not url.startswith("data:"):
                raise ValueError(f"blocked: {url}")
            return super().fetch(url, headers)

    document = HTML(string=html, base_url=str(PACKAGE_TEMPLATES) + "/", url_fetcher=Fetcher(allowed_protocols={"file", "data"}))
    # The variant (PDF/A-3b: sRGB output intent, XMP identification; PDF/UA-1: tagged structure)
    # is given to layout as well as to writing, so that both use the variant's defaults.
    options: dict[str, Any] = {"uncompressed_pdf": False}
    if settings.pdf_variant:
        options["pdf_variant"] = settings.pdf_variant
    rendered = document.render(**options)
    rendered.metadata.title = title
    rendered.metadata.authors = [author]
    rendered.write_pdf(target, **options)

"""PDF renderer: the report model through a Jinja2 HTML template into WeasyPrint.

Templates come from the workspace's `templates/` folder when it overrides one, else from the
package. Autoescaping prints YAML text literally; StrictUndefined makes a missing field an
error. The URL fetcher serves only the package's and the workspace's own files (and the
data: URIs of our charts), so nothing in the data can read local files or the network.
"""

from __future__ import annotations

import base64
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import BuildError, Problem, Source
from ..settings import Settings
from . import charts
from .fonts import FontPlan, css_name, plan
from .formatting import filters

PACKAGE_TEMPLATES = Path(str(resources.files("reportgen") / "templates"))


def environment(workspace: Path, settings: Settings) -> jinja2.Environment:
    """The Jinja2 environment of both renderers' HTML: overrides first, then built-ins."""
    loaders = [jinja2.FileSystemLoader(str(workspace / "templates")), jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES))]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    env.filters.update(filters(settings.style))
    return env


def font_plan(workspace: Path, settings: Settings) -> FontPlan:
    return plan(settings.fonts, workspace / settings.font_dir)


def render_html(template: str, context: dict[str, Any], workspace: Path, settings: Settings) -> str:
    """Render one report's HTML, turning template errors into problems with their line."""
    env = environment(workspace, settings)
    fonts = font_plan(workspace, settings)
    chart_uris = {
        block.chart.id: "data:image/svg+xml;base64," + base64.b64encode(charts.svg(block.chart).encode()).decode()
        for part in context.get("chart_parts", ())
        for block in part
        if block.chart is not None
    }
    full = {
        **context,
        "charts": chart_uris,
        # Font stacks are built from sanitised names, so they may go into the CSS unescaped.
        "fonts": {role: Markup(fonts.css_stack(role)) for role in fonts.stacks},
        "font_faces": [{"family": Markup(css_name(p.stem)), "url": p.resolve().as_uri()} for p in fonts.files],
        "page_number": settings.style.page_number,
    }
    try:
        return env.get_template(template).render(full)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError([Problem(f"模板语法错误：{exc.message}。请检查该行的 {{% %}} 或 {{{{ }}}} 是否成对。",
                                  Source(_template_path(exc.filename, workspace), exc.lineno or 0, 0))]) from None
    except jinja2.UndefinedError as exc:
        raise BuildError([Problem(f"模板引用了不存在的数据：{exc.message}。请核对模板中的字段名。",
                                  Source(_template_path(getattr(exc, 'filename', None) or template, workspace)))]) from None
    except jinja2.TemplateNotFound as exc:
        raise BuildError([Problem(f"找不到模板 {exc.name}。", Source(str(workspace / "templates")))]) from None


def _template_path(filename: str | None, workspace: Path) -> str:
    if not filename:
        return "templates"
    path = Path(filename)
    try:
        return str(path.relative_to(workspace))
    except ValueError:
        return f"（内置模板）{path.name}"


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
    options: dict[str, Any] = {"uncompressed_pdf": False}
    if settings.pdf_variant:
        options["pdf_variant"] = settings.pdf_variant
    rendered = document.render(**{k: v for k, v in options.items() if k != "pdf_variant"})
    rendered.metadata.title = title
    rendered.metadata.authors = [author]
    rendered.write_pdf(target, **({"pdf_variant": settings.pdf_variant} if settings.pdf_variant else {}))

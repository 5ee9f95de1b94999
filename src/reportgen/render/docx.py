"""DOCX renderer: the report model through a Word template (docxtpl).

The built-in templates (templates/final.docx, performance.docx) are made by
scripts/make_docx_templates.py; a workspace may put its own restyled copy in templates/.
docxtpl renders the document XML as a Jinja2 template with autoescaping, so text from the
YAML is printed literally; charts go in as high-resolution PNG inline images.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..errors import BuildError, Problem, Source
from ..settings import Settings
from . import charts
from .templating import environment, shown_path, template_errors, template_path

CHART_WIDTH_MM = 150


def write_docx(template: str, context: dict[str, Any], target: Path, workspace: Path, settings: Settings) -> None:
    from docx.opc.exceptions import PackageNotFoundError
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from lxml import etree

    path = template_path(template, workspace)
    try:
        doc = DocxTemplate(path)
        doc.init_docx()
    except (PackageNotFoundError, KeyError, ValueError, OSError, zipfile.BadZipFile, etree.LxmlError) as exc:
        # A truncated, renamed or corrupt file: whatever python-docx trips on, the clerk's fix is the same.
        raise BuildError([Problem(f"Word 模板无法打开（{type(exc).__name__}），文件可能已损坏或不是 .docx。"
                                  "请用 Word 另存为 .docx 后重试，或删除该文件以使用内置模板。",
                                  Source(shown_path(path, workspace)))]) from None
    images = {chart.id: InlineImage(doc, io.BytesIO(charts.png(chart)), width=Mm(CHART_WIDTH_MM))
              for chart in charts.of(context)}
    env = environment(workspace, settings)
    env.finalize = _literal
    with template_errors(path, workspace):
        try:
            doc.render({**context, "images": images}, jinja_env=env, autoescape=True)
        except etree.LxmlError as exc:
            raise BuildError([Problem(f"Word 模板填入数据后不是有效的 Word 文档（{exc}）。请检查模板中的 {{% %}} 标记"
                                      "是否拆开了表格或段落。", Source(shown_path(path, workspace)))]) from None
    doc.save(target)


def _literal(value: Any) -> Any:  # noqa: ANN401
    """Every `{{ value }}` of the Word template, escaped for XML, with its braces as character
    references: docxtpl rewrites "{_{", "}_}", "{_%" and "%_}" to "{{", "}}", "{%" and "%}" in
    the rendered XML, which would change what a clerk typed. Values that are already markup
    (images, rich text) pass unchanged."""
    if hasattr(value, "__html__"):
        return value
    return Markup(str(escape(str(value))).replace("{", "&#123;").replace("}", "&#125;"))

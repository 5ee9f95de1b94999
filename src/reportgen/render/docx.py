"""DOCX renderer: the report model through a Word template (docxtpl).

The built-in templates (templates/final.docx, performance.docx) are made by
scripts/make_docx_templates.py; a workspace may put its own restyled copy in templates/.
docxtpl renders the document XML as a Jinja2 template with autoescaping, so text from the
YAML is printed literally; charts go in as high-resolution PNG inline images.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..errors import BuildError, Problem, Source
from ..settings import Settings
from . import charts
from .templating import environment, shown_path, template_errors, template_path

CHART_WIDTH_MM = 150


def write_docx(template: str, context: dict[str, Any], target: Path, workspace: Path, settings: Settings) -> None:
    from docx.opc.exceptions import PackageNotFoundError
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    path = template_path(template, workspace)
    try:
        doc = DocxTemplate(path)
        doc.init_docx()
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise BuildError([Problem(f"Word 模板无法打开（{type(exc).__name__}）。请用 Word 另存为 .docx 后重试，"
                                  "或删除该文件以使用内置模板。", Source(shown_path(path, workspace)))]) from None
    images = {chart.id: InlineImage(doc, io.BytesIO(charts.png(chart)), width=Mm(CHART_WIDTH_MM))
              for chart in charts.of(context)}
    env = environment(workspace, settings)
    with template_errors(path, workspace):
        doc.render({**context, "images": images}, jinja_env=env, autoescape=True)
    doc.save(target)

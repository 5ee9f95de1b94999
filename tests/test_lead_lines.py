"""A line that introduces what follows it (p.lead, such as 决算's “2. 概述下属单位整体支出绩效目标
实现情况。”) is never left alone at the foot of a page: both renderers keep it with the next block."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from reportgen.pipeline import prepare, printed
from reportgen.render import docx, pdf
from reportgen.render.compose import kept_together

from .conftest import ROOT, copy_workspace

LEAD = "概述下属单位整体支出绩效目标实现情况。"


def test_a_lead_in_line_keeps_with_the_next_block(tmp_path: Path) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    prepared = prepare(ws, 2024)
    _, composed = printed(prepared, ("决算",))
    words = composed["决算"]
    run = next(r for r in kept_together(words.blocks) if r[0].text.endswith(LEAD))
    assert [b.kind for b in run] == ["p", "p"] and run[1].text  # the line, then what it introduces

    html = pdf.render_html(words, prepared.profile, ws, prepared.settings)
    assert re.search(rf'<div class="keep"><p class="lead">\d+\.\s*{LEAD}</p>\s*<p>', html)

    target = tmp_path / "决算.docx"
    docx.write_docx(words, prepared.profile, target, ws, prepared.settings)
    paragraphs = Document(str(target)).paragraphs
    i = next(i for i, p in enumerate(paragraphs) if p.text.endswith(LEAD))
    assert paragraphs[i].paragraph_format.keep_with_next
    assert not paragraphs[i + 1].paragraph_format.keep_with_next


def test_the_performance_reports_numbered_lead_ins_keep_with_their_text(tmp_path: Path) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    prepared = prepare(ws, 2024)
    _, composed = printed(prepared, ("绩效",))
    runs = kept_together(composed["绩效"].blocks)
    for lead in ("1. 单位职责", "2. 机构设置情况", "3. 人员编制情况", "1. 基本情况", "2. “三公”经费使用管理情况"):
        run = next(r for r in runs if r[0].text == lead)
        assert len(run) == 2 and run[0].style == "lead", lead


def test_the_list_of_attachments_is_kept_on_one_page(tmp_path: Path) -> None:
    """A clerk's 绩效 PDF had 附件：1. on one page and 2.–4. alone on the next."""
    prepared = prepare(copy_workspace(ROOT, tmp_path / "ws"), 2024)
    _, composed = printed(prepared, ("绩效",))
    run = next(r for r in kept_together(composed["绩效"].blocks) if r[0].text.startswith("1. 2024年度"))
    assert [b.text[:2] for b in run] == ["1.", "2.", "3.", "4."]

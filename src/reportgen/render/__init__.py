"""Stage 4, render: the report model to PDF (Jinja2 HTML + WeasyPrint) and DOCX (docxtpl).

Renderers only format: `formatting` rounds figures for display (the one place both formats
share), `charts` draws the model's charts, `fonts` picks a font for each 公文 role.
"""

import os


def yield_cpu() -> None:
    """Lower this process's CPU priority for the rest of its life: a build's work that is not on
    its longest path (the charts' PNGs, every report but the longest) gives way to the 决算 PDF
    whenever the build's processes outnumber the cores."""
    try:
        os.nice(10)
    except OSError:  # not allowed here: the work is done all the same
        pass

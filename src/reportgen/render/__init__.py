"""Stage 4, render: the report model to PDF (Jinja2 HTML + WeasyPrint) and DOCX (docxtpl).

Renderers only format: `formatting` rounds figures for display (the one place both formats
share), `charts` draws the model's charts, `fonts` picks a font for each 公文 role.
"""

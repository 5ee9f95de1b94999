"""reportgen: 部门决算公开 and 部门整体支出绩效自评报告 from YAML to DOCX and PDF.

The pipeline, one module (or package) per stage:
load (YAML with positions) -> validate (schema, then identities) -> compute (one immutable
report model) -> render (DOCX and PDF from that model) -> write (atomically).
"""

__version__ = "0.1.0"

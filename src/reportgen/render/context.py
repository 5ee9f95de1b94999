"""The template context of each report: the model itself plus what templates look up."""

from __future__ import annotations

from typing import Any

from ..compute.model import Report


def final_context(report: Report) -> dict[str, Any]:
    f = report.final
    return {"report": report, "doc_title": f.title, "author": report.unit.name, "chart_parts": (f.part3,)}


def performance_context(report: Report) -> dict[str, Any]:
    p = report.performance
    assert p is not None
    return {"report": report, "doc_title": p.title, "author": report.unit.name, "chart_parts": ()}

"""The template context of each report: the model itself plus what templates look up."""

from __future__ import annotations

from typing import Any

from ..compute.model import Report


def final_context(report: Report) -> dict[str, Any]:
    f = report.final
    return {**_common(report, f.title), "chart_parts": (f.part3,), "tables": {t.number: t for t in f.tables}}


def performance_context(report: Report) -> dict[str, Any]:
    p = report.performance
    assert p is not None
    return {**_common(report, p.title), "chart_parts": (), "cards": (p.whole, *p.projects)}


def _common(report: Report, title: str) -> dict[str, Any]:
    return {"report": report, "doc_title": title, "author": report.unit.name, "unit_name": report.unit.name,
            "year": report.year}

"""DOCX renderer (placeholder until the Word templates land)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..settings import Settings


def write_docx(template: str, context: dict[str, Any], target: Path, workspace: Path, settings: Settings) -> None:
    raise NotImplementedError

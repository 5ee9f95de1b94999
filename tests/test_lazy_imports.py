"""`--help` and `check` must stay fast: they never import the renderers' heavy libraries."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

HEAVY = ("weasyprint", "matplotlib", "docxtpl", "docx", "openpyxl", "python_calamine")


def test_check_and_help_do_not_import_renderers() -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from reportgen.cli import app\n"
        "from reportgen.pipeline import prepare\n"
        f"assert prepare(Path({str(ROOT)!r}), 2024).ok\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

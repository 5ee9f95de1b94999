"""`--help` and `check` must stay fast: they never import the renderers' heavy libraries, and
reading the settings does not list the system's fonts."""

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


def test_loading_settings_does_not_list_fonts(tmp_path) -> None:  # noqa: ANN001
    """Fonts are checked by `check` and `build` (pipeline.prepare), not whenever settings are read."""
    (tmp_path / "reportgen.yaml").write_text("字体: {仿宋: [不存在的字体]}\n", "utf-8")
    code = (
        "import sys; from pathlib import Path\n"
        "from reportgen.settings import load_settings\n"
        f"settings, problems = load_settings(Path({str(tmp_path)!r}))\n"
        "assert settings.fonts\n"
        "print('reportgen.render.fonts' in sys.modules, len(problems))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False 0"

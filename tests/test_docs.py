"""The data-format reference and the JSON Schema stay true to the schema and the code."""

from __future__ import annotations

import json
import re

from reportgen import formatdoc
from reportgen.schema import YearData
from reportgen.settings import Settings

from .conftest import ROOT, run, schema_keys


def test_data_format_reference_is_current() -> None:
    committed = (ROOT / "docs" / "data-format.md").read_text("utf-8")
    assert committed == formatdoc.render(), "run: python -m reportgen.formatdoc > docs/data-format.md"


def test_every_schema_key_is_documented() -> None:
    text = (ROOT / "docs" / "data-format.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `([^`]+)` \|", text, re.M))
    keys = schema_keys(YearData) | schema_keys(Settings)
    assert keys <= documented, sorted(keys - documented)


def test_schema_command_exports_json_schema(tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "s.json"
    result = run("schema", "-o", str(target))
    assert result.exit_code == 0, result.output
    schema = json.loads(target.read_text("utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")
    assert "收入决算表" in schema["properties"] and "绩效" in schema["properties"]
    assert schema["properties"]["金额单位"]["enum"] == ["万元", "元"]


def test_readme_documents_every_command() -> None:
    from reportgen.cli import app

    readme = (ROOT / "README.md").read_text("utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert re.search(rf"`reportgen {name}\b", readme), name


def test_word_templates_are_generated_from_the_script(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The built-in .docx templates are what scripts/make_docx_templates.py makes."""
    import runpy
    import sys
    import zipfile

    monkeypatch.setattr(sys, "argv", ["make_docx_templates.py", str(tmp_path)])
    runpy.run_path(str(ROOT / "scripts" / "make_docx_templates.py"), run_name="__main__")
    for name in ("final.docx", "performance.docx"):
        fresh = zipfile.ZipFile(tmp_path / name).read("word/document.xml")
        shipped = zipfile.ZipFile(ROOT / "src" / "reportgen" / "templates" / name).read("word/document.xml")
        assert fresh == shipped, f"run: python scripts/make_docx_templates.py ({name})"

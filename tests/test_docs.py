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
    assert schema["properties"]["金额单位"]["enum"] == ["万元", "百元", "元"]


def test_readme_documents_every_command() -> None:
    from reportgen.cli import app

    readme = (ROOT / "README.md").read_text("utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert re.search(rf"`reportgen {name}\b", readme), name


def test_word_templates_are_generated_from_the_script(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The built-in .docx templates are what scripts/make_docx_templates.py makes."""
    import subprocess
    import sys
    import zipfile

    # A fresh process: python-docx state left by other tests must not change what it writes.
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_docx_templates.py"), str(tmp_path)], check=True,
                   capture_output=True)
    fresh = zipfile.ZipFile(tmp_path / "report.docx")
    shipped = zipfile.ZipFile(ROOT / "src" / "reportgen" / "profiles" / "hubei" / "report.docx")
    assert fresh.namelist() == shipped.namelist(), "run: python scripts/make_docx_templates.py"
    def canonical(data: bytes) -> bytes:  # <a/> and <a></a> are the same XML
        from lxml import etree

        return etree.tostring(etree.fromstring(data), method="c14n")

    for part in shipped.namelist():  # every part: styles, settings and properties as well as the body
        fresh_part, shipped_part = fresh.read(part), shipped.read(part)
        if part.endswith(".xml") or part.endswith(".rels"):
            fresh_part, shipped_part = canonical(fresh_part), canonical(shipped_part)
        assert fresh_part == shipped_part, f"run: python scripts/make_docx_templates.py ({part})"

"""Shared fixtures: the 恩施 2023 workspace (reference 003's real figures) and the demo; a
cache and a temporary folder of the tests' own."""

from __future__ import annotations

import shutil
import tempfile
import typing
from pathlib import Path
from typing import Iterator

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.pipeline import Prepared, prepare

ROOT = Path(__file__).resolve().parents[1]
ENSHI = ROOT / "tests" / "fixtures" / "enshi"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests neither read nor fill the user's cache: a stale entry there must not make a
    test pass, and the tests' thousands of generated inputs do not belong in it. Set before
    any test runs, so that the CLI's subprocesses inherit it too."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def private_tempdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test's temporary files (import's scratch copy; build staging folders and locks when
    the cache folder cannot hold them) go in a folder of its own, its subprocesses' too: no test sees another reportgen process's
    files in the system's temporary folder, or leaves its own there. (Not the test's
    `monkeypatch`, which a test may undo.)"""
    folder = str(tmp_path_factory.mktemp("tmp"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", folder)
        mp.setenv("TMPDIR", folder)
        yield


@pytest.fixture(scope="session", autouse=True)
def checked_pages() -> Iterator[None]:
    """Every PDF a test builds in this process (or in a build's forked workers) goes through
    the page check (tests/pagecheck.py): a bad page fails the build that made it."""
    from reportgen.render import pdf

    from .pagecheck import problems

    original = pdf.write_pdf

    def write_pdf(html: str, target: Path, *args: object, **kwargs: object) -> int:
        pages = original(html, target, *args, **kwargs)
        found = problems(target, html)
        assert not found, f"{target.name}: " + "；".join(found)
        return pages

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf, "write_pdf", write_pdf)
        yield


@pytest.fixture(scope="session")
def enshi() -> Prepared:
    prepared = prepare(ENSHI, 2023)
    assert prepared.ok, [p.format() for p in prepared.problems]
    return prepared


def worded(prepared: Prepared, kind: str = "决算") -> str:
    """The text of one report as its profile words it (what both formats print)."""
    from reportgen.render.compose import compose

    return compose(prepared.report, kind, prepared.profile, prepared.settings).text()


def copy_workspace(source: Path, target: Path) -> Path:
    """A copy of a workspace's data and settings (never its output)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "data", target / "data")
    if (source / "reportgen.yaml").exists():
        shutil.copy(source / "reportgen.yaml", target / "reportgen.yaml")
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), "utf-8")


def schema_keys(model: type[BaseModel]) -> set[str]:
    """Every key of `model` and of the models nested in it, found by walking the annotations."""
    keys = set()
    for field in model.model_fields.values():
        keys.add(field.alias)
        for sub in models_in(field.annotation):
            keys |= schema_keys(sub)
    return keys


def models_in(annotation: object) -> list[type[BaseModel]]:
    """The models an annotation names, at any depth (Optional, list, dict, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in models_in(arg)]


def run(*args: str):  # noqa: ANN201
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(app, list(args))

"""The user's cache (cache.py): parsed YAML files are reused, never stale, never trusted."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from reportgen import cache, load
from reportgen.load import load_year

from .conftest import ROOT, copy_workspace, edit


@pytest.fixture()
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE", str(folder))
    return folder


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = load._yaml

    def counting():  # noqa: ANN202
        calls[0] += 1
        return real()

    monkeypatch.setattr(load, "_yaml", counting)
    return calls


def test_a_second_load_parses_nothing_and_gives_the_same_data(tmp_path: Path, own_cache: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    first, problems = load_year(ws, 2024)
    assert not problems
    files = len(list((ws / "data" / "2024").glob("*.yaml")))
    assert len(list((own_cache / "parsed").iterdir())) == files
    calls = count_parses(monkeypatch)
    second, _ = load_year(ws, 2024)
    assert calls[0] == 0
    assert second.data == first.data
    assert second.positions == first.positions
    assert second.units == first.units


def test_after_editing_one_file_only_that_file_is_parsed(tmp_path: Path, own_cache: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    load_year(ws, 2024)
    edit(ws / "data" / "2024" / "决算.yaml", "年初预算: 192.30", "年初预算: 193.30")
    calls = count_parses(monkeypatch)
    doc, _ = load_year(ws, 2024)
    assert calls[0] == 1
    assert "193.30" in str(doc.data)


def test_the_same_text_in_another_file_keeps_its_own_file_name(tmp_path: Path, own_cache: Path) -> None:
    """Positions are cached per text, without the file name: an error must name the file it is in."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    load_year(ws, 2024)
    folder = ws / "data" / "2024"
    (folder / "单位.yaml").rename(folder / "本单位.yaml")
    doc, _ = load_year(ws, 2024)
    assert {file for file, _, _ in doc.positions.values()} >= {"data/2024/本单位.yaml"}
    assert not any(file == "data/2024/单位.yaml" for file, _, _ in doc.positions.values())


def test_damaged_or_hostile_entries_are_misses(tmp_path: Path, own_cache: Path) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    expected, _ = load_year(ws, 2024)
    entries = list((own_cache / "parsed").iterdir())

    class Boom:
        def __reduce__(self):  # noqa: ANN204
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(pickle.dumps(Boom()))
    entries[2].write_bytes(pickle.dumps(["plain", "but", "not", "a", "parse"]))
    doc, problems = load_year(ws, 2024)
    assert not problems
    assert doc.data == expected.data
    assert not (tmp_path / "pwned").exists()


def test_an_unusable_cache_does_not_stop_a_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REPORTGEN_CACHE", str(blocker))
    ws = copy_workspace(ROOT, tmp_path / "ws")
    doc, problems = load_year(ws, 2024)
    assert not problems and doc.data


def test_entries_are_named_by_content_code_and_version() -> None:
    here = cache.key(__file__, "text")
    assert cache.key(__file__, "text") == here
    assert cache.key(__file__, "other text") != here
    assert cache.key(load.__file__, "text") != here  # another module's code, another entry
    assert cache.key(__file__, "te", "xt") != cache.key(__file__, "t", "ext")


def test_only_the_most_recently_used_entries_are_kept(own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 3)
    for i in range(3):
        cache.write("parsed", f"e{i}", b"x")
        os.utime(own_cache / "parsed" / f"e{i}", (1000 + i, 1000 + i))
    assert cache.read("parsed", "e0") == b"x"  # used now: the newest
    cache.write("parsed", "e3", b"x")
    assert sorted(p.name for p in (own_cache / "parsed").iterdir()) == ["e0", "e2", "e3"]


def _demo_charts(ws: Path) -> list:
    from reportgen.pipeline import prepare
    from reportgen.render import charts
    from reportgen.render.display import Display

    prepared = prepare(ws, 2024)
    display = Display(prepared.settings.style)
    return [(chart, charts.labels(chart, display)) for chart in prepared.report.final.charts]


def test_charts_drawn_beside_a_build_are_drawn_once_with_the_same_bytes(tmp_path: Path, own_cache: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty-cache build on two cores: the drawer beside it makes each figure once (SVG and PNG
    from it), the renderers wait for its entries instead of drawing, and the entries are the bytes
    a chart drawn on its own gives."""
    import multiprocessing

    from reportgen.build import build
    from reportgen.render import charts

    if (os.cpu_count() or 1) < 2:
        pytest.skip("the drawer runs beside the workers of a two-core build")
    ws = copy_workspace(ROOT, tmp_path / "ws")
    items = _demo_charts(ws)
    drawn = tmp_path / "figures"
    real = charts._figure

    def counted(chart, labels):  # noqa: ANN001, ANN202 - runs in the forked drawer and workers too
        with drawn.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return real(chart, labels)

    monkeypatch.setattr(charts, "_figure", counted)
    build(ws, 2024)
    assert len(drawn.read_text().split()) == len(items) == 4
    assert len(set(drawn.read_text().split())) == 1  # one process, the drawer
    assert not multiprocessing.active_children()
    from reportgen import cache

    entries = {p.name: cache.read("charts", p.name) for p in (own_cache / "charts").iterdir()}
    assert len(entries) == 2 * len(items)
    monkeypatch.setattr(charts, "_figure", real)
    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path / "other"))
    for chart, labels in items:
        assert entries[charts._name(chart, labels, "svg", 100)] == charts._draw(chart, labels, "svg", 100)
        assert entries[charts._name(chart, labels, "png", 200)] == charts._draw(chart, labels, "png", 200)


def test_a_renderer_draws_what_a_failed_drawer_left_out(tmp_path: Path, own_cache: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from reportgen.render import charts

    items = _demo_charts(copy_workspace(ROOT, tmp_path / "ws"))

    def broken(items, formats):  # noqa: ANN001, ANN202
        raise RuntimeError("the drawer fails")

    monkeypatch.setattr(charts, "draw_all", broken)
    monkeypatch.setattr(charts, "WAIT", 30.0)
    with charts.drawn_beside(items, ("svg", "png")):
        assert charts._drawer is not None
        assert charts._draw(*items[0], "svg", 100).startswith(b"<?xml")
    assert charts._drawer is None and not multiprocessing.active_children()

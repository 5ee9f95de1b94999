"""Batch builds: every workspace under a folder, one process per core.

A finance bureau builds for every unit it oversees. Each unit is built on its own (its
reports rendered one after another inside its worker), so a unit with bad data fails alone
while the others finish.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

from .build import _die_with_parent, build
from .errors import Problem, ReportgenError


@dataclass(frozen=True)
class UnitResult:
    workspace: Path
    files: int
    unchanged: bool
    problems: tuple[Problem, ...] = ()
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def find_workspaces(folder: Path, year: int) -> list[Path]:
    """The sub-folders of `folder` that hold data for `year` (and `folder` itself if it does)."""
    candidates = [folder, *sorted(p for p in folder.iterdir() if p.is_dir())] if folder.is_dir() else []
    return [p for p in candidates if (p / "data" / str(year)).is_dir()]


def build_unit(workspace: Path, year: int, formats: tuple[str, ...], kinds: tuple[str, ...], final: bool = False) -> UnitResult:
    try:
        result = build(workspace, year, formats=formats, kinds=kinds, parallel=False, final=final)
    except ReportgenError as exc:
        return UnitResult(workspace, 0, False, tuple(exc.problems), exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - one unit's crash must not stop the others
        return UnitResult(workspace, 0, False, (Problem(f"内部错误：{type(exc).__name__}: {exc}"),), 1)
    return UnitResult(workspace, len(result.files), not result.files)


def build_all(workspaces: list[Path], year: int, formats: tuple[str, ...], kinds: tuple[str, ...],
              done: Callable[[UnitResult], None] = lambda r: None, workers: int | None = None,
              final: bool = False) -> list[UnitResult]:
    """Build every workspace, `workers` at a time (default: one per core)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(workspaces)))
    results: list[UnitResult] = []
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(build_unit, ws, year, formats, kinds, final) for ws in workspaces]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            done(result)
    order = {ws: i for i, ws in enumerate(workspaces)}
    return sorted(results, key=lambda r: order[r.workspace])

"""`kill -9` of a build, at several moments: no worker process is left running, the previous
outputs are intact (each file is the old one or a complete new one, never half of one), and
the next build removes whatever the killed one left (staging folder, hidden partial files)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from reportgen import cache

from .conftest import ENSHI, copy_workspace

COMMAND = ["build", "2023", "--format", "docx"]  # two jobs: rendered by two forked workers


def start(ws: Path, *extra: str) -> subprocess.Popen:
    """The real command line in a session of its own, so that its workers can be found."""
    return subprocess.Popen([sys.executable, "-c", "from reportgen.cli import main; main()", *COMMAND, "-w", str(ws), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def in_session(sid: int) -> list[int]:
    """The live (not zombie) processes of session `sid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    ws = copy_workspace(ENSHI, tmp_path_factory.mktemp("kill") / "ws")
    began = time.monotonic()
    done = start(ws)
    assert done.wait(timeout=300) == 0, done.stderr.read().decode() if done.stderr else ""
    return ws, time.monotonic() - began


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("moment", [0.15, 0.4, 0.65, 0.85, 0.97])
def test_kill_9_leaves_no_worker_and_intact_outputs(first: tuple[Path, float], moment: float) -> None:
    ws, duration = first
    out = ws / "output" / "2023"
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    build = start(ws, "--force")
    time.sleep(duration * moment)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    deadline = time.monotonic() + 10
    while in_session(build.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert in_session(build.pid) == [], "worker processes outlived the killed build"

    for name, old in before.items():
        now = (out / name).read_bytes()
        if now != old:  # published before the kill: must be a complete new file
            with zipfile.ZipFile(out / name) as docx:
                assert docx.testzip() is None
    run = cache.folder("run")
    staged = [p for p in run.glob(f"staging-{build.pid}-*")] if run.is_dir() else []

    again = start(ws)  # the next build cleans up after the killed one
    assert again.wait(timeout=300) == 0, again.stderr.read().decode() if again.stderr else ""
    assert not [p for p in out.iterdir() if p.name.endswith((".partial", ".previous"))]
    assert not [p for p in staged if p.exists()]
    assert in_session(again.pid) == []

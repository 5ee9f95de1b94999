"""`reportgen preview`: the live preview follows the clerk's saves — a changed figure, a file
saved half-written, the file restored — and never touches output/; the command takes the next
free port, listens on 127.0.0.1 only and stops cleanly on Ctrl-C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

from reportgen.serve import start

from .conftest import ROOT, copy_workspace, edit

TIMEOUT = 60  # seconds; a loaded machine is slow, a working preview answers within one


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.read().decode()


def wait_for(url: str, ok: Callable[[str], bool]) -> str:
    """The page at `url` as soon as `ok` holds for it (polled), or a failure after TIMEOUT."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        html = get(url)
        if ok(html):
            return html
        assert time.monotonic() < deadline, f"{url} did not change as expected:\n{html[:2000]}"
        time.sleep(0.05)


def charts(html: str) -> list[str]:
    return re.findall(r'<img src="(data:image/svg\+xml;base64,[^"]+)"', html)


def tag(html: str) -> str:
    return re.search(r'<meta name="reportgen-tag" content="([0-9a-f]+)">', html).group(1)


def next_event(stream) -> str:  # noqa: ANN001
    for line in stream:
        if line.startswith(b"data: "):
            return line[6:].decode().strip()
    raise AssertionError("event stream closed")


def test_preview_follows_saves(tmp_path: Path) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    data = ws / "data" / "2024" / "决算.yaml"
    good = data.read_text("utf-8")
    running, moved = start(ws, 2024, 0)
    try:
        assert not moved and running.server.server_address[0] == "127.0.0.1"
        index = get(running.url)
        assert '<a href="/final">部门决算公开</a>' in index and '<a href="/performance">部门整体支出绩效自评报告</a>' in index
        page = running.url + "final"
        before = get(page)
        assert "443.65" in before and "444.65" not in before and len(charts(before)) == 4
        assert "显示 PDF 分页" in before and "个提醒" not in before
        events = urllib.request.urlopen(running.url + "events?page=final", timeout=TIMEOUT)
        assert next_event(events) == tag(before)

        # A changed figure: 收、支总计 443.65 -> 444.65 (使用非财政拨款结余 and 结余分配 +1.00; not the
        # carry-overs, whose 年初 is 2023's 年末), in the text and chart 1.
        data.write_text(good.replace("使用非财政拨款结余和专用结余: 0", "使用非财政拨款结余和专用结余: 1.00")
                        .replace("结余分配: 0", "结余分配: 1.00").replace("总计: 443.65", "总计: 444.65"), "utf-8")
        after = wait_for(page, lambda html: "444.65" in html)
        assert charts(after)[0] != charts(before)[0] and charts(after)[1:] == charts(before)[1:]
        assert next_event(events) == tag(after)  # what makes the open page reload itself
        events.close()

        # A reason deleted: the report prints a placeholder, the bar the 提醒 at its line.
        reason = next(line for line in good.splitlines() if "差异原因: 根据县委组织部" in line)
        edit(data, reason + "\n", "")
        warned = wait_for(page, lambda html: "1 个提醒" in html)
        assert re.search(r"<span class=\"warning\">提醒</span> <code>data/2024/决算\.yaml:61:3</code> (「[^」]+」 )?待填写：2010301 行政运行", warned)
        assert "【待填写" in warned
        edit(data, "    年初预算: 192.30\n", "    年初预算: 192.30\n" + reason + "\n")

        # Saved half-written: the located error, in Chinese, instead of the report.
        with data.open("a", encoding="utf-8") as f:
            f.write("\n收入决算表: [\n")
        broken = wait_for(page, lambda html: "报告暂不能显示" in html)
        assert re.search(r"<code>data/2024/决算\.yaml:\d+:\d+</code> YAML 格式错误", broken), broken
        assert "Traceback" not in broken and charts(broken) == []
        assert "数据有 1 处错误" in get(running.url)

        # Restored: the report again.
        edit(data, "\n收入决算表: [\n", "")
        restored = wait_for(page, lambda html: "444.65" in html and "报告暂不能显示" not in html)
        assert charts(restored) == charts(after)
        # An invalid figure: located at its file, line and key.
        edit(data, "年初预算: 192.30", "年初预算: 193.30")
        wrong = wait_for(page, lambda html: "报告暂不能显示" in html)
        assert "data/2024/决算.yaml:57:5" in wrong and "年初预算 = 各末级科目年初预算之和不成立" in wrong
    finally:
        running.stop()
    assert not (ws / "output").exists()


def test_page_breaks_of_the_pdf(tmp_path: Path) -> None:
    """Asked for, the PDF's page breaks: every part that the template starts on a new page is
    among them, each pointing at an element of the served page."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    running, _ = start(ws, 2024, 0)
    try:
        html = get(running.url + "performance")
        import json

        found = json.loads(get(running.url + "breaks?page=performance"))
    finally:
        running.stop()
    assert found["pages"] > 10 and len(found["starts"]) == found["pages"] - 1
    assert [s["page"] for s in found["starts"]] == list(range(2, found["pages"] + 1))
    served = set(re.findall(r'data-rg="(\d+)"', html))
    assert all(s["id"] in served for s in found["starts"])
    parts = re.findall(r'<h1 data-rg="(\d+)" class="part">', html)
    assert parts and set(parts) <= {s["id"] for s in found["starts"]}


def test_preview_command_port_and_ctrl_c(tmp_path: Path) -> None:
    ws = copy_workspace(ROOT, tmp_path / "ws")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        # Ctrl-C's SIGINT restored in the child: a shell starts background jobs (a test run among
        # them) with it ignored, and the preview would rightly keep running.
        proc = subprocess.Popen([sys.executable, "-c", "from reportgen.cli import main; main()", "preview", "2024",
                                 "-w", str(ws), "--no-open", "--port", str(port), "--only", "绩效"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            first = proc.stdout.readline()
            assert first.strip() == f"端口 {port} 已被占用，改用 {port + 1}。", first + proc.stderr.read()
            address = proc.stdout.readline()
            assert address.startswith(f"预览地址：http://127.0.0.1:{port + 1}/performance（"), address
            assert "部门整体支出绩效自评报告" in get(f"http://127.0.0.1:{port + 1}/performance")
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=TIMEOUT)
        finally:
            proc.kill()
    assert proc.returncode == 0, err
    assert out.strip() == "预览已停止。" and err == ""
    assert not (ws / "output").exists()


def test_a_performance_only_year_offers_no_final_report(tmp_path: Path) -> None:
    """A year without 公开 tables: the index links only the 绩效 report, and the 决算 page says
    why there is none instead of a template error."""
    from .test_performance_only import performance_only

    running, _ = start(performance_only(tmp_path / "ws"), 2023, 0)
    try:
        index, final = get(running.url), get(running.url + "final")
    finally:
        running.stop()
    assert 'href="/performance"' in index and '<a href="/final">' not in index.split("<ul class='reports'>")[1]
    assert "没有部门决算公开" in index and "没有部门决算公开" in final
    assert "模板" not in final


def test_a_page_asked_for_by_another_name_is_refused(tmp_path: Path) -> None:
    """DNS rebinding: a request whose Host is not this machine's name gets no report."""
    running, _ = start(copy_workspace(ROOT, tmp_path / "ws"), 2024, 0)
    try:
        request = urllib.request.Request(running.url + "performance", headers={"Host": "evil.example"})
        try:
            urllib.request.urlopen(request, timeout=TIMEOUT)
            refused = None
        except urllib.error.HTTPError as exc:
            refused = exc.code, exc.read().decode()
        local = get(running.url.replace("127.0.0.1", "localhost") + "performance")
    finally:
        running.stop()
    assert refused == (403, "只能在本机以 127.0.0.1 或 localhost 访问预览。")
    assert "绩效" in local

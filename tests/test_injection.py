"""Text from the YAML is data, never markup or template code: Jinja syntax, HTML, Word XML and
field codes typed by a clerk are printed literally in both formats, and rendering reads no
local file outside the allowed folders and opens no network connection."""

from __future__ import annotations

import json
import logging
import re
import socket
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import pytest

import weasyprint.urls
from reportgen.build import build

from .conftest import ENSHI, copy_workspace, edit
from .test_render import PAGE_NUMBER, docx_text, pdf_text

UNIT = "恩施土家族苗族自治州公共资源交易中心"
FINAL = f"{UNIT}2023年度部门决算公开"
PERF = f"{UNIT}2023年度部门整体支出绩效自评报告"

PIECES = [
    "{{ 7*7 }}",
    '{% include "x" %}',
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    '<link href="http://example.com/x.css">',
    '<iframe src="https://example.com/">',
    "]]>",
    "</w:t>",
    '<w:fldSimple w:instr="PAGE"/>',
    "{_{ 7*7 }_}",
    "{_% if 1 %_}",
    "&amp; &lt;",
]
PAYLOAD = "注入" + " ".join(PIECES) + "结束"


def yaml_text(text: str) -> str:
    """`text` as a YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[tuple]]:
    ws = copy_workspace(ENSHI, tmp_path_factory.mktemp("inject") / "ws")
    data = ws / "data" / "2023"
    text = (data / "单位.yaml").read_text("utf-8")
    start = text.index("  职责概述: >-")
    end = text.index("  主要职责:")
    (data / "单位.yaml").write_text(text[:start] + f"  职责概述: {yaml_text('职责' + PAYLOAD)}\n" + text[end:], "utf-8")
    edit(data / "单位.yaml", "    - 协助招标人抽取专家。", f"    - {yaml_text('条目' + PAYLOAD)}")
    edit(data / "说明.yaml", "  三公经费变动原因: 上年度因疫情出差次数减少，油料消耗少而相应支出减少。",
         f"  三公经费变动原因: {yaml_text('原因' + PAYLOAD)}")
    edit(data / "决算.yaml", "    差异原因: 2023年5月正式在编在岗人员增加1人，故人员经费增加。", f"    差异原因: {yaml_text('差异' + PAYLOAD)}")
    edit(data / "绩效.yaml", "    存在的问题: 项目预算执行进度较慢，推进力度有待进一步加强。", f"    存在的问题: {yaml_text('问题' + PAYLOAD)}")

    fetched: list[str] = []
    connections: list[tuple] = []
    real_fetch = weasyprint.urls.URLFetcher.fetch

    def record_fetch(self: Any, url: str, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        fetched.append(url)
        return real_fetch(self, url, *args, **kwargs)

    def no_network(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        connections.append(args)
        raise OSError("network access during a build")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(weasyprint.urls.URLFetcher, "fetch", record_fetch)
        mp.setattr(socket.socket, "connect", no_network)
        mp.setattr(socket, "create_connection", no_network)
        mp.setattr(socket, "getaddrinfo", no_network)
        mp.setattr(urllib.request, "urlopen", no_network)
        result = build(ws, 2023, parallel=False, force=True)  # in-process, so the patches see every fetch
    assert len(result.files) == 4
    return ws / "output" / "2023", fetched, connections


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name,where", [(FINAL, ("职责", "条目", "原因", "差异")), (PERF, ("问题",))])
def test_pdf_prints_text_literally(built: tuple, name: str, where: tuple[str, ...]) -> None:
    out, _, _ = built
    text = flat(PAGE_NUMBER.sub("", pdf_text(out / f"{name}.pdf", "-raw")))
    for prefix in where:
        assert flat(prefix + PAYLOAD) in text, prefix
    assert "root:x:0:0" not in text


@pytest.mark.parametrize("name,where", [(FINAL, ("职责", "条目", "原因", "差异")), (PERF, ("问题",))])
def test_docx_prints_text_literally(built: tuple, name: str, where: tuple[str, ...]) -> None:
    out, _, _ = built
    text = docx_text(out / f"{name}.docx")
    for prefix in where:
        assert prefix + PAYLOAD in text, prefix  # including "{_{" and "{_%", which docxtpl would rewrite
    with zipfile.ZipFile(out / f"{name}.docx") as z:
        xml = z.read("word/document.xml").decode()
        names = z.namelist()
    assert "<w:fldSimple" not in xml  # the clerk's field code is text, not a field
    assert xml.count("<w:instrText") == 0 or "PAGE" not in xml.split("<w:body>")[1].split("<w:sectPr")[0]
    assert not [n for n in names if "passwd" in n or n.endswith(".css")]
    assert "root:x:0:0" not in xml


def test_nothing_fetched_outside_allowed_roots(built: tuple) -> None:
    _, fetched, connections = built
    assert connections == []
    from reportgen.profile import BUILTIN

    for url in fetched:
        assert url.startswith("data:") or url.startswith(f"file://{BUILTIN.resolve()}"), url
    assert not [u for u in fetched if "passwd" in u or "example.com" in u]


def test_blocked_url_is_not_read(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A workspace template that does ask for a local file and a web page gets neither."""
    from reportgen.profile import load_profile
    from reportgen.render.pdf import write_pdf
    from reportgen.settings import Settings

    html = ('<html><head><link rel="stylesheet" href="http://example.com/x.css"></head><body>'
            '<img src="file:///etc/passwd"><img src="../../../../etc/hostname"><p>正文</p></body></html>')
    target = tmp_path / "x.pdf"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        write_pdf(html, target, tmp_path, Settings(), load_profile("湖北", tmp_path)[0], title="t", author="a")
    text = pdf_text(target)
    assert "正文" in text and "root:x:0:0" not in text
    assert "blocked" in caplog.text or "Failed to load" in caplog.text


# ------------------------------------------------------------------ templates are untrusted

ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ lipsum.__globals__['os'].system('touch MARK') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch MARK') }}",
    "{% set n = namespace() %}{{ n.__init__.__globals__ }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(cycler) }}",
    "{{ (facts|attr('__class__')).__base__.__subclasses__() }}",
]


def _escape_case(tmp_path: Path, where: str, payload: str) -> tuple[Path, Path, tuple[str, ...]]:
    from reportgen.profile import BUILTIN

    ws = copy_workspace(ENSHI, tmp_path / "ws")
    mark = tmp_path / "pwned"
    payload = payload.replace("MARK", str(mark))
    (ws / "templates").mkdir()
    if where == "决算.j2":
        text = (BUILTIN / "hubei" / "决算.j2").read_text("utf-8")
        marker = "{% set s = facts.收支总体 %}"
        (ws / "templates" / "决算.j2").write_text(text.replace(marker, marker + payload, 1), "utf-8")
    else:
        with zipfile.ZipFile(BUILTIN / "hubei" / "report.docx") as src, \
                zipfile.ZipFile(ws / "templates" / "report.docx", "w") as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "word/document.xml":
                    end = b"{{p body }}</w:t></w:r></w:p>"
                    assert end in data
                    data = data.replace(end, end + f"<w:p><w:r><w:t>{payload}</w:t></w:r></w:p>".encode(), 1)
                dst.writestr(item, data)
    return ws, mark, ("build", "2023", "--only", "决算", "--format", "docx", "-w", str(ws))


@pytest.mark.parametrize("where", ["决算.j2", "report.docx"])
@pytest.mark.parametrize("payload", ESCAPES, ids=range(len(ESCAPES)))
def test_a_workspace_template_cannot_run_a_command(tmp_path: Path, where: str, payload: str) -> None:
    """Both renderers' templates run in Jinja2's sandbox: reaching for Python internals is a
    located Chinese error, nothing runs, nothing is written."""
    from .conftest import run

    ws, mark, command = _escape_case(tmp_path, where, payload)
    result = run(*command)
    shown = result.stdout + result.stderr
    assert result.exit_code == 1, shown
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in shown and "内部错误" not in shown
    assert re.search(rf"templates/{re.escape(where)}(:\d+)?: 模板(试图使用不允许的功能|引用了不存在的数据)", result.stderr), result.stderr
    assert not mark.exists()
    assert not (ws / "output").exists() or not list((ws / "output").rglob("*.docx"))


@pytest.mark.parametrize("where", ["决算.j2", "report.docx"])
def test_a_harmless_override_still_works(tmp_path: Path, where: str) -> None:
    from .conftest import run

    sentence = "{{ '本单位自定义的一句话' ~ (7 * 6) ~ '。' }}"
    ws, _, command = _escape_case(tmp_path, where, f"<p>{sentence}</p>" if where == "决算.j2" else sentence)
    result = run(*command)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "本单位自定义的一句话42。" in docx_text(ws / "output" / "2023" / f"{FINAL}.docx")


@pytest.mark.parametrize("url,ok", [
    ("file:///srv/%E6%88%91%E7%9A%84%20%E5%8D%95%E4%BD%8D/fonts/a.ttf", True),   # 我的 单位, percent-encoded
    ("file:///srv/我的 单位/fonts/a.ttf", True),
    ("file:///srv/%E6%88%91%E7%9A%84%20%E5%8D%95%E4%BD%8D/fonts/%2e%2e/%2E%2E/x", False),
    ("file:///srv/我的 单位/fonts/../../../etc/passwd", False),
    ("file:///srv/%E6%88%91%E7%9A%84%20%E5%8D%95%E4%BD%8D/fonts%2f..%2f..%2fetc/passwd", False),
    ("file://evil.example/srv/我的 单位/fonts/a.ttf", False),
    ("file:/etc/passwd", False),
])
def test_the_fetcher_compares_decoded_paths(url: str, ok: bool) -> None:
    from reportgen.render.pdf import allowed_file

    assert allowed_file(url, [Path("/srv/我的 单位/fonts")]) is ok


def test_fonts_of_a_workspace_with_a_chinese_and_spaced_path_are_allowed(tmp_path: Path) -> None:
    from reportgen.render.pdf import allowed_file

    fonts = tmp_path / "我的 单位" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "仿宋 (1).ttf").write_bytes(b"")
    assert allowed_file((fonts / "仿宋 (1).ttf").resolve().as_uri(), [fonts.resolve()])

"""The preview's own markup: the bar over the report, problems as HTML, the reload script.

The report's HTML is left as WeasyPrint gets it; the preview only adds its styles and script
to the head and its bar to the top of the body. Fonts the page template names by file:// URL
(a workspace's own fonts) are asked from the server instead, which the browser may load.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import escape

from .errors import Problem

LINKS = (("index", "目录"), ("final", "部门决算公开"), ("performance", "绩效自评报告"))
FILE_URL = re.compile(r'url\("file://([^"]+)"\)')

STYLE = """
@media screen {
  html { background: #eceff1; }
  body { max-width: 180mm; margin: 0 auto; padding: 64px 28px 48px; background: #fff; min-height: 100vh; box-sizing: border-box; }
  body:has(section.wide) { max-width: 290mm; }
  #rg-bar { position: fixed; top: 0; left: 0; right: 0; z-index: 10; background: #263238; color: #fff;
    font: 14px/20px sans-serif; padding: 8px 16px; display: flex; gap: 18px; align-items: center; flex-wrap: wrap; text-indent: 0; }
  #rg-bar a { color: #b3e5fc; }
  #rg-bar a.here { color: #fff; font-weight: bold; text-decoration: none; }
  #rg-bar details { max-height: 70vh; overflow: auto; }
  #rg-bar details ul { background: #fff; color: #000; margin: 6px 0 0; padding: 8px 8px 8px 24px; }
  h1.part:not(.first)::before, div.page-break::before { content: "另起一页"; display: block; border-top: 2px dashed #90a4ae;
    color: #78909c; font: 12px/18px sans-serif; text-align: left; margin: 24px 0 12px; }
  html.rg-paged h1.part::before, html.rg-paged div.page-break::before { content: none; }
  .rg-marker { border-top: 2px dashed #c62828; color: #c62828; font: 12px/18px sans-serif; margin: 24px 0 12px; text-indent: 0; }
  tr.rg-marker td { border: 0 !important; border-top: 2px dashed #c62828 !important; padding: 2px 0 !important; }
}
ul.problems { font: 15px/22px sans-serif; text-indent: 0; }
ul.problems li { margin: 4px 0; }
ul.problems .error { color: #b71c1c; font-weight: bold; }
ul.problems .warning { color: #e65100; font-weight: bold; }
ul.problems code, ul.problems pre { font: 13px/18px monospace; background: #f5f5f5; }
ul.problems pre { margin: 2px 0; padding: 2px 6px; white-space: pre-wrap; }
"""

SCRIPT = """
(() => {
  const meta = (name) => document.querySelector(`meta[name=${name}]`).content;
  const tag = meta("reportgen-tag"), page = meta("reportgen-page"), key = "reportgen-scroll:" + page;
  addEventListener("load", () => {
    const y = sessionStorage.getItem(key);
    if (y !== null) { sessionStorage.removeItem(key); scrollTo(0, Number(y)); }
  });
  const state = document.getElementById("rg-state");
  const events = new EventSource("/events?page=" + page);
  events.onopen = () => { state.textContent = "保存文件后自动刷新"; };
  events.onerror = () => { state.textContent = "与预览程序的连接已断开（reportgen preview 是否已停止？）"; };
  events.onmessage = (e) => {
    if (e.data === tag) return;
    sessionStorage.setItem(key, String(scrollY));
    events.close();
    location.reload();
  };
  const box = document.getElementById("rg-paged");
  if (!box) return;
  const show = () => {
    document.querySelectorAll(".rg-marker").forEach((m) => m.remove());
    document.documentElement.classList.toggle("rg-paged", box.checked);
    localStorage.setItem("reportgen-paged", box.checked ? "1" : "");
    if (!box.checked) { state.textContent = "保存文件后自动刷新"; return; }
    state.textContent = "正在按 PDF 排版，以标出分页…";
    fetch(`/breaks?page=${page}&tag=${tag}`).then((r) => r.json()).then((found) => {
      if (!box.checked) return;
      if (found.error) { state.textContent = "按 PDF 排版失败：" + found.error; return; }
      for (const b of found.starts) {
        const el = document.querySelector(`[data-rg="${b.id}"]`);
        if (!el) continue;
        const text = `PDF 第 ${b.page} 页${b.continued ? "（上一页末段的其余部分在此页开头）" : ""}`;
        let marker;
        if (el.tagName === "TR") {
          marker = document.createElement("tr");
          marker.innerHTML = `<td colspan="99"></td>`;
          marker.firstChild.textContent = text;
        } else {
          marker = document.createElement("div");
          marker.textContent = text;
        }
        marker.className = "rg-marker";
        el.before(marker);
      }
      state.textContent = `PDF 共 ${found.pages} 页；红色虚线处另起一页`;
    }).catch(() => { state.textContent = "排版失败，请稍后再试"; });
  };
  box.checked = localStorage.getItem("reportgen-paged") === "1";
  box.addEventListener("change", show);
  if (box.checked) show();
})();
"""


def bar(name: str, tag: str, problems: list[Problem], paged: bool) -> str:
    links = " ".join(f'<a href="/{"" if n == "index" else n}"{" class=here" if n == name else ""}>{label}</a>' for n, label in LINKS)
    toggle = '<label><input type="checkbox" id="rg-paged"> 显示 PDF 分页</label>' if paged else ""
    warnings = [p for p in problems if p.severity == "warning"]
    details = f"<details><summary>{len(warnings)} 个提醒</summary>{problem_list(warnings)}</details>" if warnings else ""
    return (f'<meta name="reportgen-tag" content="{tag}"><meta name="reportgen-page" content="{name}">'
            f'<div id="rg-bar">{links}{toggle}{details}<span id="rg-state"></span></div>')


def problem_list(problems: list[Problem]) -> str:
    """Each problem where it is (file:line:column, key), what is wrong, and the line itself."""
    if not problems:
        return ""
    items = []
    for p in problems:
        label = "错误" if p.severity == "error" else "提醒"
        where = f"<code>{escape(str(p.source))}</code> " if p.source else ""
        key = f"「{escape(p.source.key)}」 " if p.source and p.source.key else ""
        excerpt = f"<pre>{escape(p.excerpt.strip())}</pre>" if p.excerpt.strip() else ""
        items.append(f'<li><span class="{p.severity}">{label}</span> {where}{key}{escape(p.message)}{excerpt}</li>')
    return f'<ul class="problems">{"".join(items)}</ul>'


def wrong_data(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    head = f"数据有 {errors} 处错误，报告暂不能显示。" if errors else "数据尚未填完，报告暂不能显示。"
    return f"<h2>{head}改正后保存文件，本页会自动刷新。</h2>{problem_list(problems)}"


def standalone(name: str, title: str, body: str, tag: str) -> str:
    """A page of the preview's own (the index, or the problems that stop a report)."""
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>{bar(name, tag, [], False)}{body}<script>{SCRIPT}</script></body></html>")


def decorate(source: str, name: str, problems: list[Problem], tag: str) -> str:
    """The report's HTML with the preview's style, bar and script added."""
    html = FILE_URL.sub(lambda m: f'url("/file?path={quote(m.group(1))}")', source)
    html = html.replace("</head>", f"<style>{STYLE}</style></head>", 1)
    html = re.sub(r"<body[^>]*>", lambda m: m.group(0) + bar(name, tag, problems, True), html, count=1)
    return html.replace("</body>", f"<script>{SCRIPT}</script></body>", 1)


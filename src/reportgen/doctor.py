"""`reportgen doctor`: is this machine ready to build the reports?

Checks, in order: Pango (WeasyPrint imports), HarfBuzz subsetting (libharfbuzz-subset0; without
it WeasyPrint falls back to fontTools, ~9 s instead of ~0.2 s per PDF), the font each 公文
role will use (render/fonts.py), LibreOffice (optional, only to convert DOCX by hand or in the
tests), and write access to output/. Each finding says what is missing and the exact command
that fixes it; the packages are those of scripts/system-packages.txt.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .render import fonts

Status = Literal["ok", "warn", "fail"]

PANGO_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0")
HARFBUZZ_PACKAGE = "libharfbuzz-subset0"
OFFICE_PACKAGE = "libreoffice-writer-nogui"
#: The font packages of scripts/system-packages.txt (others of FALLBACK_PACKAGES are optional).
FONT_PACKAGES = ("fonts-noto-cjk", "fonts-arphic-ukai")


@dataclass(frozen=True)
class Finding:
    name: str
    status: Status
    detail: str
    #: Debian packages that fix it (an apt-get command is printed for them).
    packages: tuple[str, ...] = ()
    fix: str = ""


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """All required things present (warnings do not count)."""
        return all(f.status != "fail" for f in self.findings)

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for f in self.findings if f.status != "ok" for p in f.packages))


def apt_command(packages: tuple[str, ...] | list[str]) -> str:
    return "sudo apt-get install -y " + " ".join(packages)


def check_pango() -> Finding:
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except (ImportError, OSError) as exc:
        return Finding("Pango（PDF 排版）", "fail", f"无法加载 WeasyPrint/Pango：{exc}。无法生成 PDF。", PANGO_PACKAGES)
    return Finding("Pango（PDF 排版）", "ok", f"WeasyPrint {weasyprint.__version__} 可用。")


def check_harfbuzz() -> Finding:
    if ctypes.util.find_library("harfbuzz-subset"):
        return Finding("HarfBuzz 字体子集", "ok", "libharfbuzz-subset 可用，PDF 中的字体子集化很快。")
    return Finding("HarfBuzz 字体子集", "fail",
                   "！！！缺少 libharfbuzz-subset0：WeasyPrint 将退回到 fontTools 做字体子集，"
                   "每个 PDF 约需 9 秒（正常约 0.2 秒），中文字体越大越慢。强烈建议安装。", (HARFBUZZ_PACKAGE,))


def check_fonts(workspace: Path, installed: frozenset[str] | None = None) -> list[Finding]:
    """Which family each 公文 role will use: the workspace's own or official font, a free
    fallback, or nothing (then the packages that provide the fallbacks)."""
    from .settings import load_settings

    installed = fonts.installed_families() if installed is None else installed
    settings, _ = load_settings(workspace)
    plan = fonts.plan(settings.fonts, workspace / settings.font_dir)
    own = {p.stem for p in plan.files}
    findings = []
    for role, names in fonts.ROLES.items():
        stack = plan.stacks[role]
        chosen = next((n for n in stack if n in installed or n in own), None)
        official = names[0]
        if chosen is None:
            packages = tuple(dict.fromkeys(fonts.FALLBACK_PACKAGES[n] for n in stack
                                           if fonts.FALLBACK_PACKAGES.get(n) in FONT_PACKAGES))
            findings.append(Finding(f"字体：{role}", "fail",
                                    f"没有可用于“{role}”的字体（查找顺序：{'、'.join(stack)}）。"
                                    f"中文将无法正确显示。可安装免费替代字体，或把单位自有的字体文件（如 {official}.ttf）放入工作区的 fonts/ 文件夹。",
                                    packages))
        elif chosen in own:
            findings.append(Finding(f"字体：{role}", "ok", f"将使用工作区 fonts/ 中的“{chosen}”。"))
        elif chosen in fonts.FALLBACK_PACKAGES:
            findings.append(Finding(f"字体：{role}", "warn",
                                    f"将使用替代字体“{chosen}”（{fonts.FALLBACK_PACKAGES[chosen]}）；正式公文字体 {official} "
                                    "未安装。如需使用，可把字体文件放入工作区的 fonts/ 文件夹并在 reportgen.yaml 的「字体」中指定。"))
        else:
            findings.append(Finding(f"字体：{role}", "ok", f"将使用“{chosen}”。"))
    return findings


def check_office() -> Finding:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path:
        return Finding("LibreOffice（可选）", "ok", f"已安装：{path}。")
    return Finding("LibreOffice（可选）", "warn", "未安装。生成报告不需要它；只有想在本机把 DOCX 转成 PDF 核对、或运行测试时才需要。",
                   (OFFICE_PACKAGE,))


def check_output(workspace: Path) -> Finding:
    target = workspace / "output"
    probe = target
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe.is_dir() and os.access(probe, os.W_OK | os.X_OK):
        where = "output/" if target.exists() else f"output/（尚不存在，将在 {probe} 中创建）"
        return Finding("输出文件夹", "ok", f"{where} 可写。")
    return Finding("输出文件夹", "fail", f"无法写入 {target}：没有写入权限。",
                   fix=f"请检查权限，例如：sudo chown -R \"$USER\" {target}")


def diagnose(workspace: Path, installed: frozenset[str] | None = None) -> Report:
    report = Report()
    report.findings.append(check_pango())
    report.findings.append(check_harfbuzz())
    report.findings.extend(check_fonts(workspace, installed))
    report.findings.append(check_office())
    report.findings.append(check_output(workspace))
    return report

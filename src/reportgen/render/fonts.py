"""Fonts for the 公文 roles (GB/T 9704-2012): 仿宋 body, 小标宋 title, 黑体 and 楷体 headings.

Each role has a stack: the official font when installed, then free fallbacks (Noto Serif/Sans
CJK SC, AR PL UKai / LXGW WenKai). A workspace may name its own fonts per role in
reportgen.yaml and put font files in its `fonts/` folder.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROLES: dict[str, tuple[str, ...]] = {
    "仿宋": ("FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong", "FandolFang", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "黑体", "STHeiti", "Noto Sans CJK SC"),
    "楷体": ("KaiTi", "楷体", "KaiTi_GB2312", "楷体_GB2312", "STKaiti", "AR PL UKai CN", "LXGW WenKai", "Noto Serif CJK SC"),
    "小标宋": ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK", "Noto Serif CJK SC"),
    "宋体": ("SimSun", "宋体", "Noto Serif CJK SC"),
}
#: Debian packages that provide the free fallbacks.
FALLBACK_PACKAGES = {"Noto Serif CJK SC": "fonts-noto-cjk", "Noto Sans CJK SC": "fonts-noto-cjk",
                     "AR PL UKai CN": "fonts-arphic-ukai", "LXGW WenKai": "fonts-lxgw-wenkai"}
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
#: The largest font file used: CJK collections are some 20–120 MB.
MAX_FONT_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class FontPlan:
    """The family stack per role, and the workspace's own font files."""

    stacks: dict[str, tuple[str, ...]]
    files: tuple[Path, ...]

    def css_stack(self, role: str) -> str:
        """The resolved family only: fontconfig would otherwise alias absent names such as
        SimSun to a Latin font and print digits in it."""
        generic = "sans-serif" if role == "黑体" else "serif"
        return f'"{css_name(self.first(role))}", {generic}'

    def first(self, role: str) -> str:
        """The family Word should use: the first one of the stack that is installed."""
        installed = installed_families()
        return next((n for n in self.stacks[role] if n in installed or self._own(n)), self.stacks[role][0])

    def _own(self, name: str) -> bool:
        return any(p.stem == name for p in self.files)


def plan(own: dict[str, list[str]], font_dir: Path | None) -> FontPlan:
    # Regular files of a font's size only: a FIFO or device named *.ttf would hang the PDF's
    # layout, a huge file exhaust its memory; a font left out is named by the substitution 提醒.
    files = tuple(sorted(p for p in font_dir.iterdir() if p.suffix.lower() in FONT_SUFFIXES and p.is_file()
                         and p.stat().st_size <= MAX_FONT_BYTES)) if font_dir and font_dir.is_dir() else ()
    stacks = {role: tuple(own.get(role, [])) + tuple(p.stem for p in files if p.stem in own.get(role, [])) + names
              for role, names in ROLES.items()}
    stacks = {role: tuple(dict.fromkeys(s)) for role, s in stacks.items()}
    return FontPlan(stacks, files)


def css_name(name: str) -> str:
    """A family name safe inside a CSS string and as a PDF font name: settings and file names
    are data, not CSS, and WeasyPrint writes the family into the PDF's /BaseFont name, where
    ( ) < > [ ] { } / % # are delimiters (Windows names a copy “仿宋_GB2312 (1).ttf”)."""
    return "".join(ch for ch in name if ch.isprintable() and ch not in '"\\;{}<>()[]/%#')


@cache
def installed_families() -> frozenset[str]:
    """Font families fontconfig knows (empty when fc-list is missing)."""
    if not shutil.which("fc-list"):
        return frozenset()
    text = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in text.splitlines() for name in line.split(","))


def resolve(stack: tuple[str, ...], installed: frozenset[str]) -> str | None:
    """The first family of `stack` that is installed, or None."""
    return next((n for n in stack if n in installed), None)

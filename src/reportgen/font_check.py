"""Warnings about fonts: those reportgen.yaml names (`check` and `build` report them, loading
the settings does not: it would list the system's fonts), and the free substitutes a PDF is
set in when the official 公文 fonts are missing (`build` says so once)."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem, Source
from .load import load_file
from .settings import SETTINGS_FILE, Settings

#: The 公文 roles whose official font a published report should use (宋体 only numbers pages and tables).
OFFICIAL_ROLES = ("仿宋", "黑体", "楷体", "小标宋")


def font_warnings(settings: Settings, root: Path) -> list[Problem]:
    """A warning for each font named in 字体 that is neither installed nor in the fonts folder;
    the build goes on with the role's next available font, which the warning names."""
    if not settings.fonts:
        return []
    from .render.fonts import ROLES, installed_families, plan

    _, doc, _ = load_file(root / SETTINGS_FILE, root)  # for the keys' positions; the parse is cached
    fonts = plan(settings.fonts, root / settings.font_dir)
    installed = installed_families()
    own = {p.stem for p in fonts.files}
    problems = []
    for role, names in settings.fonts.items():
        if role not in ROLES:
            problems.append(Problem(f"「字体」中的「{role}」不是字体角色，已忽略。可用的角色有：{'、'.join(ROLES)}。",
                                    doc.source(("字体", role)), "warning", doc.excerpt(doc.source(("字体", role)))))
            continue
        fallback = fonts.first(role)
        for i, name in enumerate(names):
            if name not in installed and name not in own:
                source = doc.source(("字体", role, i))
                problems.append(Problem(f"字体「{name}」未安装，将使用「{fallback}」。如需使用该字体，请安装它，"
                                        f"或把字体文件放入 {settings.font_dir}/ 文件夹。", source, "warning", doc.excerpt(source)))
    return problems


def substitute_warning(settings: Settings, root: Path) -> list[Problem]:
    """One warning naming each 公文 role (仿宋, 黑体, 楷体, 小标宋) that the PDF sets in a
    substitute because neither its official font nor a font of the workspace is installed,
    and where the unit's licensed font files go (the 字体目录 setting)."""
    from .render.fonts import FALLBACK_PACKAGES, ROLES, installed_families, plan

    fonts = plan(settings.fonts, root / settings.font_dir)
    installed = installed_families()
    used = {role: fonts.first(role) for role in OFFICIAL_ROLES}
    substituted = {role: name for role, name in used.items()
                   if name in FALLBACK_PACKAGES or not (name in installed or any(p.stem == name for p in fonts.files))}
    if not substituted:
        return []
    shown = "、".join(f"{role}用「{name}」" if name in installed else f"{role}无可用字体" for role, name in substituted.items())
    official = "、".join(ROLES[role][0] for role in substituted)
    return [Problem(f"PDF 使用了替代字体（{shown}），正式公文字体未安装。请把单位有授权的字体文件（如 {official} 的 .ttf）"
                    f"放入工作区的 {settings.font_dir}/ 文件夹（reportgen.yaml 的「字体目录」），并在「字体」中指定，"
                    "或在本机安装这些字体。", Source(SETTINGS_FILE), "warning")]

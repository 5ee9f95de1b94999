"""Warnings about the fonts reportgen.yaml names: `check` and `build` report them, loading
the settings does not (it would list the system's fonts)."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .load import load_file
from .settings import SETTINGS_FILE, Settings


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

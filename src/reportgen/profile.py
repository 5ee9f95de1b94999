"""Report profiles: a region's layout as a folder of settings and templates, never Python.

A profile folder holds `profile.yaml` (parts and sections in order, heading numbering, the
tables with their titles and notes, the 名词解释 terms, number-format defaults) and Jinja
templates: one per report with a block per section (决算.j2, 绩效.j2), one per table
(tables/*.j2), shared phrases (用语.j2) and the page layout (page.html.j2, report.docx).
Built-in profiles ship in `reportgen/profiles/`; `reportgen.yaml` names one with 地区样式.

A workspace's `templates/` folder wins file by file over its profile, and its
`templates/profile.yaml` is merged key by key over the profile's, so a unit changes one
section, one table or one title without copying the rest (MkDocs' custom_dir habit).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Problem, Source
from .load import load_file
from .schema import Model, Text, f

BUILTIN = Path(str(resources.files("reportgen") / "profiles"))
PROFILE_FILE = "profile.yaml"
DEFAULT = "湖北"


class Section(Model):
    title: str = f("标题", ..., "章节标题（不含编号，编号按「编号」自动加上；可用 {{ year }}、{{ unit.name }}）", max_length=300)
    block: str = f("块", ..., "该章节文字所在的模板块名", max_length=100)


class Part(Model):
    title: str = f("标题", "", "部分标题（可用 {{ year }}、{{ unit.name }}）", max_length=200)
    block: str = f("块", "", "部分正文所在的模板块名（不分章节时）", max_length=100)
    sections: list[Section] = f("章节", [], "按顺序列出的章节")
    tables: list[str] = f("表", [], "按顺序列出的表格（「表格」中的编号）")
    landscape: bool = f("横向", False, "本部分用横向页面（宽表）")
    per_project: bool = f("每个项目", False, "true 时本部分按「绩效」「项目」逐个重复（如湖南的项目支出绩效自评报告）："
                          "标题中可用 {{ project.name }}，各章节的「块」是「宏」文件中的宏，以该项目的数字为参数")
    macros: str = f("宏", "", "每个项目重复的部分：其章节的宏所在的模板文件", max_length=100)


class Layout(Model):
    template: str = f("模板", ..., "该报告的文字模板（每个章节一个块）", max_length=100)
    title: str = f("标题", ..., "报告标题（可用 {{ year }}、{{ unit.name }}）", max_length=200)
    parts: list[Part] = f("部分", ..., "按顺序列出的各部分")
    contents: bool = f("目录", False, "在标题之后印目录（各部分标题、章节标题和表名）")


class TableDef(Model):
    number: str = f("编号", ..., "表号，如“公开01”", max_length=40)
    title: str = f("标题", ..., "表名", max_length=200)
    data: str = f("数据", ..., "所用数据（决算软件中的表名）", max_length=100)
    template: str = f("模板", ..., "表格模板（tables/ 下的文件）", max_length=100)
    note: Text = f("注", "", "表下的注（可用 {{ tail_note }}）")
    empty: str = f("无数据", "", "本表无数据时，说明“本年度无…，故本表无数据”中“无”后面的内容", max_length=200)


class Term(Model):
    name: str = f("名称", ..., max_length=200)
    explanation: Text = f("说明", ...)
    before_codes: bool = f("科目前", False, "印在“本部门使用的支出功能分类科目”之前")


class Need(Model):
    key: str = f("键", ..., "数据中的键路径，用“.”分隔，如“单位.决算单位构成”", max_length=300)
    what: str = f("说明", ..., "缺少时提醒的内容，如“部门决算单位构成表（第一部分二）”", max_length=200)


class ProfileSettings(Model):
    name: str = f("名称", ..., "样式名，即 reportgen.yaml 中「地区样式」的值", max_length=40)
    base: str = f("基于", "", "以另一个内置样式为底：其设置逐键合并在下（列表整体替换），其模板在本文件夹找不到时使用", max_length=40)
    description: str = f("说明", "", max_length=500)
    numbering: list[str] = f("编号", ["{一}、", "（{一}）", "{1}.", "（{1}）"],
                             "各级标题的编号格式：{一} 为汉字序号，{1} 为阿拉伯数字", max_length=4)
    figure: str = f("图号", "图{1}：", "图题前的编号格式", max_length=20)
    row_numbers: bool = f("行次栏次", True, "决算表是否印“行次”“栏次”")
    style: dict[str, Any] = f("样式", {}, "数字格式等默认设置（同 reportgen.yaml 的「样式」，工作区的设置优先）")
    tables: dict[str, TableDef] = f("表格", {}, "各表的编号、表名、数据、模板和注")
    terms: list[Term] = f("名词解释", [], "名词解释的固定条目，按顺序")
    needs: list[Need] = f("需要的数据", [], "本样式需要、而数据格式中可不填的键：缺少时 check 逐条列出，报告中印【待填写】")
    final: Layout = f("决算", ..., "部门决算公开的结构")
    performance: Layout = f("绩效", ..., "部门整体支出绩效自评报告的结构")


#: The Word template's file name, in a profile's folder or the workspace's templates/.
WORD_TEMPLATE = "report.docx"


@dataclass(frozen=True)
class Profile:
    """A profile as the build uses it: its settings and the folders templates come from."""

    settings: ProfileSettings
    folders: tuple[Path, ...]  # workspace templates/ first, then the profile's folder
    files: tuple[Path, ...] = field(default=())  # the settings files read (for incremental builds)
    names: tuple[str, ...] = ()  # the built-in profiles of `folders[1:]`: itself, then those it is based on

    @property
    def name(self) -> str:
        return self.settings.name

    def template(self, name: str) -> Path | None:
        """The template file `name` from the first of `folders` that has it: the workspace's own
        copy, else the region's, else its base's."""
        return next((folder / name for folder in self.folders if (folder / name).is_file()), None)


def builtin_profiles() -> dict[str, Path]:
    """Built-in profiles by name (the 名称 of each folder's profile.yaml)."""
    return {name: folder for name, (folder, _) in _builtin_settings().items()}


def builtin_descriptions() -> dict[str, tuple[str, str]]:
    """Each built-in profile's 基于 and 说明, by name (for `reportgen profiles`)."""
    return {name: (str(data.get("基于") or ""), str(data.get("说明") or "")) for name, (_, data) in _builtin_settings().items()}


def builtin_tables() -> dict[str, dict[str, Any]]:
    """The 表格 each built-in profile's own profile.yaml defines, by profile name (the package's
    files as shipped: what import recognises a table by, whatever the workspace holds)."""
    return {name: data.get("表格") or {} for name, (_, data) in _builtin_settings().items()}


def _builtin_settings() -> dict[str, tuple[Path, dict[str, Any]]]:
    from ruamel.yaml import YAML

    found = {}
    for folder in sorted(BUILTIN.iterdir()):
        if (folder / PROFILE_FILE).is_file():
            data = YAML(typ="safe").load((folder / PROFILE_FILE).read_text("utf-8"))
            found[str(data["名称"])] = (folder, data)
    return found


def merge(base: Any, over: Any) -> Any:  # noqa: ANN401
    """`over` merged into `base`: mappings key by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        return {**base, **{k: merge(base.get(k), v) for k, v in over.items()}}
    return over


def load_profile(name: str, workspace: Path, source: Source | None = None) -> tuple[Profile | None, list[Problem]]:
    """The profile called `name`, with the workspace's templates/ and profile.yaml over it."""
    from .validate import problems_from

    profiles = builtin_profiles()
    if name not in profiles:
        return None, [unknown_profile(name, source)]
    data, doc, folders, problems = _chain(name, profiles)
    files = [f / PROFILE_FILE for f in folders]
    own_folder = workspace / "templates"
    own = own_folder / PROFILE_FILE
    if own.is_file() and not problems:
        over, own_doc, problems = load_file(own, workspace)
        files.append(own)
        if not problems:
            if not isinstance(over, dict):
                return None, [Problem("templates/profile.yaml 应为“键: 值”的形式。", Source("templates/profile.yaml"))]
            data, doc = merge(data, over), own_doc
    if problems:
        return None, problems
    settings, problems = problems_from(ProfileSettings, data, doc, ())
    if settings is None:
        return None, problems
    problems = _references(settings, doc)
    if problems:
        return None, problems
    names = tuple(next(n for n, f in profiles.items() if f == folder) for folder in folders)
    return Profile(settings, (own_folder, *folders), tuple(files), names), []


def unknown_profile(name: str, source: Source | None) -> Problem:
    """A name that is no built-in profile: the closest one, and the list."""
    profiles = builtin_profiles()
    close = difflib.get_close_matches(name, list(profiles), n=1, cutoff=0.3)
    hint = f"是不是「{close[0]}」？" if close else ""
    return Problem(f"没有名为「{name}」的地区样式。{hint}内置的地区样式有：{'、'.join(profiles)}。", source)


def _chain(name: str, profiles: dict[str, Path]) -> tuple[Any, Any, list[Path], list[Problem]]:  # noqa: ANN401
    """A built-in profile's settings merged over those of the profiles it is based on (基于),
    and its folders, its own first."""
    folders: list[Path] = []
    layers = []
    while True:
        folder = profiles[name]
        data, doc, problems = load_file(folder / PROFILE_FILE, folder)
        if problems:
            return None, None, folders, problems
        folders.append(folder)
        layers.append((data, doc))
        base = data.get("基于") if isinstance(data, dict) else None
        if not base:
            break
        if base not in profiles or profiles[base] in folders:
            why = "不存在" if base not in profiles else "形成循环"
            return None, None, folders, [Problem(f"地区样式「{name}」基于的「{base}」{why}。内置的地区样式有：{'、'.join(profiles)}。",
                                                 doc.source(("基于",)))]
        name = base
    data, doc = layers[-1]
    for over, over_doc in reversed(layers[:-1]):
        data, doc = merge(data, over), over_doc
    return data, doc, folders, []


def _references(s: ProfileSettings, doc: Any) -> list[Problem]:  # noqa: ANN401
    """Every table a part lists must be defined; a part repeated per project needs its 宏 file."""
    problems = []
    for key, layout in (("决算", s.final), ("绩效", s.performance)):
        for i, part in enumerate(layout.parts):
            if part.per_project != bool(part.macros):
                source = doc.source((key, "部分", i))
                problems.append(Problem("「每个项目: true」的部分须写「宏」（其章节的宏所在的模板文件），「宏」也只用于这样的部分。"
                                        "请补上或删去其中一个。", source, excerpt=doc.excerpt(source)))
            for j, table in enumerate(part.tables):
                if table not in s.tables:
                    source = doc.source((key, "部分", i, "表", j))
                    problems.append(Problem(f"「表格」中没有「{table}」。已定义的表格有：{'、'.join(s.tables)}。", source,
                                            excerpt=doc.excerpt(source)))
    return problems


def export(name: str, workspace: Path, force: bool = False) -> list[Path]:
    """Copy a built-in profile's files (and those it takes from the profiles it is based on)
    into the workspace's templates/ for editing; files already there are kept unless `force`."""
    _, _, folders, _ = _chain(name, builtin_profiles())
    written: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if not path.is_file() or relative in seen:
                continue
            seen.add(relative)
            target = workspace / "templates" / relative
            if target.exists() and not force:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
            written.append(target)
    return written

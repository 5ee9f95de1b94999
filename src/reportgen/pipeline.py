"""The pipeline: load -> validate -> compute (-> render -> write, in build.py).

`prepare` runs the stages up to the report model and returns every problem found, so that
`check` and `build` share one path. Last year's figures come from data/<year-1>/ when that
folder exists; its own problems are reported too, since next year's 上年 depends on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .compute import compute, figures, summary_of
from .compute.model import Gap, Report, Summary
from .compute.facts import to_fill
from .errors import Problem, errors_only
from .font_check import font_warnings
from .load import Document, load_year
from .new_year import copied_texts
from .profile import Profile, load_profile
from .settings import Settings, load_settings
from .validate import validate_shape

if TYPE_CHECKING:
    from .render.compose import Composed


@dataclass(frozen=True)
class Prepared:
    report: Report | None
    problems: list[Problem]
    settings: Settings
    profile: Profile | None = None
    doc: Document | None = None  # the year's data, where check locates what the reports ask for

    @property
    def ok(self) -> bool:
        return self.report is not None and not errors_only(self.problems)


def prior_year(root: Path, year: int, settings: Settings) -> tuple[Summary | None, Document | None, list[Problem]]:
    """Summary and data of data/<year-1>/ if that folder exists, with any problem it has."""
    if not (root / "data" / str(year - 1)).is_dir():
        return None, None, []
    doc, problems = load_year(root, year - 1)
    if errors_only(problems):
        return None, None, problems
    data, problems = validate_shape(doc)
    if data is None:
        return None, None, problems
    accounts, problems = figures(doc, data, settings)
    if errors_only(problems):
        return None, None, problems
    return summary_of(accounts), doc, []


def prepare(root: Path, year: int) -> Prepared:
    """Load, validate and compute one year of the workspace at `root`."""
    settings, problems = load_settings(root)
    if errors_only(problems):
        return Prepared(None, problems, settings)
    problems += font_warnings(settings, root)
    profile, found = load_profile(settings.profile, root)
    problems += found
    if profile is None:
        return Prepared(None, problems, settings, profile)
    doc, found = load_year(root, year)
    problems += found
    if errors_only(problems):
        return Prepared(None, problems, settings, profile)
    data, found = validate_shape(doc)
    problems += found
    if data is None:
        return Prepared(None, problems, settings, profile)
    prior, before, found = prior_year(root, year, settings)
    problems += found
    if errors_only(found):
        return Prepared(None, problems, settings, profile)
    report, found = compute(doc, data, settings, year, prior)
    copied = copied_texts(doc, before) if before is not None else []
    return Prepared(report, problems + found + copied + missing_for(profile, doc), settings, profile, doc)


def missing_for(profile: Profile, doc: Document) -> list[Problem]:
    """What the profile needs that the data does not hold (its templates print 【待填写】 there)."""
    out = []
    for need in profile.settings.needs:
        for path in _paths(need.key, doc):
            if path in doc.positions:
                continue
            out.append(to_fill(f"{need.what}（地区样式「{profile.name}」需要）", path, doc, need.key))
    return out


def printed(prepared: Prepared, kinds: tuple[str, ...]) -> tuple[Prepared, dict[str, "Composed"]]:
    """The reports of `kinds` worded by the profile, and the problems without the gaps none of
    them prints (a profile that leaves a section out does not ask for its text), with every
    【待填写】 the templates printed that no problem names yet (`asked`)."""
    from .render.compose import compose

    report = prepared.report
    assert report is not None and prepared.profile is not None
    models = {"决算": report.final, "绩效": report.performance}
    composed = {k: compose(report, k, prepared.profile, prepared.settings) for k in kinds if models[k] is not None}
    text = re.sub(r"\s", "", "".join(c.text() for c in composed.values()))
    kept = [p for p in prepared.problems if not p.gap.startswith(Gap.MARK) or re.sub(r"\s", "", p.gap) in text]
    return replace(prepared, problems=kept + asked(composed.values(), kept, prepared.doc)), composed


def asked(composed: Iterable["Composed"], listed: list[Problem], doc: Document | None) -> list[Problem]:
    """A reminder for each 【待填写】 the templates printed (待填写(what, key)) that `listed`
    does not name: at its key, or the nearest one typed; one without a key, unlocated."""
    named = {re.sub(r"\s", "", p.gap) for p in listed if p.gap}
    out = []
    for what, key in dict.fromkeys(pair for c in composed for pair in c.asked):
        mark = Gap.MARK + what + "】"
        bare = re.sub(r"\s", "", mark)
        if key in named or bare in named:
            continue  # a 需要的数据 key, or a gap the model already holds
        named.add(bare)
        paths = _paths(key, doc) if key and doc is not None else []
        paths = [path for path in paths if path not in doc.positions] or paths  # else typed, but empty
        out += [to_fill(what, path, doc, mark, f"；填写前报告中印作“{mark}”") for path in paths] or [
            Problem(f"待填写：{what}。报告中印作“{mark}”，请在数据中补上（各键见 docs/data-format.md）。", None, "warning", gap=mark)]
    return out


def _paths(key: str, doc: Document) -> list[tuple[str | int, ...]]:
    """The key paths a 需要的数据 key names: "*" stands for every item of the list before it
    (绩效.项目.*.资金来源: each project's)."""
    paths: list[tuple[str | int, ...]] = [()]
    for part in key.split("."):
        if part != "*":
            paths = [(*p, part) for p in paths]
            continue
        paths = [(*p, i) for p in paths for i in sorted({q[len(p)] for q in doc.positions
                                                          if len(q) > len(p) and q[:len(p)] == p and isinstance(q[len(p)], int)})]
    return paths

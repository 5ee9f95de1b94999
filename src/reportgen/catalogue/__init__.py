"""The built-in catalogue of 政府收支分类科目, shipped as YAML inside the package.

支出功能分类 (类/款/项, with the official explanations printed in 名词解释), 部门支出经济分类
(类/款). The standard 名词解释 terms belong to each report profile. Sources are noted in catalogue/SOURCES.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .. import cache as user_cache


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    explanation: str


@cache
def _read(name: str) -> Any:
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    entry = user_cache.key(__file__, text)
    data = user_cache.read_plain("catalogue", entry)
    if data is None:
        from ruamel.yaml import YAML

        data = YAML(typ="safe").load(text)
        user_cache.write_plain("catalogue", entry, data)
    return data


def _entries(name: str) -> dict[str, Entry]:
    items = _read(name)["科目"]
    return {str(c): Entry(str(c), v["名称"], v.get("说明", "")) for c, v in items.items()}


@cache
def functional() -> dict[str, Entry]:
    """支出功能分类科目 by code (3-digit 类, 5-digit 款, 7-digit 项)."""
    return _entries("functional.yaml")


@cache
def economic() -> dict[str, Entry]:
    """部门支出经济分类科目 by code (3-digit 类, 5-digit 款)."""
    return _entries("economic.yaml")


@cache
def overview_classes() -> tuple[str, ...]:
    """The 类 lines of 公开01 and 公开04, in printed order."""
    return tuple(str(c) for c in _read("functional.yaml")["公开01类目"])


@cache
def personnel_classes() -> tuple[str, ...]:
    """经济分类 类 whose 基本支出 counts as 人员经费; the rest is 公用经费."""
    return tuple(str(c) for c in _read("economic.yaml")["人员经费类"])


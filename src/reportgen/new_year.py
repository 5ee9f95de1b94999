"""`reportgen new-year`: start data/<year>/ from data/<year-1>/, ready for this year's figures.

Each YAML file is read and written with ruamel.yaml's round trip, so comments, key order,
quoting and the narrative's structure are kept. Walking the data alongside the schema:

- 单位 (unit description, duties, departments, staff) is kept as it is;
- every figure elsewhere (amounts and counts) is set to 0, so that it must be re-entered, but
  for the optional totals typed only to be checked, left empty (EMPTY);
  科目 rows, project and indicator names, targets and weights are kept;
- reasons and other text that explains last year's figures are emptied; indicator results
  (实际值, 完成档次, 得分, 扣分, reasons) are emptied or removed;
- an explicit 上年 block is removed: 上年 is computed from data/<year-1>/.

The new folder is written beside the target and renamed into place, so a failure leaves no
half-written year; an existing year is replaced only with `force`.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import typing
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .load import Document, refusal, round_trip_yaml
from .errors import Problem, ReportgenError, Source
from .schema import (BudgetSplit, Evaluation, FiscalOverview, GeneralBudgetRow, Indicator, Narrative, Overview, Project,
                     ThreeItems, Unit, WholeEvaluation, YearData)
from .schema_walk import element, field_by_alias, leaf_kind, model_of, unwrap

EMPTY_TEXT = DoubleQuotedScalarString("")
#: Sections copied unchanged (but for the texts CLEAR_TEXT names).
KEEP_SECTIONS = ("单位",)
#: Sections removed (上年 comes from data/<year-1>/).
DROP_SECTIONS = ("上年",)
#: Fields kept although their model is otherwise reset: names, standing descriptions, and
#: the indicators' targets and weights (from the year's target table, often unchanged).
KEEP: dict[type[BaseModel], set[str]] = {
    Narrative: {"公务用车运行维护说明", "其他专用名词"},
    Project: {"名称", "主管部门", "项目实施单位"},
    Indicator: {"一级指标", "二级指标", "三级指标", "目标值", "分值", "评分方式"},
}
#: Text fields emptied (reasons about last year's figures). In 情况说明 and the evaluations
#: every text field not in KEEP is emptied.
CLEAR_TEXT: dict[type[BaseModel], set[str]] = {
    Unit: {"年度重点工作完成情况"},
    GeneralBudgetRow: {"差异原因"},
    Indicator: {"实际值"},
}
#: Optional figures left empty rather than 0: 执行数 (its default then applies: 本年支出合计),
#: and the totals typed only to be checked against their parts (a 0 would fail that check as
#: soon as the parts are filled in; empty, they are computed).
EMPTY: dict[type[BaseModel], set[str]] = {
    WholeEvaluation: {"执行数"},
    Overview: {"本年收入合计", "本年支出合计", "总计"},
    FiscalOverview: {"总计"},
    ThreeItems: {"合计"},
    BudgetSplit: {"合计"},
}
#: The rows of a 科目 table that total the others: their figures are removed (a total absent
#: is computed; typed, it is checked against the rows, which a 0 would fail); a row with texts
#: keeps its key for them (合计's 差异原因), emptied like every other.
TYPED_TOTALS = ("合计", "人员经费合计", "公用经费合计")
#: Indicator results removed (they belong to last year's evaluation).
DROP_KEYS: dict[type[BaseModel], set[str]] = {
    Indicator: {"完成档次", "得分", "扣分", "扣分原因", "未完成原因"},
}


def _clears_text(model: type[BaseModel], key: str) -> bool:
    if key in KEEP.get(model, set()):
        return False
    if issubclass(model, (Narrative, Evaluation)):
        return True
    return key in CLEAR_TEXT.get(model, set())


def reset(node: Any, annotation: Any) -> Any:
    """The node with this year's figures emptied, following the schema's `annotation`."""
    inner = unwrap(annotation)
    model = model_of(inner)
    origin = typing.get_origin(inner)
    if model is not None and isinstance(node, CommentedMap):
        for key in list(node.keys()):
            name = str(key)
            if name in DROP_KEYS.get(model, set()):
                del node[key]
                continue
            field = field_by_alias(model, name)
            if field is None:
                continue  # unknown keys are left for `check` to report
            kind = leaf_kind(field.annotation)
            sub_model = model_of(field.annotation)
            sub_origin = typing.get_origin(unwrap(field.annotation))
            if sub_model is not None or sub_origin in (list, dict):
                node[key] = reset(node[key], field.annotation)
            elif name in KEEP.get(model, set()):
                continue
            elif name in EMPTY.get(model, set()):
                node[key] = None
            elif kind in ("amount", "count"):
                node[key] = _zero(node[key])
            elif kind == "text" and _clears_text(model, name) and isinstance(node[key], str):
                node[key] = EMPTY_TEXT
            elif name == "实际值":
                node[key] = EMPTY_TEXT
        return node
    if origin is list and isinstance(node, CommentedSeq):
        item = element(inner)
        if model_of(item) is not None:
            for i in range(len(node)):
                node[i] = reset(node[i], item)
        return node
    if origin is dict and isinstance(node, CommentedMap):
        value_type = element(inner)
        for key in list(node.keys()):
            total, row_model = str(key) in TYPED_TOTALS, model_of(value_type)
            if row_model is not None:
                if total and isinstance(node[key], CommentedMap):
                    _drop_amounts(node[key], row_model)
                node[key] = reset(node[key], value_type)
            elif total:
                del node[key]  # a scalar total (公开06's 人员经费合计): computed while absent
            else:
                node[key] = _zero(node[key])
        return node
    return node


def _drop_amounts(row: CommentedMap, model: type[BaseModel]) -> None:
    for key in list(row.keys()):
        field = field_by_alias(model, str(key))
        if field is not None and leaf_kind(field.annotation) in ("amount", "count"):
            del row[key]


def _zero(value: Any) -> Any:
    """0 for a number (None stays empty: an optional figure left out)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return 0
    return value


def transform(text: str) -> str:
    """One file of last year turned into this year's, as text."""
    yaml = round_trip_yaml()
    tree = yaml.load(text)
    if isinstance(tree, CommentedMap):
        _reset_year(tree)
    out = io.StringIO()
    if tree is None:
        return text
    yaml.dump(tree, out)
    return out.getvalue()


def _reset_year(tree: CommentedMap) -> CommentedMap:
    """A year's data (one file's, or all of them) as new-year leaves it, in place."""
    for key in list(tree.keys()):
        name = str(key)
        field = field_by_alias(YearData, name)
        if name in DROP_SECTIONS:
            _drop_section(tree, key)
        elif name in KEEP_SECTIONS and isinstance(tree[key], CommentedMap):
            # The unit stays as it was, but for what it reports of last year's work.
            for text_key in CLEAR_TEXT[Unit] & {str(k) for k in tree[key]}:
                tree[key][text_key] = EMPTY_TEXT
        elif name in KEEP_SECTIONS or field is None:
            continue
        else:
            tree[key] = reset(tree[key], field.annotation)
    return tree


#: Shorter texts are set phrases (无。未发现问题。) that may well be the same every year.
COPIED_MIN = 15
_ABSENT = object()


def copied_texts(doc: Document, before: Document) -> list[Problem]:
    """The texts of `doc` that new-year empties, as they are about one year, and that are word
    for word last year's (`before`): a 提醒 each, at the text, for a reason (…原因) or a text
    with figures in it, which are most likely carried over and not rewritten. (A statement
    such as 现有公务用车能满足工作需要 may well hold every year.)"""
    emptied = _reset_year(_commented(doc.data))
    out = []
    for path, text in _texts(doc.data, ()):
        if len(text.strip()) < COPIED_MIN or _at(before.data, path) != text or _at(emptied, path) not in ("", _ABSENT):
            continue
        if not str(path[-1]).endswith("原因") and not re.search(r"\d", text):
            continue
        source = doc.source(path)
        out.append(Problem(f"「{path[-1]}」与上年（{before.source(path)}）一字不差。它说的是当年的情况（原因、完成情况等），"
                           "请按本年度的情况重写；确与上年相同时可不理会本提醒。", source, "warning", doc.excerpt(source)))
    return out


def _commented(node: Any) -> Any:
    """Plain data as ruamel's round-trip types, which `reset` walks."""
    if isinstance(node, dict):
        return CommentedMap((k, _commented(v)) for k, v in node.items())
    if isinstance(node, list):
        return CommentedSeq(_commented(v) for v in node)
    return node


def _texts(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def _at(node: Any, path: tuple[str | int, ...]) -> Any:
    for key in path:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return _ABSENT
    return node


def _drop_section(tree: CommentedMap, key: Any) -> None:
    """Delete a top-level section and the comment block written just above it."""
    keys = list(tree.keys())
    index = keys.index(key)
    del tree[key]
    if index > 0:
        # Comments before a key are stored after the previous key's value; drop the ones
        # about the removed section (they start after the previous value's last blank line).
        previous = keys[index - 1]
        _trim_trailing_comment(tree, previous)


def _trim_trailing_comment(tree: CommentedMap, key: Any) -> None:
    target = tree
    # Descend to the last nested mapping item, where ruamel keeps the trailing comment.
    while True:
        value = target[key]
        if isinstance(value, CommentedMap) and len(value):
            target, key = value, list(value.keys())[-1]
            continue
        break
    items = getattr(target, "ca", None)
    if items is None or key not in target.ca.items:
        return
    entry = target.ca.items[key]
    token = entry[2] if len(entry) > 2 else None
    if token is None or not hasattr(token, "value"):
        return
    text = token.value
    # Keep the end-of-line comment and blank lines; drop "# ..." lines after the last blank line.
    lines = text.split("\n")
    keep = []
    for line in lines:
        if line.strip().startswith("#") and keep and keep[-1].strip() == "":
            break
        keep.append(line)
    token.value = "\n".join(keep).rstrip(" ") or "\n"
    if not token.value.endswith("\n"):
        token.value += "\n"


def new_year(workspace: Path, year: int, force: bool = False, source_year: int | None = None) -> list[Path]:
    """Create data/<year>/ from data/<year-1>/ (or `source_year`); returns the files written."""
    source_year = source_year or year - 1
    data = workspace / "data"
    source = data / str(source_year)
    target = data / str(year)
    if not source.is_dir():
        raise ReportgenError([Problem(f"找不到 {source_year} 年度的数据文件夹 data/{source_year}/，无法据此创建 {year} 年度。"
                                      "请确认工作区（-w）是否正确，或用 reportgen init 新建工作区。", Source(f"data/{source_year}"))], 1)
    if target.exists() and not force:
        raise ReportgenError([Problem(f"data/{year}/ 已存在，为免覆盖已填写的数据，未做任何修改。"
                                      "如确需重新生成，请加 --force（原有文件会被替换）。", Source(f"data/{year}"))], 2)
    files = sorted(p for p in source.iterdir() if p.suffix in (".yaml", ".yml"))
    if not files:
        raise ReportgenError([Problem(f"data/{source_year}/ 中没有 .yaml 文件。", Source(f"data/{source_year}"))], 1)
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for path in files:
        rel = f"data/{source_year}/{path.name}"
        text, refused = refusal(path, rel)  # check's limits: size, depth, aliases, tags
        if refused is not None:
            problems.append(refused)
            continue
        try:
            texts[path.name] = _retitle(transform(text), source_year, year)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(f"YAML 格式错误：{getattr(exc, 'problem', '') or exc}。请先修正 {source_year} 年度的数据"
                                    f"（reportgen check {source_year}）。", Source(rel, mark.line + 1 if mark else 0,
                                                                                    mark.column + 1 if mark else 0)))
    if problems:
        raise ReportgenError(problems, 2)
    # Everything goes into a hidden folder beside the target, then is renamed into place.
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{year}.", suffix=".partial", dir=data))
        try:
            for name, text in texts.items():
                with open(staging / name, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
            old = None
            if target.exists():
                old = data / f".{year}.old"
                shutil.rmtree(old, ignore_errors=True)
                os.replace(target, old)
            os.replace(staging, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise ReportgenError([Problem(f"无法写入 data/{year}/：{exc.strerror}。请检查文件夹权限。", Source(f"data/{year}"))], 1) from None
    return [target / name for name in texts]


def _retitle(text: str, old: int, new: int) -> str:
    """Update the year in the file's opening comment lines (e.g. “2024 年度决算数”)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            break
        if "yaml-language-server" not in line:
            lines[i] = line.replace(f"{old} 年度", f"{new} 年度").replace(f"{old}年度", f"{new}年度")
    return "\n".join(lines)

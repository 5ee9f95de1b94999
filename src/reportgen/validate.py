"""Stage 2a, validate the shape: pydantic errors turned into Chinese problems with positions.

Each pydantic error's `loc` is a key path; the Document maps it back to the file and line
the clerk typed. Unknown keys get the closest known key as a suggestion, since typos are
the commonest mistake.
"""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .load import Document
from .schema import ROW_KINDS, YearData
from .schema_walk import element, field_by_alias, kinds_of_row, model_of, parents, row_kinds

_AMOUNT_TYPES = {"decimal_parsing", "decimal_type", "float_parsing", "float_type"}
_INT_TYPES = {"int_parsing", "int_type", "int_from_float"}


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model class that holds the last key of `loc`."""
    current: Any = model
    for part in loc[:-1]:
        holder = model_of(current)
        if holder is not None:
            field = field_by_alias(holder, part)
            if field is None:
                return None
            current = field.annotation
        elif element(current) is not None:
            current = element(current)  # `part` is the key or index of an item
        else:
            return None
    return model_of(current)


def _suggest(model: type[BaseModel] | None, key: str) -> str:
    if model is None:
        return ""
    known = [fl.alias for fl in model.model_fields.values() if fl.alias]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.4)
    if close:
        return f"是不是「{close[0]}」？"
    return "可用的键有：" + "、".join(known[:12]) + ("……" if len(known) > 12 else "")


def _shown(value: Any) -> str:
    if value is None:
        return "空（键后没有内容）"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "一组键值"
    if isinstance(value, list):
        return "一个列表"
    return str(value)


def _message(err: dict[str, Any], key: str) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind in _AMOUNT_TYPES:
        return f"「{key}」应为金额（数字），实际为 {_shown(value)}。请只写数字，不写单位和逗号。"
    if kind in _INT_TYPES:
        hint = "请只写数字，不写“人”“辆”等单位。" if isinstance(value, str) else ""
        return f"「{key}」应为整数，实际为 {_shown(value)}。{hint}"
    if kind == "missing":
        return f"缺少必填的「{key}」。"
    if kind in ("greater_than_equal", "greater_than"):
        return f"「{key}」不能小于 {ctx.get('ge', ctx.get('gt'))}，实际为 {_shown(value)}。"
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        if limit is not None and abs(float(limit)) <= 1e6:  # a setting or a count, not an amount
            return f"「{key}」不能大于 {limit}，实际为 {_shown(value)}。"
        return f"「{key}」数值过大（实际为 {_shown(value)}），请确认金额单位是万元还是元。"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        close = difflib.get_close_matches(str(value), re.findall(r"'([^']*)'", expected), n=1, cutoff=0.4)
        hint = f"是不是「{close[0]}」？" if close else ""
        return f"「{key}」应为 {expected.replace(' or ', ' 或 ')} 之一，实际为 {_shown(value)}。{hint}"
    if kind in ("string_type",):
        return f"「{key}」应为文字，实际为 {_shown(value)}。"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        cut = "；文件若只保存了一半，请补全后再保存" if value is None else ""
        return f"「{key}」下应为“键: 值”的映射，实际为 {_shown(value)}。请检查缩进{cut}。"
    if kind == "list_type":
        return f"「{key}」应为列表（每项以“- ”开头），实际为 {_shown(value)}。"
    if kind == "bool_parsing" or kind == "bool_type":
        return f"「{key}」应为 true 或 false，实际为 {_shown(value)}。"
    if kind == "string_pattern_mismatch":
        return (f"「{key}」不能含有 / \\ : * ? \" < > | 等字符（它用作输出文件名），实际为 {_shown(value)}。"
                "请改用全角字符，如“／”“（）”。")
    if kind == "string_too_long":
        return f"「{key}」过长（最多 {ctx.get('max_length')} 个字，实际 {len(str(value))} 个字）。请改短。"
    if kind == "value_error":
        return f"「{key}」{ctx.get('error')}"
    if kind in ("string_too_short", "string_too_long"):
        return f"「{key}」长度不符合要求：{err['msg']}。"
    if kind == "finite_number":
        return f"「{key}」应为有限的数字，实际为 {_shown(value)}。请写出具体金额。"
    if kind in ("decimal_max_places", "decimal_max_digits"):
        return f"「{key}」小数位数过多，实际为 {_shown(value)}。"
    return f"「{key}」有误：{err['msg']}（实际为 {_shown(value)}）。"


def validate_shape(doc: Document) -> tuple[YearData | None, list[Problem]]:
    """Validate the merged data against the schema; return the model or the problems."""
    data, problems = problems_from(YearData, doc.data, doc, ())
    problems += keys_without_effect(doc)
    return (None, problems) if problems else (data, problems)


def keys_without_effect(doc: Document) -> list[Problem]:
    """A key of a 科目 table row that the schema allows, but not on this kind of row (e.g.
    「名称」 on the 合计 row): it would change nothing, so it is an error, never ignored."""
    problems = []
    for field in YearData.model_fields.values():
        model = model_of(element(field.annotation))
        table = doc.data.get(field.alias) if isinstance(doc.data, dict) else None
        if model is None or not isinstance(table, dict):
            continue
        inner = parents(str(k) for k in table)
        for code, row in table.items():
            kinds = kinds_of_row(str(code), inner)
            if not kinds or not isinstance(row, dict):
                continue
            allowed = [fl.alias for fl in model.model_fields.values() if not row_kinds(fl) or kinds & set(row_kinds(fl))]
            for key in row:
                known = field_by_alias(model, str(key))
                if known is None or str(key) in allowed:
                    continue  # an unknown key is pydantic's to report
                where = "、".join(ROW_KINDS[k] for k in row_kinds(known))
                close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.4)
                hint = f"是不是「{close[0]}」？" if close else "该行可用的键有：" + "、".join(allowed) + "。"
                message = (f"「{field.alias}」的「{code}」行写了「{key}」，它在这一行不起作用（只用于{where}）。"
                           f"请删去它，或移到它起作用的行。{hint}")
                source = doc.source((field.alias, code, key))
                problems.append(Problem(message, source, excerpt=doc.excerpt(source)))
    return problems


M = typing.TypeVar("M", bound=BaseModel)


def problems_from(
    model: type[M], data: Any, doc: Document, prefix: tuple[Any, ...]
) -> tuple[M | None, list[Problem]]:
    """Validate `data` as `model`; positions are looked up under `prefix` in `doc`."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "str", "decimal"))))
            key = str(loc[-1]) if loc else ""
            if isinstance(loc[-1] if loc else None, int):
                key = f"{loc[-2]}第{loc[-1] + 1}项" if len(loc) > 1 else key
            if err["type"] == "extra_forbidden":
                msg = f"未知的键「{key}」。" + _suggest(_model_at(model, loc), key)
            else:
                msg = _message(err, key)
            source = doc.source(prefix + loc)
            problems.append(Problem(msg, source, excerpt=doc.excerpt(source)))
        # pydantic reports each union branch; keep one message per position and text.
        unique = list(dict.fromkeys(problems))
        return None, unique

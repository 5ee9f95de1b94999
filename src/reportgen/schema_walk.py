"""Walking the pydantic models of schema.py: the primitives shared by everything that reads
or writes the data format by its keys (docs, init, new-year, import, validation messages)."""

from __future__ import annotations

import types
import typing
from decimal import Decimal
from typing import Any, Iterable

from pydantic import BaseModel
from pydantic.fields import FieldInfo

UNIONS = (typing.Union, types.UnionType)


def unwrap(annotation: Any) -> Any:
    """The annotation inside Annotated[...] and Optional[...]."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is typing.Annotated or origin in UNIONS and len(args) == 1:
            annotation = args[0]
        else:
            return annotation


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation is (through Optional), or None."""
    inner = unwrap(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def element(annotation: Any) -> Any:
    """The item type of a list[...], the value type of a dict[str, ...]; None for any other."""
    inner = unwrap(annotation)
    return unwrap(typing.get_args(inner)[-1]) if typing.get_origin(inner) in (list, dict) else None


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a field, or of its list items or dict values."""
    return model_of(annotation) or model_of(element(annotation))


def field_by_alias(model: type[BaseModel], alias: str) -> FieldInfo | None:
    """The field of `model` whose (Chinese) key is `alias`."""
    return next((fl for fl in model.model_fields.values() if fl.alias == alias), None)


def leaf_kind(annotation: Any) -> str:
    """amount, count, bool, choice or text, for a scalar annotation."""
    inner = unwrap(annotation)
    if inner is bool:
        return "bool"
    if inner is int:
        return "count"
    if inner is Decimal:
        return "amount"
    if typing.get_origin(inner) is typing.Literal:
        return "choice"
    return "text"


def row_kinds(field: FieldInfo) -> tuple[str, ...]:
    """The kinds of 科目 table row a field has an effect on (schema.ROW_KINDS); () for all."""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    return tuple(extra.get("x-rows", ()))  # type: ignore[arg-type]


def parents(codes: Iterable[str]) -> set[str]:
    """Every 类 or 款 code that is a proper prefix of one of `codes`: the codes with rows under
    them, found in one pass (a table of 40,000 项 costs 40,000 steps, not 40,000²)."""
    return {code[:n] for code in codes for n in (3, 5) if n < len(code)}


def kinds_of_row(key: str, inner: set[str]) -> set[str]:
    """The kinds of the row `key` of a 科目 table where `inner` are the codes with rows under
    them (`parents` of its row keys); empty: not a row that has a kind, such as a misspelt
    code, which the ledger reports."""
    if key == "合计":
        return {"合计"}
    if not key.isdigit() or len(key) not in (3, 5, 7):
        return set()
    kinds = {{3: "类", 5: "款", 7: "项"}[len(key)]}
    if key not in inner:
        kinds.add("末级")
    return kinds

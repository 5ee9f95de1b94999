"""The data-format reference (docs/data-format.md), generated from the schema's fields so
that every key is documented exactly once, with the same text as the JSON Schema."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from .schema import CODE_TABLES, YearData
from .schema_walk import UNIONS, element, leaf_kind, model_of, nested_model, unwrap
from .settings import Settings

INTRO = """# 数据格式参考

本文件由 `python -m reportgen.formatdoc > docs/data-format.md` 从数据模型生成，请勿手工修改；
测试会核对它与程序一致。每个键的说明也用于 `reportgen schema` 导出的 JSON Schema。

## 文件与单位

- 一个年度的数据放在 `data/<年度>/` 下，可分成任意多个 `.yaml` 文件（例如 `单位.yaml`、`决算.yaml`、
  `说明.yaml`、`绩效.yaml`）；各文件的顶层部分合并在一起，同一部分只能出现一次。
- 每个文件可在开头写 `金额单位: 万元`（默认）、`金额单位: 百元`（如四川的自评表）或 `金额单位: 元`。以元填写的金额
  是精确数，折算为万元后只在显示时四舍五入；以万元填写的金额视为已四舍五入到 2 位小数，勾稽核对时允许 ±0.005 万元的
  尾差（见下）；以百元填写的金额精确折算（÷100），视为已四舍五入到所写的末位（整百元时允许 ±0.5 百元）。
- 只填“叶子”数：项级科目、各收入来源、各经济分类款、各“三公”项目、各指标的目标值和实际值。所有合计、小计、
  类/款合计、占比、变动、完成率、得分和等级都由程序计算。表中允许填写的合计（如 `合计`、`本年收入合计`）会与
  各部分之和核对。
- 科目表（收入决算表、支出决算表等）的键是科目代码，须加引号，如 `"2010350"`。内置科目表已有的代码不用写名称；
  没有的代码须写 `名称`，项级科目还须写 `说明`（第五部分名词解释用，写在任一张表的该行即可）。写了类、款代码的行
  视为手工填写的小计，会与其下各行之和核对。
- 尾数误差：每个以万元填写的数代表一个区间（±末位的一半）。合计与各部分之和的区间有交集即视为相符，程序接受并在
  公开01表下注明“本套报表金额单位转换时可能存在尾数误差”；超出则报错，列出合计、各部分之和、差额和每个数所在的行。
- 上年数：若存在 `data/<上一年>/`，程序从中计算上年数；否则须填写 `上年` 部分。
- 原因（各 `…变动原因`、`差异原因` 等）：报告在原因前印出“主要原因：”（或“决算数大于年初预算数的主要原因：”），
  直接写原因即可；开头写了“主要原因是”“主要是”也不会重复。所说明的数与上年相同时，原因不印出。

## 绩效指标的写法

- `目标值` 写成 `≥98%`、`≤5万元/年`、`>500个`、`=100%`、`100.00%`（带数字即为定量指标）或 `完成`、`正常运行`、`好`
  （不带数字即为定性指标）。`>` 视同 `≥`，`<` 视同 `≤`；不带符号的数字须正好达到。
- 定量指标的 `实际值` 写实际完成的数（`98%`、`726个`），不带比较符号（写成 `≥95%` 时按 95% 计分并提醒改正），
  单位与目标值相同（目标值 `≤11.5万元` 时写 `8.33万元`，不写 `83300元`；单位不同时报错）。
- 定量指标：正向（≥、=）得分 = 分值 × 实际值/目标值，反向（≤）得分 = 分值 × 目标值/实际值，均不超过分值；
  可用 `扣分` 和 `扣分原因` 扣减（如偏差过大）。
- 定性指标须填 `完成档次`：达成（分值的 80%～100%，不填得分即得满分）、部分达成（50%～80%）、未达成（0～50%），
  后两档须填 `得分`。数字目标也可用 `评分方式: 定性` 按档次评分。
- 未完成的指标须填 `未完成原因`。
- 评分方案在「样式」中（地区样式给出默认，工作区可改）：`执行率分值`（默认 20）+ `指标总分值`（默认 80）= 100，
  可用 `一级指标分值` 规定各一级指标的分值（如产出 50、效益 30、满意度 20），`计分: false` 为不计分的自评表，
  `评价等级` 为等级的分数下限。各指标分值合计须为指标总分值，设了一级指标分值时每个一级指标下的合计须为它的分值。
- 执行率得分 = 执行率分值 × 执行数/预算数（不超过执行率分值）；总分为表中各行得分（按显示精度四舍五入后）之和；
  等级默认：优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60。
"""


#: What the reference calls each kind of leaf; one that takes several kinds shows the first.
LABELS = {"amount": "金额", "count": "整数", "bool": "true/false", "choice": "选项：", "text": "文字"}


def _kind(annotation: Any, alias: str) -> str:
    """The 类型 column: what a key takes."""
    inner = unwrap(annotation)
    origin = typing.get_origin(inner)
    if origin is dict:
        value = {"amount": "金额", "count": "整数"}.get(leaf_kind(element(inner)), "一行")
        return ("科目代码 → " if alias in CODE_TABLES else "名称 → ") + value
    if origin is list:
        return "列表"
    if model_of(inner) is not None:
        return "一组键"
    kinds = {leaf_kind(a) for a in typing.get_args(inner)} if origin in (tuple, *UNIONS) else {leaf_kind(inner)}
    kind = next(k for k in LABELS if k in kinds)
    if kind == "choice":
        return LABELS[kind] + "、".join(str(a) for a in typing.get_args(inner))
    return LABELS[kind]


def _section(model: type[BaseModel], title: str, seen: set[str], out: list[str]) -> None:
    if model.__name__ in seen:
        return
    seen.add(model.__name__)
    out += [f"## {title}", "", "| 键 | 类型 | 默认 | 说明 |", "|---|---|---|---|"]
    nested = []
    for field in model.model_fields.values():
        default = "必填" if field.is_required() else ("" if field.default in (None, "", [], {}) or isinstance(field.default, BaseModel) else str(field.default))
        out.append(f"| `{field.alias}` | {_kind(field.annotation, field.alias)} | {default} | {field.description or ''} |")
        inner = nested_model(field.annotation)
        if inner is not None:
            nested.append((inner, f"{title} › {field.alias}"))
    out.append("")
    for inner, sub in nested:
        _section(inner, sub, seen, out)


def render() -> str:
    out = [INTRO, "# 年度数据（data/<年度>/*.yaml）", ""]
    _section(YearData, "顶层部分", set(), out)
    out += ["# 工作区设置（reportgen.yaml）", ""]
    _section(Settings, "reportgen.yaml", set(), out)
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")

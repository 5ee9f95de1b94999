"""Stage 2a, validate the shape: the data format, as pydantic models.

Keys are Chinese, as printed in the 公开 tables; attributes are English. Each field's
description is the one-line help reused by `reportgen schema` (JSON Schema) and by
docs/data-format.md. Leaves only: every 合计/小计 is computed, and a typed total (where a
field allows one) is checked against its parts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Amount = Annotated[Decimal, Field(ge=0, le=Decimal("1e10"), description="金额（数字）")]
Count = Annotated[int, Field(ge=0, le=1_000_000, description="数量（非负整数）")]
Text = Annotated[str, Field(max_length=20000, description="文字说明")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


#: The kinds of row of a table keyed by 科目代码, and what each is called in messages. A row
#: is 合计, or a 类/款/项 by the length of its code; a code with no code under it in the same
#: table is also 末级. A row model's field declares (`rows`) the kinds it has an effect on.
ROW_KINDS = {"合计": "「合计」行", "类": "类级科目行", "款": "款级科目行", "项": "项级科目行",
             "末级": "末级科目行（其下没有下级科目的行）"}
SUBJECTS = ("类", "款", "项")


def f(alias: str, default: object = None, desc: str = "", rows: tuple[str, ...] = (), **kw: object) -> object:
    """A field with its Chinese key and one-line description; `rows`: on a 科目 table's row
    model, the kinds of row (ROW_KINDS) the key has an effect on (all when empty), which the
    description then names."""
    desc = desc or alias
    if rows:
        desc += "。只用于" + "、".join(ROW_KINDS[k] for k in rows) + "，写在其他行是错误"
    extra = {"x-rows": list(rows)} if rows else None
    return Field(default, alias=alias, description=desc, json_schema_extra=extra, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------- 单位概况

class Department(Model):
    name: str = f("名称", ..., "内设机构名称，如“综合科”")
    duties: Text = f("职责", "", "该机构的职责")


class Staff(Model):
    kind: str | None = f("编制类型", None, "编制类型：行政编制、事业编制等（报告须印出，不填则印【待填写】）")
    quota: Count | None = f("编制数", None, "核定编制数（名）；没有编制的填 0")
    active: Count | None = f("在职人数", None, "正式在编在岗人数（人）；没有的填 0")
    retired: Count | None = f("退休人数", None, "退休人员（人）；没有的填 0")
    others: Count = f("其他人员", 0, "编制外人员（人），为 0 时不印")
    others_kind: str = f("其他人员类别", "编外人员", "编制外人员的称呼，如“临时聘用人员”“劳务派遣人员”")
    note: Text = f("说明", "", "人员情况的补充说明，原样印在人员情况之后")


class MemberUnit(Model):
    name: str = f("单位名称", ..., "纳入部门决算编制范围的单位全称，如“上海市××局（本级）”", min_length=1, max_length=200)
    note: str = f("备注", "", "备注栏", max_length=200)


class Unit(Model):
    # The name makes the output file names: no path separators or characters Windows refuses.
    name: str = f("名称", ..., "单位全称，用于标题和表头“部门：”", min_length=2, max_length=80,
                  pattern=r'^[^/\\:*?"<>|\x00-\x1f]+$')
    short_name: str = f("简称", "", "单位简称，用于绩效自评表“单位名称”；不填则用全称", max_length=80)
    nature: str = f("单位性质", "", "如“公益一类财政拨款事业单位”")
    fiscal_level: str = f("财政级次", "本级", "名词解释中“指…财政”的级次，如“县级”“市（州）级”“省级”")
    unit_level: str = f("单位级次", "本级", "名词解释中“三公”经费一条的部门范围，如“县直”“市（州）直”")
    duties_intro: Text = f("职责概述", "", "部门主要职责的引言段")
    duties: list[Text] = f("主要职责", [], "主要职责，每条一项，自动编号")
    key_work: Text = f("年度重点工作完成情况", "", "本年度重点工作及其完成情况（部分地区样式的单位概况印出）；分段或分条写")
    departments: list[Department] | None = f("内设机构", None, "内设机构及其职责，自动编号；未设内设机构的写 []")
    departments_note: Text = f("机构设置说明", "", "机构设置的补充说明")
    composition: Text = f("预算单位构成", "", "部门预算单位构成的说明（必填，如“纳入本部门决算编制范围的单位只有本级。”）")
    members: list[MemberUnit] | None = f("决算单位构成", None, "纳入部门决算编制范围的单位，按序号排列（上海样式第一部分二的"
                                         "序号/单位名称/备注表）；只有一个单位的写 []，印“机构设置”")
    staff: Staff = f("人员", Staff(), "人员情况")
    budget_code: str = f("预算单位编码", "", "财政预算管理系统中的预算单位编码（四川样式的项目绩效目标自评表印出）", max_length=40)


# ---------------------------------------------------------------- 决算 tables

class SubjectRow(Model):
    """What every 科目 row may say about its 科目 besides figures."""

    name: str = f("名称", "", "科目名称；科目表中已有的代码不用填", rows=SUBJECTS, max_length=200)
    explanation: Text = f("说明", "", "第五部分名词解释中该项级科目的说明；内置科目表中已有的项可不填（填了则代替内置说明），"
                                      "没有的项须填（如“反映…方面的支出。”）", rows=("项",))


class IncomeRow(SubjectRow):
    """公开02 收入决算表 one 科目 row."""

    fiscal: Amount = f("财政拨款收入", Decimal(0))
    superior: Amount = f("上级补助收入", Decimal(0))
    business: Amount = f("事业收入", Decimal(0))
    operating: Amount = f("经营收入", Decimal(0))
    affiliated: Amount = f("附属单位上缴收入", Decimal(0))
    other: Amount = f("其他收入", Decimal(0))


class ExpenseRow(SubjectRow):
    """公开03 支出决算表 one 科目 row."""

    basic: Amount = f("基本支出", Decimal(0))
    project: Amount = f("项目支出", Decimal(0))
    to_superior: Amount = f("上缴上级支出", Decimal(0))
    operating: Amount = f("经营支出", Decimal(0))
    to_affiliated: Amount = f("对附属单位补助支出", Decimal(0))


class GeneralBudgetRow(SubjectRow):
    """公开05 一般公共预算财政拨款支出决算表 one 科目 row, with its 年初预算."""

    basic: Amount = f("基本支出", Decimal(0))
    project: Amount = f("项目支出", Decimal(0))
    budget: Amount | None = f("年初预算", None, "年初预算数，用于“完成年初预算的…%”；写在「合计」行时与各末级科目之和核对，"
                              "并用于总体的“年初预算为…”", rows=("合计", "末级"))
    reason: Text = f("差异原因", "", "决算数与年初预算数不同的主要原因：末级科目行的印在该科目之后（决算≠预算时必填），"
                                 "「合计」行的印在总体完成情况之后（总体决算≠预算且各科目都没写原因时必填）", rows=("合计", "末级"))
    uses: Text = f("主要用于", "", "该科目支出主要用于哪些方面（不写“主要用于”四字）：类级科目的印在支出结构情况中，"
                               "代替所含各项的列举；末级科目的印在支出具体情况中该科目之后", rows=("类", "末级"))
    full_budget: Amount | None = f("全年预算", None, "全年预算数（按规定程序调整后）；填写后支出具体情况按全年预算说明完成情况，"
                                   "差异原因说明决算数与全年预算数的差异；写在「合计」行时与各末级科目之和核对", rows=("合计", "末级"))


class FundRow(SubjectRow):
    """公开07 政府性基金预算财政拨款收入支出决算表 one 科目 row."""

    opening: Amount = f("年初结转和结余", Decimal(0))
    income: Amount = f("本年收入", Decimal(0))
    basic: Amount = f("基本支出", Decimal(0))
    project: Amount = f("项目支出", Decimal(0))
    closing: Amount = f("年末结转和结余", Decimal(0))


class CapitalRow(SubjectRow):
    """公开08 国有资本经营预算财政拨款（收入）支出决算表 one 科目 row."""

    opening: Amount = f("年初结转和结余", Decimal(0), "收入支出决算表（如上海样式）用；填写后与财政拨款收入支出决算总表核对")
    income: Amount = f("本年收入", Decimal(0), "收入支出决算表（如上海样式）用；填写后与财政拨款收入支出决算总表核对")
    basic: Amount = f("基本支出", Decimal(0))
    project: Amount = f("项目支出", Decimal(0))
    closing: Amount = f("年末结转和结余", Decimal(0), "收入支出决算表（如上海样式）用；填写后与财政拨款收入支出决算总表核对")


class EconomicRow(Model):
    """财政拨款支出决算明细表 one 经济分类 row: all 财政拨款 spending of the 类/款."""

    basic: Amount = f("基本支出", Decimal(0))
    project: Amount = f("项目支出", Decimal(0))


class Overview(Model):
    """公开01 lines that no other table holds, and its typed totals (checked)."""

    use_surplus: Amount = f("使用非财政拨款结余和专用结余", Decimal(0))
    opening: Amount = f("年初结转和结余", Decimal(0))
    distribution: Amount = f("结余分配", Decimal(0))
    closing: Amount = f("年末结转和结余", Decimal(0))
    income_total: Amount | None = f("本年收入合计", None, "可选：填写后与各项收入之和核对")
    expense_total: Amount | None = f("本年支出合计", None, "可选：填写后与各项支出之和核对")
    grand_total: Amount | None = f("总计", None, "可选：填写后与收、支两侧总计核对")


class FundSplit(Model):
    general: Amount = f("一般公共预算财政拨款", Decimal(0))
    fund: Amount = f("政府性基金预算财政拨款", Decimal(0))
    capital: Amount = f("国有资本经营预算财政拨款", Decimal(0))


class FiscalOverview(Model):
    """公开04 财政拨款收入支出决算总表: income and carry-overs by fund type."""

    income: FundSplit = f("本年收入", FundSplit(), "本年财政拨款收入，按资金性质")
    opening: FundSplit = f("年初财政拨款结转和结余", FundSplit())
    closing: FundSplit = f("年末财政拨款结转和结余", FundSplit())
    total: Amount | None = f("总计", None, "可选：填写后核对")


class ThreeItems(Model):
    """The “三公”经费 items."""

    abroad: Amount = f("因公出国（境）费", Decimal(0))
    car_purchase: Amount = f("公务用车购置费", Decimal(0))
    car_running: Amount = f("公务用车运行维护费", Decimal(0))
    reception: Amount = f("公务接待费", Decimal(0))
    total: Amount | None = f("合计", None, "可选：填写后与各项之和核对")


class ThreeCosts(Model):
    """公开09 财政拨款“三公”经费支出决算表 and the counts its 情况说明 prints."""

    initial_budget: ThreeItems | None = f("年初预算数", None, "年初预算数（绩效自评报告的三公表用）；不填则同全年预算数")
    budget: ThreeItems = f("全年预算数", ThreeItems(), "全年预算数（按规定程序调整后）")
    actual: ThreeItems = f("决算数", ThreeItems())
    foreign_reception: Amount = f("外宾接待费", Decimal(0), "公务接待费决算中外宾接待的部分")
    # The counts: not typed means 0 only where no money was spent on the item; else the report asks for them.
    abroad_groups: Count | None = f("出国团组数", None, "因公出国（境）团组数（个）；有出国费时必填")
    abroad_people: Count | None = f("出国人次", None, "因公出国（境）人次；有出国费时必填")
    cars_bought: Count | None = f("购置公务用车数", None, "本年度购置（更新）公务用车（辆）；有购置费时必填")
    cars_held: Count | None = f("公务用车保有量", None, "年末开支财政拨款的公务用车保有量（辆）；有运行维护费时必填")
    domestic_groups: Count | None = f("国内接待批次", None, "国内公务接待来访团组（个）；有国内接待费时必填")
    domestic_people: Count | None = f("国内接待人次", None, "不包括陪同人员；有国内接待费时必填")
    foreign_groups: Count | None = f("外宾接待批次", None, "外事接待批次（个）；有外宾接待费时必填")
    foreign_people: Count | None = f("外宾接待人次", None, "外事接待人次；有外宾接待费时必填")


class FundThreeCosts(Model):
    """政府性基金预算财政拨款“三公”经费支出决算表."""

    budget: ThreeItems = f("全年预算数", ThreeItems(), "全年预算数（按规定程序调整后）")
    actual: ThreeItems = f("决算数", ThreeItems())


class RunningCosts(Model):
    """机关运行经费 (行政单位和参公事业单位)."""

    applies: bool = f("适用", True, "本单位是否为行政单位或参公事业单位；否则填 false 并写不适用说明")
    actual: Amount = f("决算数", Decimal(0))
    note: Text = f("说明", "", "不适用时的说明（如“为非参公管理事业单位”），或支出构成说明")


class ProcurementLine(Model):
    spent: Amount = f("支出", Decimal(0), "政府采购支出金额")
    sme: Amount = f("授予中小企业", Decimal(0), "授予中小企业合同金额")
    micro: Amount = f("授予小微企业", Decimal(0), "其中授予小微企业合同金额")


class ProcurementTotal(Model):
    """A typed 政府采购 合计: each figure given is checked against the lines and printed."""

    spent: Amount | None = f("支出", None, "政府采购支出总额")
    sme: Amount | None = f("授予中小企业", None, "授予中小企业合同金额合计")
    micro: Amount | None = f("授予小微企业", None, "其中授予小微企业合同金额合计")


class ReservedProcurement(Model):
    """Procurement reserved for small and medium enterprises (上海 template's 政府采购 paragraph)."""

    sme_budget: Amount = f("面向中小企业预留预算金额", Decimal(0), "面向中小企业预留的政府采购项目预算金额")
    micro_budget: Amount = f("面向小微企业预留预算金额", Decimal(0), "其中面向小微企业预留的政府采购项目预算金额")
    sme_awarded: Amount = f("预留项目中小企业成交金额", Decimal(0), "面向中小企业预留的项目中，由中小企业供应商中标或成交的采购金额")
    micro_awarded: Amount = f("预留项目小微企业成交金额", Decimal(0), "面向小微企业预留的项目中，由小微企业供应商中标或成交的采购金额")
    other_sme_awarded: Amount = f("其他项目中小企业成交金额", Decimal(0), "其他（未预留的）政府采购项目中，由中小企业供应商中标或成交的采购金额")


class Procurement(Model):
    goods: ProcurementLine = f("货物", ProcurementLine())
    works: ProcurementLine = f("工程", ProcurementLine())
    services: ProcurementLine = f("服务", ProcurementLine())
    reserved: ReservedProcurement | None = f("预留", None, "面向中小企业预留政府采购项目的情况（上海样式用）")
    total: ProcurementTotal | None = f("合计", None, "可选：填写后与货物、工程、服务之和核对，并用于情况说明")


class Vehicles(Model):
    minister: Count = f("副省级及以上领导干部用车", 0)
    head: Count = f("主要负责人用车", 0)
    confidential: Count = f("机要通信用车", 0)
    emergency: Count = f("应急保障用车", 0)
    enforcement: Count = f("执法执勤用车", 0)
    special: Count = f("特种专业技术用车", 0)
    retiree: Count = f("离退休干部服务用车", 0)
    other: Count = f("其他用车", 0)
    other_note: Text = f("其他用车说明", "", "其他用车主要用途")

    def counts(self) -> list[tuple[str, int]]:
        """Each kind of vehicle with its number, as the report lists them."""
        return [(fl.alias, getattr(self, name)) for name, fl in type(self).model_fields.items() if fl.alias != "其他用车说明"]

    def total(self) -> int:
        return sum(n for _, n in self.counts())


class Assets(Model):
    vehicles: Vehicles = f("车辆", Vehicles())
    special_equipment: Count = f("单价100万元以上专用设备", 0, "台（套）")
    general_equipment: Count = f("单价50万元以上通用设备", 0, "台（套）")
    equipment: Count | None = f("单价100万元以上设备", None, "单价100万元（含）以上设备（不含车辆），台（套）；上海样式用")


class PriorYear(Model):
    """上年 figures, used only when data/<year-1>/ does not exist."""

    grand_total: Amount = f("收支总计", Decimal(0), "上年公开01总计")
    income_total: Amount = f("本年收入合计", Decimal(0))
    expense_total: Amount = f("本年支出合计", Decimal(0))
    fiscal_total: Amount = f("财政拨款收支总计", Decimal(0), "上年公开04总计")
    general_income: Amount = f("一般公共预算财政拨款收入", Decimal(0))
    fund_income: Amount = f("政府性基金预算财政拨款收入", Decimal(0))
    capital_income: Amount = f("国有资本经营预算财政拨款收入", Decimal(0))
    general_expense: Amount = f("一般公共预算财政拨款支出", Decimal(0))
    three: ThreeItems = f("三公经费决算数", ThreeItems())
    running: Amount = f("机关运行经费", Decimal(0))


# ---------------------------------------------------------------- narrative

class Narrative(Model):
    """情况说明: the clerk's reasons and statements, printed after the generated sentences."""

    total_reason: Text = f("收支总计变动原因", "", "一、收、支总计与上年相比变动的主要原因")
    income_reason: Text = f("收入变动原因", "", "二、收入合计变动原因；不填则沿用收支总计变动原因（只在两者同增同减时）")
    expense_reason: Text = f("支出变动原因", "", "三、支出合计变动原因；不填则沿用收支总计变动原因（只在两者同增同减时）")
    fiscal_reason: Text = f("财政拨款收支变动原因", "", "四、财政拨款收、支总计变动原因")
    general_income_reason: Text = f("一般公共预算财政拨款收入变动原因", "", "四、一般公共预算财政拨款收入变动原因")
    fund_income_reason: Text = f("政府性基金预算财政拨款收入变动原因", "")
    capital_income_reason: Text = f("国有资本经营预算财政拨款收入变动原因", "")
    general_expense_reason: Text = f("一般公共预算财政拨款支出变动原因", "", "五（一）变动原因")
    three_budget_reason: Text = f("三公经费预算执行原因", "", "九（一）决算数与全年预算数不同的主要原因")
    three_change_reason: Text = f("三公经费变动原因", "", "九（一）决算数较上年变动的主要原因")
    abroad_reason: Text = f("因公出国（境）费说明", "", "九（二）1. 预算执行和变动原因")
    car_reason: Text = f("公务用车购置及运行费说明", "", "九（二）2. 预算执行和变动原因")
    car_purchase_note: Text = f("公务用车购置说明", "", "九（二）2.(1) 购置费用途或未购置的原因")
    car_running_note: Text = f("公务用车运行维护说明", "主要用于公务用车的燃料费、维修费、过桥过路费、保险费等。")
    reception_reason: Text = f("公务接待费说明", "", "九（二）3. 预算执行和变动原因")
    domestic_reception_note: Text = f("国内公务接待说明", "", "接待对象和主要事由")
    running_reason: Text = f("机关运行经费变动原因", "", "机关运行经费决算数较上年变动的主要原因")
    special_funds: Text = f("专项支出说明", "", "十四、专项支出、转移支付支出情况（必填；没有则写明，如“本部门无专项支出、无转移支付支出。”）")
    other_matters: Text = f("其他需要说明的情况", "", "第四部分（必填；没有则写明，如“无其他需要说明的情况。”）")
    other_terms: Text = f("其他专用名词", "", "名词解释最后一项（必填；没有则写“无。”）")
    performance_work: Text = f("预算绩效管理工作开展情况", "", "预算绩效管理工作开展情况。有项目自评时，报告先由数据写出"
                                                         "“根据预算绩效管理要求，本部门组织对…开展绩效自评，共涉及项目N个，资金…”一句，"
                                                         "这里接着写其余工作，不必重复")
    department_evaluation: Text = f("部门整体支出绩效评价情况", "", "十三（一）第二段")
    subordinate_units: Text = f("下属单位绩效目标实现情况", "", "十三（二）下属单位整体支出绩效目标实现情况（必填；没有下属单位则写明）")
    key_projects: Text = f("重点项目绩效评价情况", "", "十三（二）以部门为主体开展的重点项目绩效评价情况（必填；没有则写明）")
    results_applied: Text = f("绩效评价结果已应用情况", "", "十三（三）绩效评价结果已经应用的情况（必填；尚未应用则写明）")
    results_planned: Text = f("绩效评价结果拟应用情况", "", "十三（三）绩效评价结果拟应用的情况（必填）")
    attachments: Text = f("附件说明", "", "第六部分附件；有「绩效」部分时列出自评表，没有时必填（如“无。”）")


# ---------------------------------------------------------------- 绩效

Tier = Literal["达成", "部分达成", "未达成"]
#: The figures an indicator's 实际值 may be declared to report (its 数据来源): each is computed
#: from the data, and the typed 实际值 is checked against it.
IndicatorSource = Literal["编制数", "在职人数", "退休人数", "在职人员控制率", "本年支出合计", "基本支出", "项目支出",
                          "一般公共预算财政拨款支出", "人员经费", "公用经费", "三公经费", "机关运行经费", "政府采购支出",
                          "预算数", "执行数", "预算执行率"]


class Indicator(Model):
    """One 三级指标 of a self-evaluation table."""

    level1: str = f("一级指标", ..., "成本指标、产出指标、效益指标、满意度指标", max_length=200)
    level2: str = f("二级指标", ..., "如 数量指标、质量指标、经济成本指标", max_length=200)
    name: str = f("三级指标", ..., "指标名称", max_length=200)
    target: str | Decimal = f("目标值", ..., "年初目标值，如 ≥98%、≤5万元/年、>500个、=100%、完成")
    actual: str | Decimal = f("实际值", ..., "实际完成值，如 98%、5万元/年、完成")
    weight: Amount | None = f("分值", None, "指标分值（权重）：计分时必填，各指标合计为「样式」的「指标总分值」（默认 80），"
                              "设了「一级指标分值」时每个一级指标下的合计为它的分值")
    method: Literal["定量", "定性"] | None = f("评分方式", None, "不填时：目标值带比较符号和数字为定量，否则为定性")
    tier: Tier | None = f("完成档次", None, "定性指标必填：达成、部分达成、未达成")
    score: Amount | None = f("得分", None, "定性指标“部分达成”“未达成”时必填；须在档次区间内")
    deduction: Amount | None = f("扣分", None, "定量指标因偏差过大等原因扣减的分数")
    deduction_reason: Text = f("扣分原因", "", "有扣分时必填")
    reason: Text = f("未完成原因", "", "指标未完成时必填；不计分的自评表把它作为偏差原因印出")
    measure: Text = f("改进措施", "", "实际完成值偏离目标值时的改进措施（四川样式的自评表与偏差原因同列印出）")
    source: IndicatorSource | None = f("数据来源", None, "可选：实际值所报告的、可由数据算出的数（人数按单位概况，金额按决算表，"
                                       "预算数、执行数和预算执行率按本张自评表）；填写后程序核对实际值")


Category = Literal["本级支出项目", "转移性支出项目"]
#: 四川's 项目绩效目标自评表 项目类型, in the form's order.
ProjectType = Literal["产业发展", "民生保障", "基础设施", "行政运行"]
Attribute = Literal["持续性项目", "新增性项目"]
Frequency = Literal["常年性项目", "延续性项目", "一次性项目"]
#: The budget a project's money comes from (the 财政拨款 tables its spending is part of).
FundKind = Literal["一般公共预算", "政府性基金", "国有资本经营"]


class Evaluation(Model):
    """Fields shared by the department-wide and the project self-evaluation."""

    date: str = f("填报日期", "", "自评表填报日期，如 2024-03-15")
    goal: Text = f("年度绩效目标", "", "年度总体目标完成情况，印在自评表指标之上")
    budget: Amount = f("预算数", ..., "预算数（A），调整后财政资金总额（含上年结转）")
    indicators: list[Indicator] = f("指标", [], "三级指标，按表中顺序")
    deviation: Text = f("偏差原因", "", "偏差大或目标未完成原因分析")
    improvement_plan: Text = f("改进措施及结果应用方案", "", "针对偏差和问题的改进措施，及自评结果的应用方案")
    last_year_use: Text = f("上年度绩效评价结果应用情况", "", "上一年度绩效评价结果在本年的应用情况（必填；没有则写明）")
    problems: Text = f("存在的问题", "", "存在的问题（必填；没有则写明，如“本次评价未发现绩效方面存在问题。”）")
    causes: Text = f("问题原因", "", "存在问题的原因分析")
    measures: Text = f("下一步改进措施", "", "针对存在问题的下一步改进措施（必填）")
    budget_link: Text = f("拟与预算安排相结合情况", "", "自评结果拟与下年预算安排相结合的情况（必填）")


#: A signed amount: a 追加 (positive) or a 调减 (negative) of a budget.
Adjustment = Annotated[Decimal, Field(ge=Decimal("-1e10"), le=Decimal("1e10"), description="金额（数字，可为负）")]


class Funding(Model):
    """A project's 预算数 by where the money came from (湖南's 项目支出绩效自评报告 二)."""

    initial: Amount = f("年初预算", Decimal(0), "年初预算安排的资金")
    carried: Amount = f("上年结转", Decimal(0), "上年结转到本年的资金")
    adjusted: Adjustment = f("追加调整", Decimal(0), "年中追加（正数）或调减（负数）的资金")


class Project(Evaluation):
    name: str = f("名称", ..., "项目名称", min_length=1, max_length=200)
    authority: str = f("主管部门", "", "项目主管部门，如“××县人民政府办公室”", max_length=200)
    executor: str = f("项目实施单位", "", "实际实施项目的单位", max_length=200)
    # No default: a box the clerk did not tick is not printed ticked (the form prints a 【待填写】).
    category: Category | None = f("支出项目类别", None, "自评表勾选：本级支出项目 或 转移性支出项目")
    attribute: Attribute | None = f("项目属性", None, "自评表勾选：持续性项目 或 新增性项目")
    frequency: Frequency | None = f("项目安排频度", None, "自评表勾选：常年性项目、延续性项目 或 一次性项目")
    spent: Amount = f("执行数", ..., "执行数（B），财政资金实际支出")
    fund_kind: FundKind = f("资金性质", "一般公共预算", "项目资金属于哪类预算：一般公共预算（默认）、政府性基金、国有资本经营；"
                            "各类项目的执行数之和分别与该类财政拨款的项目支出核对")
    outputs: Text = f("主要产出和效益", "", "印在决算公开十三（二）")
    # The 项目支出绩效自评报告 (湖南): its figures, checked, and the clerk's sections.
    funding: Funding | None = f("资金来源", None, "预算数按来源：年初预算、上年结转、追加调整，三者之和须等于预算数")
    received: Amount | None = f("到位资金", None, "实际到位的资金，用于资金到位率（到位资金 ÷ 预算数）")
    prior_budget: Amount | None = f("上年预算", None, "本项目上年度的预算数，用于预算较上年的变动")
    economic: dict[str, Amount] = f("支出经济分类", {}, "执行数按部门支出经济分类列出，键为经济分类代码（如 \"30201\"），"
                                    "值为金额；各项之和须等于执行数")
    special: Amount | None = f("专项资金", None, "执行数中的专项资金（其余为其他项目资金）")
    overview: Text = f("项目概况", "", "项目基本情况：立项依据、主要内容和资金用途")
    overall_goal: Text = f("总体目标", "", "项目的总体（中长期）目标；年度目标见「年度绩效目标」")
    management: Text = f("资金管理情况", "", "资金管理：制度、审批、支付和监督")
    implementation: Text = f("组织实施情况", "", "项目组织实施情况：组织机构、实施过程和管理措施")
    experience: Text = f("主要经验做法", "", "主要经验及做法")
    suggestions: Text = f("有关建议", "", "有关建议")
    other_notes: Text = f("其他需要说明的问题", "", "其他需要说明的问题（没有则写明）")
    # 四川's 项目绩效目标自评表: 当年结转结余额 (预算数 − 执行数) and its rates are computed.
    project_type: ProjectType | None = f("项目类型", None, "项目类型：产业发展、民生保障、基础设施、行政运行（四川样式的自评表勾选）")
    prior_carry: Amount | None = f("上年结转结余额", None, "本项目上年度的结转结余额，用于结转结余变动率"
                                   "（（当年结转结余额 − 上年）÷ 上年；上年为 0 时不计算）")
    goal_actual: Text = f("年度目标实际完成", "", "年度总体目标的实际完成情况（四川样式自评表“实际完成”栏）")
    goal_deviation: Text = f("年度目标偏差", "", "实际完成与年度总体目标的偏差（四川样式自评表“偏差”栏；没有偏差则写明）")


class WholeEvaluation(Evaluation):
    """部门整体支出绩效自评 (002's sections 一–九 and 003's 附件1)."""

    spent: Amount | None = f("执行数", None, "执行数（B）；不填则取本年支出合计")
    goals: list[Text] = f("绩效目标", [], "一（四）部门年度绩效目标，每条一项")
    basic_note: Text = f("基本支出说明", "", "二（一）基本支出的用途说明")
    project_note: Text = f("项目支出说明", "", "二（三）项目支出的总体说明")
    running_cost: Text = f("运行成本", "", "六（一）运行成本：公用经费、“三公”经费等成本控制情况（必填）")
    management: Text = f("管理效率", "", "六（二）管理效率：预算执行、制度建设和内部管理情况（必填）")
    effectiveness: Text = f("履职效能", "", "六（三）履职效能：年度重点工作和主要产出的完成情况（必填）")
    social_effect: Text = f("社会效应", "", "六（四）社会效应：服务对象和社会得到的效益（必填）")
    sustainability: Text = f("可持续发展能力", "", "六（五）可持续发展能力：队伍、制度、信息化等建设情况（必填）")
    satisfaction: Text = f("服务对象满意度", "", "六（六）服务对象满意度：调查方式和结果（必填）")
    publication: Text = f("自评结果应用和公开情况", "", "九、自评结果的应用和公开情况（必填）")
    social_insurance: Text = f("社会保险基金预算支出", "", "五、社会保险基金预算支出情况（必填；没有则写明，如“无社会保险基金预算支出。”）")
    # 河北's 整体支出绩效评价报告 (reference 001).
    achievement: Text = f("目标实现情况", "", "部门概况中的目标实现情况（河北样式）")
    special_management: Text = f("专项资金管理", "", "专项资金的分配、支出去向和管理办法（河北样式）")
    organisation: Text = f("评价组织", "", "绩效自评的组织：目的、领导小组（自评工作组）、工作方式（河北样式；四川样式三、评价工作开展情况）")
    method: Text = f("自评方法", "", "自评的方法和范围（河北样式；四川样式三、评价工作开展情况）")
    focus: Text = f("评价重点", "", "自评的重点内容（四川样式三、评价工作开展情况）")
    conclusion: Text = f("评价结论", "", "自评的总体结论（四川样式四、评价结论）")


class ManagementCheck(Model):
    """河北's 部门绩效管理工作 check, scored 百分制 apart from the spending (reference 001)."""

    indicators: list[Indicator] = f("指标", [], "考核指标（一级指标如 绩效目标管理、绩效执行监控、绩效自评、自评结果应用），分值合计 100")
    note: Text = f("说明", "", "考核情况的说明，印在得分之后")


class BudgetSplit(Model):
    """A 年初预算 of the spending, by kind."""

    personnel: Amount = f("人员经费", Decimal(0))
    public: Amount = f("公用经费", Decimal(0))
    project: Amount = f("项目支出", Decimal(0))
    total: Amount | None = f("合计", None, "可选：填写后与各项之和核对")


class PerformanceAccounts(Model):
    """The 决算 figures a 绩效 report prints, typed in the 绩效 data when the year has no 公开
    tables (a 绩效-only workspace); each is checked against the others."""

    income_budget: Amount | None = f("年初预算收入", None, "批复的年度部门预算收入")
    income_total: Amount | None = f("本年收入合计", None, "本年实际收入")
    expense_budget: BudgetSplit | None = f("年初预算支出", None, "年度部门支出预算，按人员经费、公用经费、项目支出")
    expense_total: Amount = f("本年支出合计", ..., "本年实际支出合计（部门整体「执行数」不填时取它）")
    basic: Amount | None = f("基本支出", None, "一般公共预算财政拨款基本支出；不填则为人员经费与公用经费之和，三者都填时核对")
    personnel: Amount | None = f("人员经费", None, "一般公共预算财政拨款基本支出中的人员经费（不填则报告不印人员经费和公用经费）")
    public: Amount | None = f("公用经费", None, "一般公共预算财政拨款基本支出中的公用经费")
    project: Amount = f("项目支出", Decimal(0), "一般公共预算财政拨款项目支出；各自评项目的执行数之和不能大于它")
    fund: Amount = f("政府性基金预算财政拨款支出", Decimal(0))
    capital: Amount = f("国有资本经营预算财政拨款支出", Decimal(0))
    three: ThreeCosts = f("三公经费", ThreeCosts(), "“三公”经费：年初预算数、全年预算数、决算数、外宾接待费（同公开09表的写法）")
    three_prior: ThreeItems = f("上年三公经费决算数", ThreeItems(), "上年“三公”经费决算数，用于较上年的变动")


class Performance(Model):
    whole: WholeEvaluation = f("部门整体", ..., "部门整体支出绩效自评")
    projects: list[Project] = f("项目", [], "项目支出绩效自评，每个项目一项")
    accounts: PerformanceAccounts | None = f("收支情况", None, "只有绩效数据、没有公开表的年度必填：绩效报告所用的收支数")
    management: ManagementCheck | None = f("部门绩效管理", None, "部门绩效管理工作的百分制考核（河北样式），与支出绩效分开计分")


# ---------------------------------------------------------------- a year's data

class YearData(Model):
    """All sections of one year; each may live in any file of data/<year>/."""

    unit: Unit = f("单位", ..., "单位概况（第一部分）")
    overview: Overview = f("收入支出决算总表", Overview(), "公开01表中其他表没有的行")
    income: dict[str, IncomeRow] = f("收入决算表", {}, "公开02表：按功能分类科目（项）填收入，键为科目代码")
    expense: dict[str, ExpenseRow] = f("支出决算表", {}, "公开03表：按功能分类科目（项）填支出，键为科目代码")
    fiscal: FiscalOverview = f("财政拨款收入支出决算总表", FiscalOverview(), "公开04表")
    general: dict[str, GeneralBudgetRow] = f("一般公共预算财政拨款支出决算表", {}, "公开05表：键为科目代码")
    basic_detail: dict[str, Amount] = f("一般公共预算财政拨款基本支出决算明细表", {}, "公开06表：键为经济分类款代码，值为决算数")
    fund: dict[str, FundRow] = f("政府性基金预算财政拨款收入支出决算表", {}, "公开07表：键为科目代码")
    capital: dict[str, CapitalRow] = f("国有资本经营预算财政拨款支出决算表", {}, "公开08表：键为科目代码")
    three: ThreeCosts = f("财政拨款三公经费支出决算表", ThreeCosts(), "公开09表")
    # Tables some regional layouts print besides the nine: not typed means not given (a layout
    # that prints them asks for them), typed empty ({}) means the unit has none.
    fiscal_detail: dict[str, EconomicRow] | None = f(
        "财政拨款支出决算明细表", None, "全部财政拨款支出按经济分类（类、款）的基本支出和项目支出，键为经济分类代码；"
        "部分地区样式的附表用，没有时写 {}")
    project_detail: dict[str, Amount] | None = f(
        "一般公共预算财政拨款项目支出决算表", None, "一般公共预算财政拨款项目支出按经济分类（类、款），键为经济分类代码，值为决算数；"
        "部分地区样式的附表用，没有时写 {}")
    fund_three: FundThreeCosts | None = f(
        "政府性基金预算财政拨款三公经费支出决算表", None, "政府性基金预算财政拨款安排的“三公”经费；部分地区样式的附表用，没有时各项写 0")
    running: RunningCosts = f("机关运行经费", RunningCosts())
    procurement: Procurement = f("政府采购", Procurement())
    assets: Assets = f("国有资产", Assets())
    prior: PriorYear | None = f("上年", None, "上年数；data/<上一年>/ 存在时不用填")
    narrative: Narrative = f("情况说明", Narrative(), "情况说明中的原因和说明文字")
    performance: Performance | None = f("绩效", None, "绩效自评")


#: Keys of tables whose rows are keyed by a 科目 code; the typed-total keys each allows.
CODE_TABLES: dict[str, tuple[str, ...]] = {
    "收入决算表": ("合计",),
    "支出决算表": ("合计",),
    "一般公共预算财政拨款支出决算表": ("合计",),
    "一般公共预算财政拨款基本支出决算明细表": ("人员经费合计", "公用经费合计", "合计"),
    "政府性基金预算财政拨款收入支出决算表": ("合计",),
    "国有资本经营预算财政拨款支出决算表": ("合计",),
    "财政拨款支出决算明细表": ("合计",),
    "一般公共预算财政拨款项目支出决算表": ("合计",),
    "国有资本经营预算财政拨款收入支出决算表": ("合计",),
}

#: The figure keys of the 科目 rows, of the fund types and of the “三公” items, by attribute.
INCOME_COLUMNS = {"fiscal": "财政拨款收入", "superior": "上级补助收入", "business": "事业收入",
                  "operating": "经营收入", "affiliated": "附属单位上缴收入", "other": "其他收入"}
EXPENSE_COLUMNS = {"basic": "基本支出", "project": "项目支出", "to_superior": "上缴上级支出",
                   "operating": "经营支出", "to_affiliated": "对附属单位补助支出"}
SPLIT_COLUMNS = {"basic": "基本支出", "project": "项目支出"}
FUND_COLUMNS = {"opening": "年初结转和结余", "income": "本年收入", "basic": "基本支出",
                "project": "项目支出", "closing": "年末结转和结余"}
FUND_TYPES = {"general": "一般公共预算财政拨款", "fund": "政府性基金预算财政拨款", "capital": "国有资本经营预算财政拨款"}
THREE_ITEMS = {"abroad": "因公出国（境）费", "car_purchase": "公务用车购置费",
               "car_running": "公务用车运行维护费", "reception": "公务接待费"}

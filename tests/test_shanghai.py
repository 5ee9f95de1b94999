"""The 上海 profile (上海市部门决算模板 2024) built from the 普陀区委社会工作部 2024 report
(shared/reference/shanghai-shehuigongzuobu-2024.txt, transcribed in tests/fixtures/shanghai):
its tables reproduce row by row in both formats, its sections come in the template's order,
and its sentences reproduce where the report's arithmetic is right."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.pipeline import prepare
from reportgen.render.display import Display
from reportgen.settings import load_settings

from .conftest import ROOT, copy_workspace, edit, run, worded
from .test_render import docx_text, pdf_text

SHANGHAI = ROOT / "tests" / "fixtures" / "shanghai"
NAME = "中共上海市普陀区委社会工作部2024年度部门决算"

#: Rows of the report's tables (whitespace removed), as the reference prints them.
ROWS = {
    "收入支出决算总表": ["一、一般公共预算财政拨款收入307.82一、一般公共服务支出264.87", "八、社会保障和就业支出10.82",
                 "九、卫生健康支出2.71", "十九、住房保障支出29.42", "二十六、抗疫特别国债安排的支出",
                 "本年收入合计307.82本年支出合计307.82", "使用非财政拨款结余结余分配", "总计307.82总计307.82"],
    "收入决算表": ["合计307.82307.82", "201一般公共服务支出264.87264.87", "20139社会工作事务264.87264.87",
              "2013901行政运行51.3251.32", "2013950事业运行11.3111.31", "2013999其他社会工作事务支出202.24202.24",
              "208社会保障和就业支出10.8210.82", "20805行政事业单位养老支出10.8210.82",
              "2080505机关事业单位基本养老保险缴费支出6.186.18", "2080506机关事业单位职业年金缴费支出4.644.64",
              "210卫生健康支出2.712.71", "21011行政事业单位医疗2.712.71", "2101101行政单位医疗2.222.22",
              "2101102事业单位医疗0.490.49", "221住房保障支出29.4229.42", "22102住房改革支出29.4229.42",
              "2210201住房公积金17.7017.70", "2210203购房补贴11.7211.72"],
    "支出决算表": ["合计307.82105.58202.24", "201一般公共服务支出264.8762.63202.24", "20139社会工作事务264.8762.63202.24",
              "2013901行政运行51.3251.32", "2013950事业运行11.3111.31", "2013999其他社会工作事务支出202.24202.24",
              "2080505机关事业单位基本养老保险缴费支出6.186.18", "2210203购房补贴11.7211.72"],
    "财政拨款收入支出决算总表": ["一、一般公共预算财政拨款307.82一、一般公共服务支出264.87264.87", "八、社会保障和就业支出10.8210.82",
                     "十九、住房保障支出29.4229.42", "本年收入合计307.82本年支出合计307.82307.82",
                     "年初财政拨款结转和结余年末财政拨款结转和结余", "总计307.82总计307.82307.82"],
    "一般公共预算财政拨款支出决算表": ["201一般公共服务支出264.8762.63202.24", "2013999其他社会工作事务支出202.24202.24",
                        "2101102事业单位医疗0.490.49", "2210203购房补贴11.7211.72", "合计307.82105.58202.24"],
}
#: 基本支出决算表: the template's fixed list, left (人员经费) and right (公用经费) side by side.
LEFT = ("301工资福利支出95.36 30101基本工资14.12 30102津贴补贴39.72 30103奖金0.00 30106伙食补助费0.00 30107绩效工资10.16 "
        "30108机关事业单位基本养老保险缴费6.18 30109职业年金缴费4.64 30110职工基本医疗保险缴费2.71 30111公务员医疗补助缴费0.00 "
        "30112其他社会保障缴费0.09 30113住房公积金17.70 30114医疗费0.00 30199其他工资福利支出0.04 303对个人和家庭的补助0.00 "
        "30301离休费0.00 30302退休费0.00 30303退职（役）费0.00 30304抚恤金0.00 30305生活补助0.00 30306救济费0.00 "
        "30307医疗费补助0.00 30308助学金0.00 30309奖励金0.00 30310个人农业生产补贴0.00 30311代缴社会保险费0.00 "
        "30399其他对个人和家庭的补助0.00").split()
RIGHT = ("302商品和服务支出10.23 30201办公费3.78 30202印刷费0.00 30203咨询费0.00 30204手续费0.00 30205水费0.00 30206电费0.00 "
         "30207邮电费0.00 30208取暖费0.00 30209物业管理费0.00 30211差旅费1.15 30212因公出国（境）费用0.00 30213维修（护）费0.02 "
         "30214租赁费0.00 30215会议费0.00 30216培训费0.00 30217公务接待费0.00 30218专用材料费0.00 30224被装购置费0.00 "
         "30225专用燃料费0.00 30226劳务费0.68 30227委托业务费0.48 30228工会经费0.00 30229福利费1.48 30231公务用车运行维护费0.00 "
         "30239其他交通费用2.43 30240税金及附加费用0.00 30299其他商品和服务支出0.20 310资本性支出0.00 31001房屋建筑物购建0.00 "
         "31002办公设备购置0.00 31003专用设备购置0.00 31007信息网络及软件购置更新0.00 31013公务用车购置0.00 "
         "31019其他交通工具购置0.00 31021文物和陈列品购置0.00 31022无形资产购置0.00 31099其他资本性支出0.00").split()
EMPTY = ["说明：中共上海市普陀区委社会工作部本年度没有财政拨款“三公”经费支出，故本表无数据。",
         "说明：中共上海市普陀区委社会工作部本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
         "说明：中共上海市普陀区委社会工作部本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。"]
#: The report's headings in its order (目录 first, then the body).
HEADINGS = ["第一部分中共上海市普陀区委社会工作部概况", "一、主要职能", "二、部门决算单位构成",
            "第二部分中共上海市普陀区委社会工作部2024年度部门决算表", "一、收入支出决算总表", "二、收入决算表", "三、支出决算表",
            "四、财政拨款收入支出决算总表", "五、一般公共预算财政拨款支出决算表", "六、一般公共预算财政拨款基本支出决算表",
            "七、财政拨款“三公”经费支出决算表", "八、政府性基金预算财政拨款收入支出决算表", "九、国有资本经营预算财政拨款收入支出决算表",
            "第三部分中共上海市普陀区委社会工作部2024年度部门决算情况说明", "一、收入支出决算总体情况说明", "二、收入决算情况说明",
            "三、支出决算情况说明", "四、财政拨款收入支出决算总体情况说明", "五、一般公共预算财政拨款支出决算情况说明",
            "（一）一般公共预算财政拨款支出决算总体情况", "（二）一般公共预算财政拨款支出决算结构情况",
            "（三）一般公共预算财政拨款支出决算具体情况", "六、一般公共预算财政拨款基本支出决算情况说明",
            "七、财政拨款“三公”经费支出决算情况说明", "八、政府性基金预算财政拨款收入支出决算情况说明",
            "九、国有资本经营预算财政拨款收入支出决算情况说明", "十、预算绩效管理情况", "十一、其他重要事项的情况说明",
            "（一）机关运行经费支出情况", "（二）政府采购支出情况", "（三）国有资产占有使用情况说明", "第四部分名词解释",
            "一、财政拨款收入：", "十一、机关运行经费："]
#: Sentences of the report that its figures support, as it words them (where its arithmetic is right).
SENTENCES = [
    "本年收入合计307.82万元，其中：财政拨款收入307.82万元，占100.00%。",
    "本年支出合计307.82万元，其中：基本支出105.58万元，占34.30%；项目支出202.24万元，占65.70%。",
    "一般公共预算财政拨款支出307.82万元，占本年支出合计的100.00%。",
    "一般公共服务支出（类）264.87万元，占86.05%；社会保障和就业支出（类）10.82万元，占3.52%；卫生健康支出（类）2.71万元，占0.88%；",
    "全年预算为321.02万元，支出决算为307.82万元，",
    "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：行政单位人员支出、公用支出。全年预算为52.00万元，"
    "支出决算为51.32万元，完成全年预算数的98.69%。决算数小于全年预算数的主要原因：人员变动引起实际支出低于预算。",
    "全年预算为2.23万元，支出决算为2.22万元，完成全年预算数的99.55%。",
    "全年预算为18.12万元，支出决算为17.70万元，完成全年预算数的97.68%。",
    "全年预算为11.72万元，支出决算为11.72万元，完成全年预算数的100.00%。决算数与全年预算数持平。",
    "一般公共预算财政拨款基本支出105.58万元。其中：人员经费95.36万元，主要包括：基本工资、津贴补贴、绩效工资、"
    "机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、其他社会保障缴费、住房公积金、其他工资福利支出；公用经费10.23万元，",
    "中共上海市普陀区委社会工作部2024年度无“三公”经费财政拨款支出。",
    "中共上海市普陀区委社会工作部2024年度无政府性基金预算财政拨款收入和支出。",
    "中共上海市普陀区委社会工作部2024年度无国有资本经营预算财政拨款收入和支出。",
    "机关运行经费支出10.23万元，比2023年度增加10.23万元",
    "中共上海市普陀区委社会工作部2024年度政府采购金额（以合同签订为准）为21.07万元，其中：货物采购金额21.07万元、",
    "2024年度本部门面向中小企业预留政府采购项目预算金额21.07万元，面向小微企业预留政府采购项目预算金额21.07万元。"
    "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元；",
    "截至2024年12月31日，中共上海市普陀区委社会工作部共有车辆0辆，其中：部级领导干部用车0辆、主要领导干部用车0辆、机要通信用车0辆、"
    "应急保障用车0辆、执法执勤用车0辆、特种专业技术用车0辆、离退休干部用车0辆、其他用车0辆。单价100万元（含）以上设备（不含车辆）0台（套）。",
]


def flat(text: str) -> str:
    """The text without white space nor the PDF's page numbers (— 3 —)."""
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    ws = copy_workspace(SHANGHAI, tmp_path_factory.mktemp("shanghai") / "ws")
    result = build(ws, 2024)
    out = ws / "output" / "2024"
    assert sorted(p.name for p in result.files) == [f"{NAME}.docx", f"{NAME}.pdf"]
    return {"pdf": pdf_text(out / f"{NAME}.pdf"), "docx": docx_text(out / f"{NAME}.docx")}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_table_row_of_the_report_is_printed(outputs: dict[str, str], fmt: str) -> None:
    text = outputs[fmt]
    # PDF rows are lines of the layout text; DOCX cells are paragraphs, a row's cells in order.
    rows = flat(text) if fmt == "docx" else "\n".join(flat(line) for line in text.splitlines())
    for table, lines in ROWS.items():
        for line in lines:
            assert line in rows, (table, line)
    for left, right in zip(LEFT, RIGHT):  # the 基本支出 table's pairs, as the report sets them side by side
        assert (left + right) in rows, (left, right)
    for left in RIGHT[len(LEFT):]:
        assert left in rows
    assert "人员经费合计95.36公用经费合计10.23" in rows
    whole = flat(text)
    three = whole.index("七、财政拨款“三公”经费支出决算表")
    for head in ("财政拨款“三公”经费", "因公出国（境）费", "公务用车购置及运行维护费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"):
        assert head in whole[three:whole.index("说明：", three)]
    assert "预算数决算数" * 6 in whole  # 预算数 and 决算数 interleaved under each item
    for note in EMPTY:
        assert note in whole
    general = whole.index("五、一般公共预算财政拨款支出决算表", whole.index("第二部分"))
    assert whole.index("2210203购房补贴11.7211.72", general) < whole.index("合计307.82105.58202.24", general)  # 合计 last
    assert "行次" not in whole and "栏次" not in whole and "公开0" not in whole


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_sections_come_in_the_template_order_after_a_table_of_contents(outputs: dict[str, str], fmt: str) -> None:
    whole = flat(outputs[fmt])
    contents = whole.index("目录")
    body = whole.index("第一部分", whole.index("第四部分名词解释", contents) + 1)
    toc = [h for h in HEADINGS if not h.startswith("（") and not h.endswith("：")]
    places = [whole.index(h, contents) for h in toc]
    assert places == sorted(places) and places[-1] < body  # the 目录 lists parts, sections and tables
    places, at = [], body
    for h in HEADINGS:
        at = whole.index(h, at)
        places.append(at)
    assert places == sorted(places)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_sentences_reproduce_where_the_report_is_right(outputs: dict[str, str], fmt: str) -> None:
    whole = flat(outputs[fmt])
    for sentence in SENTENCES:
        assert sentence in whole, sentence
    # Where the report is wrong, the figures say otherwise:
    assert "住房保障支出（类）29.42万元，占9.56%。" in whole  # 29.42 / 307.82 = 9.5575 %, the report forces 9.55 to make 100
    assert "完成全年预算的95.89%" in whole and "完成年初预算的95.89%" not in whole  # 年初预算 was 0
    assert "增长100.00%" not in whole  # a growth rate from 0 is not 100 %
    assert "在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额0.00万元。" in whole  # all 21.07 was reserved
    assert "主要用于：住房公积金支出。" in whole  # the report copies 事业单位医疗保险支出 here
    assert "邮电费" not in whole[whole.index("公用经费10.23万元"):]  # 邮电费 is 0.00: not among what 公用经费 includes
    assert "【待填写" not in whole


def test_amounts_have_thousands_separators_and_two_places() -> None:
    settings, problems = load_settings(SHANGHAI)
    assert problems == []
    display = Display(settings.style)
    assert display.amount(Decimal("2940.05")) == "2,940.05" and display.amount(Decimal("17.7")) == "17.70"
    assert display.pct(Decimal("34.2993"), "结构") == "34.30%"


def test_the_report_checks_catch_the_reports_procurement_error(tmp_path: Path) -> None:
    ws = copy_workspace(SHANGHAI, tmp_path / "ws")
    edit(ws / "data" / "2024" / "决算.yaml", "其他项目中小企业成交金额: 0", "其他项目中小企业成交金额: 21.07")
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code != 0
    assert "政府采购：预留项目与其他项目中小企业成交金额之和不应大于政府采购支出总额：42.14 万元大于 21.07 万元" in result.output + result.stderr


def test_a_full_year_budget_total_is_checked_against_its_items(tmp_path: Path) -> None:
    ws = copy_workspace(SHANGHAI, tmp_path / "ws")
    edit(ws / "data" / "2024" / "决算.yaml", "全年预算: 321.02", "全年预算: 321.20")
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code != 0
    assert "公开05「合计」全年预算 = 各末级科目全年预算之和" in result.output + result.stderr


def test_capital_carry_columns_once_typed_agree_with_the_fiscal_overview(tmp_path: Path) -> None:
    ws = copy_workspace(SHANGHAI, tmp_path / "ws")
    with (ws / "data" / "2024" / "决算.yaml").open("a", encoding="utf-8") as f:
        f.write('\n国有资本经营预算财政拨款支出决算表:\n  "2230199": {名称: 其他国有资本经营预算支出, 本年收入: 5, 项目支出: 5}\n')
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code != 0
    assert "公开08「本年收入」合计 = 公开04 国有资本经营预算财政拨款本年收入" in result.output + result.stderr


def test_a_one_unit_department_prints_its_organisation_and_a_missing_list_is_asked_for(tmp_path: Path) -> None:
    ws = copy_workspace(SHANGHAI, tmp_path / "ws")
    unit = ws / "data" / "2024" / "单位.yaml"
    edit(unit, "  决算单位构成:\n    - 单位名称: 中共上海市普陀区委社会工作部（本级）\n    - 单位名称: 上海市普陀区社会工作发展服务中心\n",
         "  决算单位构成: []\n")
    text = worded(prepare(ws, 2024))
    assert "二、机构设置\n纳入本部门决算编制范围的单位有本级和上海市普陀区社会工作发展服务中心。" in text
    assert "部门决算单位构成" not in text and "序号" not in text
    edit(unit, "  决算单位构成: []\n", "")
    result = run("check", "2024", "-w", str(ws))
    assert "待填写：部门决算单位构成表（第一部分二；只有一个单位的写 []）（地区样式「上海」需要）。请在「单位」中填写「决算单位构成」。" in result.output
    assert "【待填写：部门决算单位构成表" in worded(prepare(ws, 2024))


def test_a_misspelled_profile_name_suggests_the_built_in_ones(tmp_path: Path) -> None:
    ws = copy_workspace(SHANGHAI, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("地区样式: 上诲\n", "utf-8")
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 2
    assert "没有名为「上诲」的地区样式。是不是「上海」？内置的地区样式有：" in result.stderr
    assert "上海" in result.stderr.split("内置的地区样式有：")[1] and "湖北" in result.stderr.split("内置的地区样式有：")[1]


def test_the_profile_holds_only_what_differs_from_its_base(tmp_path: Path) -> None:
    folder = ROOT / "src" / "reportgen" / "profiles" / "shanghai"
    assert not (folder / "page.html.j2").exists() and not (folder / "report.docx").exists()
    ws = copy_workspace(SHANGHAI, tmp_path / "ws")
    assert run("export-profile", "-w", str(ws)).exit_code == 0
    assert (ws / "templates" / "决算.j2").read_text("utf-8") == (folder / "决算.j2").read_text("utf-8")
    assert (ws / "templates" / "page.html.j2").is_file()  # from 湖北, which it is 基于
    assert worded(prepare(ws, 2024)) == worded(prepare(SHANGHAI, 2024))  # an exported copy prints the same


def test_spending_on_three_costs_and_government_funds_is_worded_as_the_template_says(tmp_path: Path) -> None:
    """The 社会工作部 spent nothing on “三公” or from 政府性基金: the demo unit did, and 上海's
    七、八 word its figures (2.91 / 3.60 = 80.83 %, 2.45 / 2.91 = 84.19 %, 2.91 against 2023's 3.12)."""
    ws = copy_workspace(ROOT, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("地区样式: 上海\n", "utf-8")
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.format() for p in prepared.problems]
    text = worded(prepared)
    start = text.index("七、财政拨款“三公”经费支出决算情况说明\n（一）")  # after the 目录
    three = text[start:text.index("八、政府性基金预算财政拨款收入支出决算情况说明\n", start)]
    for sentence in (
        "“三公”经费财政拨款支出全年预算为3.60万元，支出决算为2.91万元，完成预算的80.83%，其中：因公出国（境）费决算为0.00万元；"
        "公务用车购置及运行维护费支出决算为2.45万元，完成预算的81.67%；公务接待费支出决算为0.46万元，完成预算的76.67%。"
        "2024年度“三公”经费支出决算数小于预算数的主要原因：",
        "2024年度“三公”经费财政拨款支出决算数比2023年度减少0.21万元，下降6.73%，其中：因公出国（境）费支出决算持平；"
        "公务用车购置及运行维护费支出决算减少0.15万元，下降5.77%；公务接待费支出决算减少0.06万元，下降11.54%。",
        "公务用车购置及运行维护费支出决算2.45万元，占84.19%；公务接待费支出决算0.46万元，占15.81%。具体情况如下：",
        "公务用车购置支出为0.00万元，购置公务用车0辆。",
        "开支财政拨款的公务用车保有量为1辆。",
        "国内公务接待支出0.46万元（含外宾接待支出0.00万元）。",
        "国内公务接待5批次、23人次，其中：接待外宾0批次、0人次。",
    ):
        assert sentence in three, sentence
    funds = text[text.index("八、政府性基金预算财政拨款收入支出决算情况说明\n", start):text.index("十、预算绩效管理情况\n", start)]
    assert ("政府性基金预算财政拨款收入18.60万元，支出18.60万元，支出具体情况如下：\n"
            "1、城乡社区支出（类）国有土地使用权出让收入安排的支出（款）土地出让业务支出（项）。支出决算为18.60万元。") in funds
    assert "青岚县公共资源交易中心2024年度无国有资本经营预算财政拨款收入和支出。" in funds

"""The 四川 profile (based on 湖北): five parts, 情况说明 一–十, a numbered 名词解释, the 附件 and
fourteen 附表, including the tables the nine national ones do not hold — each checked against
the others, in both formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.build import build
from reportgen.pipeline import prepare, printed

from .conftest import ROOT, copy_workspace, edit, run, worded
from .test_render import docx_text, pdf_text

SICHUAN = ROOT / "tests" / "fixtures" / "sichuan"
FINAL = "岷山县农业技术推广中心2024年度部门决算"
DATA = "data/2024/决算.yaml"

TABLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "财政拨款支出决算明细表",
          "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出决算明细表", "一般公共预算财政拨款基本支出决算表",
          "一般公共预算财政拨款项目支出决算表", "一般公共预算财政拨款“三公”经费支出决算表",
          "政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款“三公”经费支出决算表",
          "国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"]
SECTIONS = ["收入支出决算总体情况说明", "收入决算情况说明", "支出决算情况说明", "财政拨款收入支出决算总体情况说明",
            "一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款基本支出决算情况说明",
            "财政拨款“三公”经费支出决算情况说明", "政府性基金预算支出决算情况说明", "国有资本经营预算支出决算情况说明",
            "其他重要事项的情况说明"]
NUMBERS = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四".split()


def built_texts(folder: Path, kind: str, stem: str) -> dict[str, str]:
    """The text of one report of the fixture, built into `folder`, in both formats."""
    ws = copy_workspace(SICHUAN, folder / "ws")
    build(ws, 2024, kinds=(kind,))
    out = ws / "output" / "2024"
    return {"pdf": pdf_text(out / f"{stem}.pdf", "-raw"), "docx": docx_text(out / f"{stem}.docx")}


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return built_texts(tmp_path_factory.mktemp("sichuan"), "决算", FINAL)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_order(text: str, items: list[str]) -> None:
    at = [text.index(item) for item in items]
    assert at == sorted(at), items


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_parts_sections_and_fourteen_tables_in_order(texts: dict[str, str], fmt: str) -> None:
    text = flat(texts[fmt])
    in_order(text, ["第一部分单位概况", "一、基本职能及主要工作", "（一）主要职能", "（二）2024年度重点工作完成情况",
                    "二、机构设置", "第二部分2024年度部门决算情况说明", "第三部分名词解释", "第四部分附件", "第五部分附表"])
    part2 = text[text.index("第二部分"):text.index("第三部分")]
    in_order(part2, [f"{n}、{s}" for n, s in zip(NUMBERS, SECTIONS)])
    in_order(part2, ["五、", "（一）一般公共预算财政拨款支出决算总体情况", "（二）一般公共预算财政拨款支出决算结构情况",
                     "（三）一般公共预算财政拨款支出决算具体情况", "六、"])
    in_order(part2, ["七、", "（一）“三公”经费财政拨款支出决算总体情况", "（二）“三公”经费财政拨款支出决算具体情况", "八、"])
    in_order(part2, ["十、", "（一）机关运行经费支出情况", "（二）政府采购支出情况", "（三）国有资产占有使用情况", "（四）预算绩效管理情况"])
    part5 = text[text.index("第五部分附表"):]
    in_order(part5, [f"{n}、{t}" for n, t in zip(NUMBERS, TABLES)])
    assert all(f"公开{i:02d}表" in part5 for i in range(1, 15))
    assert "【待填写" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_unit_terms_and_attachments(texts: dict[str, str], fmt: str) -> None:
    text = flat(texts[fmt])
    assert "一是建成水稻、玉米绿色高产高效示范片12个" in text  # 年度重点工作完成情况
    terms = text[text.index("第三部分名词解释"):text.index("第四部分附件")]
    assert terms.startswith("第三部分名词解释1.财政拨款收入：指单位从同级财政部门取得的财政预算资金")
    assert "9.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）：" in terms
    assert "20.机关运行经费：" in terms and "21." not in terms
    attachments = text[text.index("第四部分附件"):text.index("第五部分附表")]
    assert "附件1：岷山县农业技术推广中心2024年度部门整体支出绩效自评报告" in attachments
    assert "附件2：项目绩效目标自评表（1）2024年度绿色高产高效示范项目绩效目标自评表：预算数100万元，执行数98万元。" in attachments


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_new_tables_print_their_figures(texts: dict[str, str], fmt: str) -> None:
    text = texts[fmt]

    def row(*values: str) -> bool:
        return re.search(r"\s+".join(map(re.escape, values)), text) is not None

    table = lambda title: flat(text)[flat(text).index(f"、{title}"):]  # noqa: E731
    # 财政拨款支出决算明细表: 合计 550 = 基本 400 + 项目 150; 30227 委托业务费 62 (一般公共预算 40 + 国有资本经营 22).
    assert table("财政拨款支出决算明细表").startswith("、财政拨款支出决算明细表财政拨款支出决算明细表")
    assert row("合计", "550", "400", "150") and row("30227", "委托业务费", "62", "62") and row("31005", "基础设施建设", "28.5", "28.5")
    # 一般公共预算财政拨款支出决算明细表: 302 商品和服务支出 118 = 公用 40 + 项目 78.
    assert row("合计", "498", "400", "98") and row("302", "商品和服务支出", "118", "40", "78")
    # 一般公共预算财政拨款项目支出决算表: 31003 专用设备购置 10.
    assert row("31003", "专用设备购置", "10")
    # 政府性基金 “三公”: 预算 2, 决算 1.5 (公务用车运行维护费).
    fund_three = table("政府性基金预算财政拨款“三公”经费支出决算表")
    assert re.search(r"^[^注]*?1112(2){3}(1\.5){3}注：", fund_three)  # 合计, 小计, 运行维护费 of each
    # 国有资本经营 收入支出: 年初 5, 收入 20, 支出 22, 年末 3.
    assert row("22399", "其他国有资本经营预算支出", "5", "20", "22", "22", "3")


def test_sections_word_the_new_figures() -> None:
    text = flat(worded(prepare(SICHUAN, 2024)))
    assert "2024年度政府性基金预算财政拨款安排的“三公”经费全年预算为2万元，支出决算为1.5万元。" in text
    assert ("2024年度国有资本经营预算财政拨款年初结转和结余5万元，本年收入20万元，本年支出22万元（其中基本支出0万元，"
            "项目支出22万元），年末结转和结余3万元。") in text


def line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in text)


BREAKS = [
    # (figure changed, where the error is located, the exact message's start)
    ('"31005": {项目支出: 28.50}', '"31005": {项目支出: 29.50}', "财政拨款支出决算明细表:",
     "财政拨款支出决算明细表「项目支出」合计 = 一般公共预算、政府性基金预算、国有资本经营预算财政拨款的项目支出之和不成立："
     "合计 151.00 万元，各项之和 150.00 万元，相差 1.00 万元"),
    ('  "30227": 40.00', '  "30227": 41.00', "一般公共预算财政拨款项目支出决算表:",
     "一般公共预算财政拨款支出决算表「项目支出」合计 = 一般公共预算财政拨款项目支出决算表各类之和不成立："
     "合计 98.00 万元，各项之和 99.00 万元，相差 -1.00 万元"),
    ('"30231": {基本支出: 4.80, 项目支出: 1.50}', '"30231": {基本支出: 3.80, 项目支出: 1.50}', '"30231": 4.80',
     "一般公共预算财政拨款基本支出决算明细表 30231 公务用车运行维护费 不应大于财政拨款支出决算明细表同一科目的基本支出："
     "4.8 万元大于 3.8 万元"),
    ("决算数: {公务用车运行维护费: 1.50}", "决算数: {公务用车运行维护费: 31.50}", "决算数: {公务用车运行维护费: 31.50}",
     "政府性基金预算财政拨款三公经费支出决算表决算数合计不应大于政府性基金预算财政拨款本年支出：31.5 万元大于 30 万元"),
    ("年末结转和结余: 3.00}", "年末结转和结余: 4.00}", "国有资本经营预算财政拨款: 3.00",
     "公开08「年末结转和结余」合计 = 公开04 国有资本经营预算财政拨款年末财政拨款结转和结余不成立："
     "合计 3.00 万元，各项之和 4.00 万元，相差 -1.00 万元"),
]


@pytest.mark.parametrize("old,new,locate,message", BREAKS, ids=[b[2] for b in BREAKS])
def test_a_broken_new_table_fails_its_identity(tmp_path: Path, old: str, new: str, locate: str, message: str) -> None:
    ws = copy_workspace(SICHUAN, tmp_path / "ws")
    edit(ws / DATA, old, new)
    line = line_of(ws / DATA, locate)
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 2, result.output
    assert f"{DATA}:{line}:" in result.stderr and message in result.stderr, result.stderr


def test_the_untouched_unit_checks_clean() -> None:
    result = run("check", "2024", "-w", str(SICHUAN))
    assert result.exit_code == 0, result.output
    assert "检查通过：0 个提醒。" in result.stdout


def test_tables_the_data_lacks_are_listed_and_printed_as_placeholders(tmp_path: Path) -> None:
    ws = copy_workspace(SICHUAN, tmp_path / "ws")
    text = (ws / DATA).read_text("utf-8")
    start, end = text.index("财政拨款支出决算明细表:"), text.index("政府性基金预算财政拨款收入支出决算表:")
    (ws / DATA).write_text(text[:start] + text[end:], "utf-8")
    result = run("check", "2024", "-w", str(ws))
    assert "待填写：财政拨款支出决算明细表（第五部分附表五；没有时写 {}）（地区样式「四川」需要）。请填写「财政拨款支出决算明细表」。" in result.stderr
    worded_text = flat(worded(prepare(ws, 2024)))
    assert "【待填写：财政拨款支出决算明细表的数据】" in worded_text
    assert "本年度无财政拨款支出，故本表无数据" not in worded_text  # no absence the data does not state
    (ws / DATA).write_text(text[:start] + "财政拨款支出决算明细表: {}\n" + text[end:], "utf-8")
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 2 and "财政拨款支出决算明细表「基本支出」合计" in result.stderr  # typed empty: checked


def test_a_misspelt_profile_name_suggests_sichuan(tmp_path: Path) -> None:
    ws = copy_workspace(SICHUAN, tmp_path / "ws")
    (ws / "reportgen.yaml").write_text("地区样式: 四州\n", "utf-8")
    result = run("check", "2024", "-w", str(ws))
    assert result.exit_code == 2
    assert "没有名为「四州」的地区样式。是不是「四川」？内置的地区样式有：" in result.stderr
    assert "四川" in result.stderr and "湖北" in result.stderr


def test_new_year_empties_last_years_key_work(tmp_path: Path) -> None:
    """年度重点工作完成情况 describes last year: a new year starts it empty (the rest of 单位 stays)."""
    ws = copy_workspace(SICHUAN, tmp_path / "ws")
    result = run("new-year", "2025", "-w", str(ws))
    assert result.exit_code == 0, result.output
    unit = (ws / "data" / "2025" / "单位.yaml").read_text("utf-8")
    assert '年度重点工作完成情况: ""' in unit and "示范片12个" not in unit
    assert "岷山县农业技术推广中心" in unit


# ---------------------------------------------------------------- 绩效: 整体 self-evaluation and 项目绩效目标自评表

PERFORMANCE = "岷山县农业技术推广中心2024年度部门整体支出绩效自评报告"
PERF_DATA = "data/2024/绩效.yaml"


@pytest.fixture(scope="module")
def perf_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return built_texts(tmp_path_factory.mktemp("sichuan-perf"), "绩效", PERFORMANCE)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_whole_self_evaluation_sections_in_order(perf_texts: dict[str, str], fmt: str) -> None:
    text = flat(perf_texts[fmt])
    in_order(text, [PERFORMANCE, "一、单位概况", "二、部门财政资金收支情况", "三、评价工作开展情况", "（一）自评工作组织",
                    "成立由中心主任任组长、分管副主任任副组长、各股室负责人为成员的绩效自评工作组", "（二）自评方法",
                    "采用比较法和因素分析法", "（三）评价重点", "重点评价部门整体预算执行", "四、评价结论",
                    "中心较好完成了年度绩效目标", "五、绩效分析", "六、问题分析", "七、建议", "附件1", "2024年度项目绩效目标自评表"])
    assert "纳入部门整体绩效自评的财政资金预算数565万元，执行数550万元，预算执行率97.35%。" in text  # 56500 / 55000 百元
    assert "2024年度部门整体共设置4个绩效指标，完成4个；纳入自评的项目1个，预算数合计100万元，执行数合计98万元" in text
    assert "【待填写" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_project_form_rows_and_computed_rates(perf_texts: dict[str, str], fmt: str) -> None:
    text = perf_texts[fmt]
    form = flat(text[text.index("2024年度项目绩效目标自评表"):])
    assert form.startswith("2024年度项目绩效目标自评表绿色高产高效示范项目金额单位：百元项目名称绿色高产高效示范")
    assert "项目类型☑产业发展☐民生保障☐基础设施☐行政运行单位名称岷山县农业技术推广中心预算单位编码511423101" in form
    # 预算额 10000, 执行额 9800 → 结转结余额 200 百元, 结转结余率 200/10000 = 2.00%,
    # 变动率 (200 − 250)/250 = −20.00% against 上年结转结余额 250.
    in_order(form, ["预算执行", "预算额", "执行额", "当年结转结余额", "结转结余率%", "结转结余变动率%"])
    assert re.search(r"\s10000\s+9800\s+200\s+2\.00%\s+-20\.00%\s", text[text.index("2024年度项目绩效目标自评表"):]), fmt
    assert ("年度总体目标预期目标实际完成偏差建成水稻、玉米绿色高产高效示范片不少于10个。建成示范片12个，示范面积3.2万亩。"
            "预留质保金200百元，次年支付。") in form
    assert "一级指标二级指标三级指标预期指标值实际完成值偏差原因及改进措施" in form
    assert "农户满意度≥97%96%部分示范片农户对技术指导频次不满意。增加田间技术指导频次，每季度回访示范户。" in form
    assert "示范片数量≥10个12个" in form


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_unscored_form_prints_no_score(perf_texts: dict[str, str], fmt: str) -> None:
    text = flat(perf_texts[fmt])
    for word in ("得分", "分值", "评价等级", "综合评分", "总分"):
        assert word not in text, word


def test_carry_over_change_has_no_rate_on_a_zero_base(tmp_path: Path) -> None:
    ws = copy_workspace(SICHUAN, tmp_path / "ws")
    edit(ws / PERF_DATA, "上年结转结余额: 250", "上年结转结余额: 0")
    text = worded(prepare(ws, 2024), "绩效")
    assert re.search(r"\b200\s+2\.00%\s+—\s", text), text[text.index("预算执行"):][:300]


def test_an_overspent_project_and_a_missing_type_are_located(tmp_path: Path) -> None:
    ws = copy_workspace(SICHUAN, tmp_path / "ws")
    edit(ws / PERF_DATA, "      预算数: 10000", "      预算数: 9700")  # less than the 执行数 9800
    edit(ws / PERF_DATA, "      项目类型: 产业发展\n", "")
    spent = line_of(ws / PERF_DATA, "执行数: 9800")
    name = line_of(ws / PERF_DATA, "名称: 绿色高产高效示范")
    result = run("check", "2024", "-w", str(ws))
    assert f"{PERF_DATA}:{spent}:" in result.stderr
    assert "执行数 9800 百元大于预算数 9700 百元，执行率 101.03%。请核对" in result.stderr, result.stderr  # as typed
    assert "得分按" not in result.stderr  # unscored: nothing is capped
    assert f"{PERF_DATA}:{name}:" in result.stderr
    assert ("待填写：项目类型：产业发展、民生保障、基础设施或行政运行（项目绩效目标自评表）（地区样式「四川」需要）。"
            "请在「绩效」「项目」第1项中填写「项目类型」。") in result.stderr, result.stderr
    text = flat(worded(prepare(ws, 2024), "绩效"))
    assert "项目类型【待填写：项目“绿色高产高效示范”的项目类型】" in text
    assert "☑" not in text
    assert re.search(r"9700\s+9800\s+-100\s+-1\.03%", worded(prepare(ws, 2024), "绩效"))  # overspent: shown, not hidden


def test_an_unmet_whole_indicator_is_printed_with_its_reason(tmp_path: Path) -> None:
    """四川 prints no table of the 部门整体 indicators: the 评价结论 names each unmet one with its
    target, actual and reason (else the reason check demands would appear nowhere)."""
    ws = copy_workspace(SICHUAN, tmp_path / "ws")
    edit(ws / "data" / "2024" / "绩效.yaml", "目标值: ≥90%, 实际值: 96%}",
         "目标值: ≥90%, 实际值: 86%, 未完成原因: 部分农户对补贴发放进度不满意}")
    prepared = prepare(ws, 2024)
    assert prepared.ok, [p.message for p in prepared.problems]
    _, composed = printed(prepared, ("绩效",))
    text = flat(composed["绩效"].text())
    assert "2024年度部门整体共设置4个绩效指标，完成3个" in text
    assert "“农户满意度”未完成（目标值：≥90%；实际完成值：86%），未完成原因：部分农户对补贴发放进度不满意。" in text

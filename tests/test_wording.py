"""Chinese wording of figures: every branch of change, completion, share and numbering."""

from decimal import Decimal as D

from reportgen import wording as w


def test_change_decrease_matches_003():
    # 003: 541.04 against 1309.21 -> 减少768.17万元，下降59%
    assert w.change(D("541.04"), D("1309.21"), 2, 0) == "减少768.17万元，下降59%"


def test_change_increase_matches_003_three_costs():
    # 003: 三公 2.87 against 1.96 -> 增加0.91万元，增长46%
    assert w.change(D("2.87"), D("1.96"), 2, 0) == "增加0.91万元，增长46%"


def test_change_flat():
    assert w.change(D("5"), D("5.00"), 2, 0) == "持平"


def test_change_from_zero_has_no_percentage():
    text = w.change(D("10.52"), D("0"), 2, 0)
    assert text == "增加10.52万元（上年无此项支出）"
    assert "%" not in text
    assert w.change(D("3"), D("0"), 2, 0, subject="收入").endswith("（上年无此项收入）")


def test_change_to_zero_is_a_full_decrease():
    assert w.change(D("0"), D("2.5"), 2, 0) == "减少2.5万元，下降100%"


def test_change_keeps_zeros_when_profile_asks():
    assert w.change(D("477.9"), D("400"), 2, 1, keep_zeros=True) == "增加77.90万元，增长19.5%"


def test_completion_and_share_use_half_up():
    assert w.completion(D("541.04"), D("493.94"), 0) == "完成年初预算的110%"
    assert w.completion(D("9.08"), D("9.41"), 0) == "完成年初预算的96%"
    assert w.completion(D("1"), D("0"), 0) == ""
    assert w.share(D("477.9"), D("541.04"), 1) == "88.3%"
    assert w.share(D("22.58"), D("541.04"), 1) == "4.2%"
    assert w.share(D("1"), D("0"), 1) == "0%"


def test_directions():
    assert (w.direction(D(2), D(1)), w.direction(D(1), D(2)), w.direction(D(1), D(1))) == ("增加", "减少", "持平")
    assert (w.compare_budget(D(2), D(1)), w.compare_budget(D(1), D(2)), w.compare_budget(D(1), D(1))) == ("大于", "小于", "等于")


def test_numbering():
    assert [w.cn_number(n) for n in (1, 9, 10, 11, 14, 20, 26)] == ["一", "九", "十", "十一", "十四", "二十", "二十六"]
    assert (w.h1(3), w.h2(10), w.h3(2), w.h4(1)) == ("三、", "（十）", "2.", "(1)")


def test_sentence_and_lists():
    assert w.sentence("主要原因是人员增加") == "主要原因是人员增加。"
    assert w.sentence("已有句号。") == "已有句号。"
    assert w.quoted(["甲", "乙"]) == "“甲”、“乙”"
    assert w.enumerate_cn(["甲", "乙。"]) == "一是甲；二是乙。"

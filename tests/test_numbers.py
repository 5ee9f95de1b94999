"""Exact decimals, tolerance intervals and display rounding."""

from decimal import Decimal as D

from reportgen.load import load_file
from reportgen.numbers import Fig, fmt, fsum, half_unit, largest_remainder, overlaps, ratio


def test_no_binary_floats(tmp_path):
    """Amounts are read from YAML as exact Decimals, with the decimals as typed."""
    (tmp_path / "a.yaml").write_text("a: 0.1\nb: 477.90\n", "utf-8")
    data, _, problems = load_file(tmp_path / "a.yaml", tmp_path)
    assert not problems
    assert all(type(v) is D for v in data.values())
    assert [str(v) for v in data.values()] == ["0.1", "477.90"]


def test_half_unit_counts_at_least_two_places():
    assert half_unit(D("477.9"), 2) == D("0.005")
    assert half_unit(D("5"), 2) == D("0.005")
    assert half_unit(D("1.2345"), 2) == D("0.00005")


def test_003_class_totals_overlap_the_published_total():
    parts = [Fig(D(v), D("0.005")) for v in ("477.9", "31.49", "9.08", "22.58")]
    total = Fig(D("541.04"), D("0.005"))
    assert fsum(parts).value == D("541.05")
    assert overlaps(total, fsum(parts))


def test_just_outside_tolerance_fails():
    parts = [Fig(D("100.00"), D("0.005")), Fig(D("100.00"), D("0.005"))]
    assert overlaps(Fig(D("200.015"), D("0.005")), fsum(parts))
    assert not overlaps(Fig(D("200.02"), D("0.004")), fsum(parts))


def test_fmt_rounds_half_up_and_drops_zeros():
    assert fmt(D("0.125"), 2) == "0.13"
    assert fmt(D("2.5"), 0) == "3"
    assert fmt(D("477.90"), 2) == "477.9"
    assert fmt(D("477.9"), 2, keep_zeros=True) == "477.90"
    assert fmt(D("-0.001"), 2) == "0"


def test_ratio_never_divides_by_zero():
    assert ratio(D(1), D(0)) is None
    assert ratio(D(1), D(4)) == D(25)


def test_largest_remainder_adds_to_hundred():
    shares = largest_remainder([D(1), D(1), D(1)], 1)
    assert sum(shares) == D(100)
    assert shares == [D("33.4"), D("33.3"), D("33.3")]

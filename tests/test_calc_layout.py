"""Result tables never stack a value over several lines, at any width (issue 18)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lambdaprep.calc import textlayout

_WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=9)
_LABEL = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)
_VALUE = st.text(alphabet="$0123456789,.", min_size=1, max_size=14)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=20, max_value=120),
    st.integers(min_value=1, max_value=5),
    st.data(),
)
def test_every_value_stays_whole_and_lines_fit(width, ncol, data):
    headers = ["Item", *(f"col{i}" for i in range(1, ncol))]
    rows = data.draw(st.lists(st.tuples(_LABEL, *([_VALUE] * (ncol - 1))).map(list), min_size=1, max_size=6))
    text = textlayout.table(headers, rows, width, flex=0).plain
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), (width, lines)
    words = {line_word for line in lines for line_word in line.split()}
    for row in rows:
        for value in row[1:]:
            assert value in words, (value, lines)  # on one line, never cut


def test_price_table_at_tui_width_keeps_each_row_on_its_line():
    headers = ["Item", "x86_64 ◆", "arm64"]
    rows = [["Duration on provisioned concurrency", "$255,499.42", "$204,400.58"], ["Per 1M invocations", "$120,270.34", "$96,268.97"]]
    lines = textlayout.table(headers, rows, 39).plain.splitlines()
    assert "Duration on  $255,499.42  $204,400.58" in lines[1] or lines[1].endswith("$255,499.42  $204,400.58")
    assert not any(line.strip() in ("invocatio", "ns") for line in lines)
    narrow = textlayout.table(headers, rows, 28).plain.splitlines()  # too narrow for label and values on one line
    assert all(len(line) <= 28 for line in narrow)
    assert narrow[narrow.index("Duration on provisioned") + 2].split() == ["$255,499.42", "$204,400.58"]

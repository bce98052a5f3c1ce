"""Every box in every diagram of the shipped content is closed and square: the corners of
each box line up (┌ above └ and ┐ above ┘ in the same column, └ and ┘ on the same line).

Issue 18: in "The three ways a function gets invoked" a └ sat one column right of its ┌.
The check reads the diagrams as the app shows them (fact references filled in) and counts
columns in terminal cells.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len

TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT = set("┌╭╔┏"), set("┐╮╗┓"), set("└╰╚┗"), set("┘╯╝┛")
VERTICAL = set("│┃║├┤┼╟╢╫┠┨╂┝┥╎┆┊")


def cells(body: str) -> list[dict[int, str]]:
    """Each line as {cell column: character}, counting wide characters as two cells."""
    grid = []
    for line in body.splitlines():
        row, col = {}, 0
        for ch in line:
            row[col] = ch
            col += cell_len(ch)
        grid.append(row)
    return grid


def box_problems(body: str) -> list[str]:
    """What is wrong with the boxes of one diagram body (empty when every box is square)."""
    grid = cells(body)
    problems = []

    def at(r: int, c: int) -> str:
        return grid[r].get(c, " ") if 0 <= r < len(grid) else " "

    def side(r: int, c: int, corners: set[str]) -> int | None:
        """The line of the corner closing the side that goes down from (r, c), or None."""
        r += 1
        while at(r, c) in VERTICAL:
            r += 1
        return r if at(r, c) in corners else None

    corners = TOP_LEFT | TOP_RIGHT | BOTTOM_LEFT | BOTTOM_RIGHT
    for r, row in enumerate(grid):
        for c, ch in sorted(row.items()):
            if ch not in TOP_LEFT:
                continue
            # the top edge (it may carry a title: ┌─ INIT ─┐) runs to the next corner on the line
            c2 = next((k for k in sorted(row) if k > c and row[k] in corners), None)
            if c2 is None or row[c2] not in TOP_RIGHT:
                continue  # a connector's bend (┌──▶, ┌─────┘), not a box
            if at(r + 1, c) not in VERTICAL | BOTTOM_LEFT and at(r + 1, c2) not in VERTICAL | BOTTOM_RIGHT:
                continue  # a bracket over arrows (┌──┼──┐ with ▼ below), not a box
            where = f"line {r + 1}, column {c + 1}"
            left, right = side(r, c, BOTTOM_LEFT), side(r, c2, BOTTOM_RIGHT)
            if left is None:
                problems.append(f"{where}: no └ below ┌ in the same column (found {at(_stop(grid, r, c), c)!r} on line {_stop(grid, r, c) + 1})")
            if right is None:
                problems.append(f"{where}: no ┘ below ┐ (column {c2 + 1}) in the same column (found {at(_stop(grid, r, c2), c2)!r})")
            if left is not None and right is not None and left != right:
                problems.append(f"{where}: └ on line {left + 1} but ┘ on line {right + 1}")
    return problems


def _stop(grid: list[dict[int, str]], r: int, c: int) -> int:
    r += 1
    while r < len(grid) and grid[r].get(c, " ") in VERTICAL:
        r += 1
    return r


def test_the_checker_finds_a_corner_one_column_off() -> None:
    good = "┌──┐\n│ab│\n└──┘"
    assert box_problems(good) == []
    assert box_problems(" x ┌─┐ y ┌┐\n   └─┘   └┘") == []
    off = "┌──┐\n│ab│\n └─┘"
    assert any("no └ below ┌" in p for p in box_problems(off))
    assert box_problems("┌──┐\n│ab│\n└──┘ ") == []
    assert any("no ┘" in p for p in box_problems("┌──┐\n│ab \n└──┘"))
    assert box_problems("┌──▶ x\n│\n▼") == []  # a connector's bend is not a box
    assert box_problems("┌──┼──┐\n▼  ▼  ▼") == []  # nor is a bracket over arrows
    assert box_problems("┌─ title ─┐\n│        │\n└────────┘") != []  # a titled box is checked too
    assert box_problems("┌─ title ─┐\n│         │\n└─────────┘") == []
    assert box_problems("┌─┬─┐\n│a│b│\n├─┼─┤\n└─┴─┘") == []
    assert box_problems("┌────┐\n│ 日本 │\n└────┘") != []  # wide characters take two cells


def test_every_diagram_box_in_the_shipped_content_is_square(catalog: Any) -> None:
    assert catalog.diagrams
    found = {
        f"{key} ({d.title})": problems
        for key, d in catalog.diagrams.items()
        if (problems := box_problems(d.body))
    }
    assert not found, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())

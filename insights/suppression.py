"""Small-cell suppression that subtraction cannot undo: primary cells under k, then secondary cells until no
published sum gives a hidden cell away.

A table is published together with sums a reader knows or can look up: a country's row of age bands adds up to the
country's case studies (the library listing says how many), a band's country cells add up to its regional total,
a country's provinces add up to the country's cell. Each such sum is an *equation*: the list of the published cells
it adds (a regional total is one of its cells, on the other side). A cell is safe only if no equation holds it as
its one hidden term, so after hiding every cell with 0 < count < k (primary), every equation with exactly one
hidden cell hides one more (secondary): the smallest non-zero cell that is not a total, else a zero cell, else a
total, preferring a cell that does not leave another equation with a single hidden term; and while sums of several
equations still pin a hidden cell down (exact linear algebra, ``disclosed``), a cell beside it hides too. Hiding
only ever grows, so this ends.

Equations may over-state what a reader knows (a case study coded with two countries counts in both rows, so the
column does not really add up to the regional total): that only hides more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Protocol


class Suppressible(Protocol):
    count: int | None
    suppressed: bool
    total: bool


def protect(cells: Iterable[Suppressible], equations: Sequence[Sequence[Suppressible]], k: int) -> None:
    """Mark cells suppressed in place: primary (0 < count < k), then secondary as the module says."""
    for cell in cells:
        if cell.count and cell.count < k:
            cell.suppressed = True
    containing: dict[int, list[Sequence[Suppressible]]] = {}
    for equation in equations:
        for cell in equation:
            containing.setdefault(id(cell), []).append(equation)

    def cost(cell) -> tuple:
        # Equations that would be left with this cell as their one hidden term.
        opened = sum(1 for equation in containing[id(cell)] if not any(term.suppressed for term in equation))
        return (cell.total, cell.count == 0, opened, cell.count or 0)

    while True:
        _join_lone_cells(equations, cost)
        # Sums of several equations can still pin a cell (two rows and a column around two hidden cells): hide one
        # more cell beside the first one they pin, until none is pinned.
        pinned = disclosed(equations)
        if not pinned:
            return
        candidates = [term for equation in containing[id(pinned[0])] for term in equation if not term.suppressed]
        if not candidates:
            return  # every equation around it is hidden already: nothing more to hide it with
        min(candidates, key=cost).suppressed = True


def _join_lone_cells(equations, cost) -> None:
    changed = True
    while changed:
        changed = False
        for equation in equations:
            if sum(cell.suppressed for cell in equation) != 1:
                continue
            candidates = [cell for cell in equation if not cell.suppressed]
            if candidates:
                min(candidates, key=cost).suppressed = True
                changed = True


def disclosed(equations: Sequence[Sequence[Suppressible]]) -> list[Suppressible]:
    """Return the hidden cells whose values the equations (each a sum a reader knows) pin down exactly.

    Each equation is a row over the hidden cells (the shown ones move to the known side, a total counts with the
    opposite sign). A hidden cell is pinned when its unit row lies in the span of those rows, which is when the
    reduced row echelon form holds that unit row. Exact arithmetic, sparse rows.
    """
    cells: dict[int, Suppressible] = {}
    columns: dict[int, int] = {}
    pivots: dict[int, dict[int, Fraction]] = {}  # pivot column -> its row, every row reduced against the others
    for equation in equations:
        row: dict[int, Fraction] = {}
        for term in equation:
            if term.suppressed:
                column = columns.setdefault(id(term), len(columns))
                cells[column] = term
                row[column] = row.get(column, Fraction(0)) + (-1 if term.total else 1)
        row = {column: value for column, value in row.items() if value}
        for column, pivot in pivots.items():
            if column in row:
                _subtract(row, pivot, row[column] / pivot[column])
        if not row:
            continue
        lead = min(row)
        scale = row[lead]
        row = {column: value / scale for column, value in row.items()}
        for other in pivots.values():
            if lead in other:
                _subtract(other, row, other[lead])
        pivots[lead] = row
    return [cells[column] for column, row in sorted(pivots.items()) if len(row) == 1]


def _subtract(row: dict[int, Fraction], pivot: dict[int, Fraction], factor: Fraction) -> None:
    for column, value in pivot.items():
        updated = row.get(column, 0) - factor * value
        if updated:
            row[column] = updated
        else:
            row.pop(column, None)


def determined(equations: Sequence[Sequence[Suppressible]], cell: Suppressible) -> bool:
    """Return whether a reader can compute the cell: it is shown, or the equations pin it down."""
    return not cell.suppressed or any(found is cell for found in disclosed(equations))

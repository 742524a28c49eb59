"""Secondary suppression: no sum a reader knows gives a hidden cell away (no database)."""

import random
from dataclasses import dataclass
from fractions import Fraction

import pytest

from insights.suppression import determined, protect


@dataclass(eq=False)
class Cell:
    count: int | None
    suppressed: bool = False
    total: bool = False


def rank(rows):
    """Rank by plain Gaussian elimination (a second way to the answer ``disclosed`` gives)."""
    rows = [[Fraction(value) for value in r] for r in rows]
    found = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column]), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column]:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found], strict=True)]
        found += 1
    return found


def computable(equations, cell):
    """Return whether a reader can compute a cell from the shown cells and the sums (rank test)."""
    if not cell.suppressed:
        return True
    hidden = list({id(term): term for equation in equations for term in equation if term.suppressed}.values())
    index = {id(term): i for i, term in enumerate(hidden)}
    matrix = []
    for equation in equations:
        line = [0] * len(hidden)
        for term in equation:
            if term.suppressed:
                line[index[id(term)]] += -1 if term.total else 1
        matrix.append(line)
    unit = [0] * len(hidden)
    unit[index[id(cell)]] = 1
    return rank([*matrix, unit]) == rank(matrix)


def row(*counts):
    return [Cell(count) for count in counts]


def test_a_row_total_of_7_with_0_and_5_beside_a_hidden_2_hides_a_second_cell():
    cells = row(2, 0, 5)  # the listing says the country has 7 case studies
    cells[0].suppressed = True
    assert determined([cells], cells[0]) and computable([cells], cells[0])  # 7 - 0 - 5 = 2: the hole
    cells[0].suppressed = False
    protect(cells, [cells], k=5)
    assert [cell.suppressed for cell in cells] == [True, False, True]  # the 5, not the 0: a real count hides it
    assert not determined([cells], cells[0])


def test_a_hidden_cell_alone_in_a_row_of_zeros_takes_a_zero_with_it():
    cells = row(3, 0, 0, 0)
    protect(cells, [cells], k=5)
    assert sum(cell.suppressed for cell in cells) == 2 and cells[0].suppressed
    assert not determined([cells], cells[0])


def test_a_regional_total_that_would_give_a_country_away_is_hidden_or_joined():
    # Under-18 column: Laos 3 (hidden), Thailand 20, Vietnam 12, regional total 35.
    laos, thailand, vietnam = row(3, 9, 0), row(20, 4, 1), row(12, 30, 0)
    totals = [Cell(35, total=True), Cell(43, total=True), Cell(1, total=True)]
    rows = [laos, thailand, vietnam, totals]
    columns = [[laos[i], thailand[i], vietnam[i], totals[i]] for i in range(3)]
    cells = [cell for r in rows for cell in r]
    protect(cells, [*rows, *columns], k=5)
    assert laos[0].suppressed and thailand[1].suppressed and thailand[2].suppressed and totals[2].suppressed
    for cell in cells:
        if cell.suppressed:
            assert not determined([*rows, *columns], cell)


@pytest.mark.parametrize("seed", range(20))
def test_random_country_band_province_grids_never_give_a_hidden_cell_away(seed):
    """Country × band grids with regional totals and provinces nested in countries, mostly small counts."""
    rng = random.Random(seed)
    k = rng.choice([3, 5, 11])
    bands = rng.randint(3, 6)
    equations, cells = [], []
    country_rows, totals = [], [Cell(0, total=True) for _ in range(bands)]
    for _country in range(rng.randint(1, 6)):
        provinces = [
            row(*(rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 15]) for _ in range(bands))) for _ in range(rng.randint(0, 4))
        ]
        unplaced = [rng.choice([0, 0, 1, 3, 7]) for _ in range(bands)]
        country = row(*(sum(p[i].count for p in provinces) + unplaced[i] for i in range(bands)))
        for i in range(bands):
            totals[i].count += country[i].count
            if provinces:
                equations.append([*(p[i] for p in provinces), country[i]])
        equations.extend(provinces)
        equations.append(country)
        country_rows.append(country)
        cells += [cell for p in provinces for cell in p] + country
    equations.append(totals)
    equations.extend([*(country[i] for country in country_rows), totals[i]] for i in range(bands))
    cells += totals
    protect(cells, equations, k)
    for cell in cells:
        if cell.count and cell.count < k:
            assert cell.suppressed
        if cell.suppressed:
            assert not determined(equations, cell) and not computable(equations, cell), (seed, cell)

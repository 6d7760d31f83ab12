"""Agreement between two readings of the same cases — pure Python, no Django.

A *pair* is one item of one case that both readings answered (a blank answer is not a pair).
For a set of pairs:

* `pairs`: how many; `agree`: how many have the same answer;
* `percent_agreement`: 100 * agree / pairs, two decimals;
* `kappa`: Cohen's kappa, (p_o - p_e) / (1 - p_e), where p_o = agree / pairs and
  p_e = sum over the answer categories of (share of the first reading in it) * (share of the
  second reading in it), two decimals. When p_e == 1 — both readings used one and the same
  category only — kappa is undefined and is `None` (JSON `null`), never a made-up number.

Figures are exact fractions until the last step; rounding is Python's `round` on the exact
fraction (half to even), the same rule the results use for percentages. The categories are the
values of the item's answer scale (`Pair.categories`, INTERCHANGE.md "Framework format 2":
kappa over the scale's categories): yes / no / na, management oversight's sufficient /
insufficient / ineffective / absent / na, a four-point graded scale, or any other; an answer
off its scale is an error, never a category of its own. Without declared categories the answers
seen are the categories (the same kappa: a category neither reading used adds nothing to p_e).
The pooled (overall, per standard, per reader pair) figures pool every pair of the group, over
the union of its items' scales.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

FORMAT = "inspection-agreement/1"

# Fewer pairs than this and a kappa or a percentage says little: one answer more or less moves
# it by ten points or more. The pages say so beside the figure (docs/readings.md).
MIN_PAIRS = 10

# Landis JR, Koch GG. The measurement of observer agreement for categorical data. Biometrics
# 1977;33:159-174: kappa below 0 is "poor", then each upper bound (inclusive) and its name.
LANDIS_KOCH = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.00, "almost perfect"),
)


def kappa_band(kappa: float | None) -> str:
    """The Landis and Koch (1977) name of a kappa: poor (below 0), slight (0 to 0.20), fair,
    moderate, substantial, almost perfect (0.81 to 1); "" when kappa is not defined."""
    if kappa is None:
        return ""
    if kappa < 0:
        return "poor"
    return next(name for bound, name in LANDIS_KOCH if kappa <= bound or bound == 1.00)


@dataclass(frozen=True)
class Pair:
    """One item of one case, answered by both readings."""

    item: str  # item code
    first: str
    second: str
    case: str = ""  # case reference (to count the cases)
    standard: str = ""  # the item's standard code
    first_reader: str = ""
    second_reader: str = ""
    # the item's answer scale, its values in order (na included); () when not declared
    categories: tuple[str, ...] = ()

    @property
    def agrees(self) -> bool:
        return self.first == self.second


@dataclass(frozen=True)
class Figures:
    pairs: int
    agree: int
    percent_agreement: float | None
    kappa: float | None

    @property
    def band(self) -> str:
        """The kappa in plain English (Landis and Koch, 1977)."""
        return kappa_band(self.kappa)

    @property
    def too_few(self) -> bool:
        return self.pairs < MIN_PAIRS

    def as_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "agree": self.agree,
            "percent_agreement": self.percent_agreement,
            "kappa": self.kappa,
        }


def _check_categories(pairs: Sequence[tuple[str, str]], categories: Collection[str]) -> None:
    stray = sorted({v for pair in pairs for v in pair} - set(categories))
    if stray:
        raise ValueError(f"answers {stray} are not on the scale {sorted(categories)}")


def kappa_exact(
    pairs: Sequence[tuple[str, str]], categories: Collection[str] = ()
) -> Fraction | None:
    """Cohen's kappa of (first, second) answers as an exact fraction, over `categories` (the
    scale's values; the answers seen when none are given); None when undefined (no pairs, or
    p_e == 1: both readings used a single, identical category). Raises ValueError on an answer
    that is not one of `categories`."""
    if categories:
        _check_categories(pairs, categories)
    n = len(pairs)
    if n == 0:
        return None
    observed = Fraction(sum(1 for a, b in pairs if a == b), n)
    firsts = Counter(a for a, _ in pairs)
    seconds = Counter(b for _, b in pairs)
    over = categories or firsts.keys() | seconds.keys()
    expected = sum(
        (Fraction(firsts[c], n) * Fraction(seconds[c], n) for c in over),
        Fraction(0),
    )
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def figures(pairs: Iterable[tuple[str, str]], categories: Collection[str] = ()) -> Figures:
    """Pairs, agreements, percent agreement and kappa (over `categories`, see `kappa_exact`) of
    (first, second) answers. Blank answers are not pairs and are dropped here too, so a caller
    cannot count them by mistake."""
    kept = [(a, b) for a, b in pairs if a and b]
    n = len(kept)
    agree = sum(1 for a, b in kept if a == b)
    kappa = kappa_exact(kept, categories)
    return Figures(
        pairs=n,
        agree=agree,
        percent_agreement=float(round(Fraction(100 * agree, n), 2)) if n else None,
        kappa=None if kappa is None else float(round(kappa, 2)),
    )


def _grouped[K: Hashable](pairs: Sequence[Pair], key: Callable[[Pair], K]) -> dict[K, list[Pair]]:
    groups: dict[K, list[Pair]] = defaultdict(list)
    for p in pairs:
        groups[key(p)].append(p)
    return groups


def _figures(pairs: Sequence[Pair]) -> Figures:
    """Figures of a group of pairs over the union of their items' scales (the answers seen when
    any pair's scale is not declared)."""
    declared = all(p.categories for p in pairs)
    categories = {c for p in pairs for c in p.categories} if declared else set()
    return figures(((p.first, p.second) for p in pairs), categories)


@dataclass(frozen=True)
class Row:
    """Figures of one group: an item, a standard, a pair of readers."""

    key: tuple[str, ...]
    figures: Figures


@dataclass(frozen=True)
class Agreement:
    cases: int
    items: list[Row]  # in `order` (the framework's), items without pairs left out
    overall: Figures
    standards: list[Row]
    reader_pairs: list[Row]  # key: (first reader, second reader)

    def low_first(self) -> list[Row]:
        """Items with the lowest agreement first — where the framework's guidance is least clear.

        By kappa ascending; an item whose kappa is undefined comes after every item with a kappa
        (undefined means both readings used one and the same answer throughout, i.e. they always
        agreed); ties by percent agreement ascending, then framework order."""
        position = {row.key: i for i, row in enumerate(self.items)}
        return sorted(
            self.items,
            key=lambda r: (
                r.figures.kappa is None,
                r.figures.kappa if r.figures.kappa is not None else 0.0,
                r.figures.percent_agreement,
                position[r.key],
            ),
        )


def agreement(pairs: Iterable[Pair], *, order: Sequence[str] = ()) -> Agreement:
    """Figures per item, per standard, per pair of readers and overall (every pair pooled).

    `order` lists item codes in framework order (items not in it follow, sorted); standards
    follow the order of their first item, reader pairs are sorted by name.
    """
    pairs = [p for p in pairs if p.first and p.second]
    rank = {code: i for i, code in enumerate(order)}

    def item_rank(code: str) -> tuple[int, str]:
        return (rank.get(code, len(rank)), code)

    by_item = _grouped(pairs, lambda p: p.item)
    items = [Row((code,), _figures(by_item[code])) for code in sorted(by_item, key=item_rank)]
    first_item: dict[str, tuple[int, str]] = {}
    for p in pairs:
        first_item[p.standard] = min(
            first_item.get(p.standard, item_rank(p.item)), item_rank(p.item)
        )
    by_standard = _grouped(pairs, lambda p: p.standard)
    standards = [
        Row((code,), _figures(by_standard[code]))
        for code in sorted(by_standard, key=first_item.__getitem__)
    ]
    by_readers = _grouped(pairs, lambda p: (p.first_reader, p.second_reader))
    reader_pairs = [Row(key, _figures(by_readers[key])) for key in sorted(by_readers)]
    return Agreement(
        cases=len({p.case for p in pairs}),
        items=items,
        overall=_figures(pairs),
        standards=standards,
        reader_pairs=reader_pairs,
    )


def agreement_document(inspection: int, result: Agreement) -> dict[str, Any]:
    """The `inspection-agreement/1` document: the spec's keys in the spec's order, then the
    optional `standards` and `reader_pairs` Casebook adds."""
    return {
        "format": FORMAT,
        "inspection": inspection,
        "cases": result.cases,
        "items": [{"code": row.key[0], **row.figures.as_dict()} for row in result.items],
        "overall": result.overall.as_dict(),
        "standards": [{"code": row.key[0], **row.figures.as_dict()} for row in result.standards],
        "reader_pairs": [
            {"first_reader": row.key[0], "second_reader": row.key[1], **row.figures.as_dict()}
            for row in result.reader_pairs
        ],
    }

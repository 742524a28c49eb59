"""The statistics of the results page, as plain functions of 0/1 item scores (checked by hand in the tests).

- Percentage correct: right answers over answers expected (an unanswered item of a handed-in test counts wrong).
- Facility index (Moodle's F): the mean score on an item as a fraction of its maximum, in percent; for items
  scored 0 or 1 it is the percentage of participants who got it right.
- Discrimination index (Moodle's D.I.): 100 × the Pearson correlation between the score on the item and the
  score on the rest of the test (the total without this item), over the participants who took the test. Moodle
  chose the item–rest correlation over the upper/lower 27 % difference; we follow it. Undefined (None) when
  either score does not vary.
- Average normalised gain ⟨g⟩ (Hake): (⟨post⟩ − ⟨pre⟩) / (100 − ⟨pre⟩) over the participants who took both
  tests, scores in percent. Its 95 % confidence interval treats ⟨g⟩ as a ratio of means R = ΣDᵢ / ΣEᵢ with
  Dᵢ = postᵢ − preᵢ and Eᵢ = 100 − preᵢ: SE(R) = √(Σ(Dᵢ − R·Eᵢ)² / (n(n − 1))) / Ē (the delta method), and the
  interval is R ± t₀.₉₇₅,ₙ₋₁ · SE. Undefined for fewer than 2 participants or when everyone scored 100 % before.
"""

import math
from dataclasses import dataclass

# Student's t, two-sided 95 % (the 0.975 quantile), for 1 to 30 degrees of freedom.
T_975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip
Z_975 = 1.959964


def t_quantile(df):
    """Return the 0.975 quantile of Student's t with df degrees of freedom (table to 30, Cornish–Fisher beyond)."""
    if df < 1:
        raise ValueError("at least one degree of freedom")
    if df <= len(T_975):
        return T_975[df - 1]
    z = Z_975
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else None


def percent(right, total):
    """Return right / total in percent, or None when there is nothing to count."""
    return 100 * right / total if total else None


def facility(scores):
    """Return Moodle's facility index of one item: its mean 0/1 score in percent."""
    average = mean(scores)
    return None if average is None else 100 * average


def pearson(xs, ys):
    """Return the Pearson correlation of two equally long sequences, or None when either does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def discrimination(item_scores, totals):
    """Return Moodle's discrimination index of an item: 100 × r(item score, rest-of-test score)."""
    rest = [total - score for score, total in zip(item_scores, totals, strict=True)]
    r = pearson(item_scores, rest)
    return None if r is None else 100 * r


@dataclass(frozen=True)
class Gain:
    """The average normalised gain of a group and its 95 % confidence interval (percent scores in, fractions out)."""

    n: int
    pre: float | None
    post: float | None
    g: float | None
    low: float | None
    high: float | None


def normalised_gain(pairs):
    """Return the Gain of (pre %, post %) pairs, one per participant who took both tests."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return Gain(0, None, None, None, None, None)
    pre = sum(p for p, _q in pairs) / n
    post = sum(q for _p, q in pairs) / n
    headroom = 100 - pre
    if headroom <= 0:
        return Gain(n, pre, post, None, None, None)
    g = (post - pre) / headroom
    if n < 2:
        return Gain(n, pre, post, g, None, None)
    residuals = [(q - p) - g * (100 - p) for p, q in pairs]
    se = math.sqrt(sum(r * r for r in residuals) / (n * (n - 1))) / headroom
    margin = t_quantile(n - 1) * se
    return Gain(n, pre, post, g, g - margin, g + margin)


@dataclass
class GainSums:
    """The sums from which normalised_gain follows, so that groups can be pooled by adding them.

    With Dᵢ = postᵢ − preᵢ and Eᵢ = 100 − preᵢ: Σ(Dᵢ − R·Eᵢ)² = ΣD² − 2R·ΣDE + R²·ΣE², so n, Σpre, Σpost, ΣD², ΣDE
    and ΣE² give the same ⟨g⟩ and interval as the pairs themselves.
    """

    n: int = 0
    pre: float = 0.0
    post: float = 0.0
    dd: float = 0.0
    de: float = 0.0
    ee: float = 0.0

    def add(self, pre, post):
        if pre is None or post is None:  # a test without items: nothing to pool
            return
        d, e = post - pre, 100 - pre
        self.n += 1
        self.pre += pre
        self.post += post
        self.dd += d * d
        self.de += d * e
        self.ee += e * e

    def merge(self, other):
        for name in ("n", "pre", "post", "dd", "de", "ee"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def gain(self):
        """Return the Gain of the pooled pairs (as normalised_gain would)."""
        n = self.n
        if not n:
            return Gain(0, None, None, None, None, None)
        pre, post = self.pre / n, self.post / n
        headroom = 100 - pre
        if headroom <= 1e-9:
            return Gain(n, pre, post, None, None, None)
        g = (post - pre) / headroom
        if n < 2:
            return Gain(n, pre, post, g, None, None)
        squares = max(0.0, self.dd - 2 * g * self.de + g * g * self.ee)
        se = math.sqrt(squares / (n * (n - 1))) / headroom
        margin = t_quantile(n - 1) * se
        return Gain(n, pre, post, g, g - margin, g + margin)


@dataclass
class ItemSums:
    """One item's 0/1 scores x and rest-of-test scores y, as sums that pool by adding: n, Σx, Σy, Σxy, Σy².

    Facility is 100·Σx/n; the discrimination index is 100 × Pearson r(x, y), with Σx² = Σx for 0/1 scores. All sums
    are integers, so pooling is exact.
    """

    n: int = 0
    right: int = 0
    rest: int = 0
    rest_right: int = 0
    rest_squared: int = 0

    def add(self, score, rest):
        self.n += 1
        self.right += score
        self.rest += rest
        self.rest_right += score * rest
        self.rest_squared += rest * rest

    def merge(self, other):
        for name in ("n", "right", "rest", "rest_right", "rest_squared"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def facility(self):
        return percent(self.right, self.n)

    @property
    def discrimination(self):
        n = self.n
        if n < 2:
            return None
        sxy = self.rest_right - self.right * self.rest / n
        sxx = self.right - self.right * self.right / n
        syy = self.rest_squared - self.rest * self.rest / n
        if sxx <= 0 or syy <= 0:
            return None
        return 100 * sxy / math.sqrt(sxx * syy)

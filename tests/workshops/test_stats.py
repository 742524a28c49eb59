"""The results' figures against values computed by hand (the derivations are in the comments)."""

import math

from django.test import SimpleTestCase

from workshops import stats


class HandComputedStatsTests(SimpleTestCase):
    # Four participants, two items. Pre (q1, q2): P1 (1, 0), P2 (0, 0), P3 (0, 1), P4 (0, 0) -> 50, 0, 50, 0 %.
    # Post: P1 (1, 1), P2 (1, 0), P3 (1, 1), P4 (0, 0) -> 100, 50, 100, 0 %.
    PAIRS = [(50, 100), (0, 50), (50, 100), (0, 0)]

    def test_normalised_gain_is_hakes_from_the_averages(self):
        # <pre> = 25, <post> = 62.5, <g> = 37.5 / 75 = 0.5
        gain = stats.normalised_gain(self.PAIRS)
        self.assertEqual((gain.n, gain.pre, gain.post), (4, 25, 62.5))
        self.assertAlmostEqual(gain.g, 0.5)

    def test_confidence_interval_by_the_delta_method(self):
        # D = 50, 50, 50, 0; E = 50, 100, 50, 100; D - 0.5 E = 25, 0, 25, -50; sum of squares 3750.
        # SE = sqrt(3750 / (4 * 3)) / 75 = 0.2357; t(0.975, 3) = 3.182; margin = 0.7500.
        gain = stats.normalised_gain(self.PAIRS)
        self.assertAlmostEqual(gain.low, 0.5 - 3.182 * math.sqrt(312.5) / 75, places=6)
        self.assertAlmostEqual(gain.low, -0.25, places=3)
        self.assertAlmostEqual(gain.high, 1.25, places=3)

    def test_facility_is_the_percentage_right(self):
        self.assertEqual(stats.facility([1, 0, 0, 0]), 25)
        self.assertEqual(stats.facility([1, 1, 1, 0]), 75)

    def test_discrimination_is_the_item_rest_correlation(self):
        # Pre q1 (1, 0, 0, 0) against the rest (q2: 0, 0, 1, 0): sxy = -0.25, sxx = syy = 0.75 -> r = -1/3.
        self.assertAlmostEqual(stats.discrimination([1, 0, 0, 0], [1, 0, 1, 0]), -100 / 3)
        # Post q1 (1, 1, 1, 0) against q2 (1, 0, 1, 0): sxy = 0.5, sxx = 0.75, syy = 1 -> r = 0.5 / sqrt(0.75).
        self.assertAlmostEqual(stats.discrimination([1, 1, 1, 0], [2, 1, 2, 0]), 100 * 0.5 / math.sqrt(0.75))

    def test_undefined_figures_are_none_not_errors(self):
        self.assertIsNone(stats.discrimination([1, 1], [2, 1]))  # the item does not vary
        self.assertIsNone(stats.normalised_gain([(100, 100)]).g)  # no headroom
        self.assertIsNone(stats.normalised_gain([(50, 100)]).low)  # one participant: no interval
        self.assertEqual(stats.normalised_gain([]).n, 0)

    def test_t_quantile_beyond_the_table(self):
        self.assertEqual(stats.t_quantile(3), 3.182)
        self.assertAlmostEqual(stats.t_quantile(60), 2.000, places=3)
        self.assertAlmostEqual(stats.t_quantile(120), 1.980, places=3)

"""The palette stays apart for readers with a colour-vision deficiency (simulated as Machado et
al. 2009 do), measured as CIEDE2000; each figure's own colours are checked in test_figures.py."""

import itertools

import numpy as np
import pytest

from kzstats import colourvision
from kzstats.theme import NO_DATA_COLOUR, PALETTE

MIN_DIFFERENCE = 20  # CIEDE2000: plainly different at a glance, not merely on close comparison
VISIONS = ("normal", "protanopia", "deuteranopia")
SHOWN_TOGETHER = 4  # the most categories a figure draws at once (kinds of detention, of custody)
MIN_CONTRAST = 2  # a floor is a dashed outline in its category's colour: on white, it must show


def test_ciede2000_gives_the_published_differences():
    # Sharma, Wu and Dalal (2005), table 1, pairs 1, 4, 17, 25 and 34.
    pairs = [((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425), ((50, -1.3802, -84.2814), (50, 0, -82.7485), 1.0),
             ((50, 2.5, 0), (73, 25, -18), 27.1492), ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387),
                                                      1.2644), ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082)]
    for first, second, expected in pairs:
        assert colourvision.ciede2000(np.array(first), np.array(second)) == pytest.approx(expected, abs=1e-4)


def test_a_simulated_deficiency_keeps_greys_and_brings_red_and_green_together():
    for vision in colourvision.MACHADO:
        grey = colourvision.simulate(np.array([0.5, 0.5, 0.5]), vision)
        assert grey == pytest.approx([0.5, 0.5, 0.5], abs=2e-3)
    for vision in ("protanopia", "deuteranopia"):
        assert colourvision.difference("#D55E00", "#009E73", vision) < 0.5 * colourvision.difference(
            "#D55E00", "#009E73")


def test_the_old_order_put_pretrial_detention_and_house_arrest_too_close_for_deuteranopes():
    # Okabe-Ito's usual order drew them bluish green and reddish purple: this check catches that.
    assert colourvision.difference("#009E73", "#CC79A7", "deuteranopia") < MIN_DIFFERENCE


def test_the_colours_a_figure_draws_together_stay_apart_for_every_reader():
    together = PALETTE[:SHOWN_TOGETHER]
    for vision in VISIONS:
        for first, second in itertools.combinations(together, 2):
            assert colourvision.difference(first, second, vision) >= MIN_DIFFERENCE, (first, second, vision)
        for colour, ground in itertools.product(together, ("#ffffff", NO_DATA_COLOUR)):  # bars sit on both
            assert colourvision.difference(colour, ground, vision) >= MIN_DIFFERENCE, (colour, ground, vision)


def test_a_floor_outline_in_each_colour_drawn_together_shows_on_white():
    assert colourvision.contrast("#F0E442", "#ffffff") < MIN_CONTRAST  # Okabe-Ito's yellow did not
    for colour in PALETTE[:SHOWN_TOGETHER]:
        assert colourvision.contrast(colour, "#ffffff") >= MIN_CONTRAST, colour

"""Tests of helpers.stats._power_groups (pairwise alpha, several groups, the one-way ANOVA)
against Cohen's (1988) tables and statsmodels."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.power import FTestAnovaPower

from helpers import stats as pw
from helpers.errors import InputError


def z(q):
    return stats.norm.ppf(q)


def closed_form_n(delta, sd, alpha=0.05, power=0.8, ratio=1.0):
    """n1 = (z_{1-α/2} + z_{1-β})² σ² (1 + 1/ratio) / δ², written out independently."""
    return (z(1 - alpha / 2) + z(power)) ** 2 * sd**2 * (1 + 1 / ratio) / delta**2


# ------------------------------------------------------------------ several subgroups


def test_pairwise_alpha_bonferroni_and_holm_first_step():
    assert pw.pairwise_alpha(0.05, k_groups=4) == pytest.approx(0.05 / 6)  # 4·3/2 = 6 pairs
    assert pw.pairwise_alpha(0.05, k_groups=4, adjustment="holm") == pytest.approx(0.05 / 6)
    assert pw.pairwise_alpha(0.05, n_comparisons=3) == pytest.approx(0.05 / 3)
    for bad in [
        dict(),
        dict(k_groups=1),
        dict(k_groups=2.5),
        dict(n_comparisons=0),
        dict(k_groups=3, adjustment="sidak"),
    ]:
        with pytest.raises(InputError):
            pw.pairwise_alpha(0.05, **bad)


def test_n_per_group_pairwise():
    # k = 5 nationalities: m = 10 pairs, alpha 0.005 per pair
    n = pw.n_per_group_pairwise(0.3, 1.0, 5)
    assert n == pytest.approx(pw.n_per_group(0.3, 1.0, alpha=0.005))
    normal = closed_form_n(0.3, 1.0, alpha=0.005)
    # Guenther's (1981) correction: the t-test needs about z²_{1-α/2}/4 more per group than the
    # normal formula (equal groups): 2.807² / 4 = 1.97 at α = 0.005
    assert n - normal == pytest.approx(z(1 - 0.005 / 2) ** 2 / 4, abs=0.1)
    assert pw.n_per_group_pairwise(0.3, 1.0, 5, adjustment="holm") == pytest.approx(n)


@pytest.mark.parametrize(
    "k, table_n",
    [
        # Cohen (1988) Table 8.4.4, α = .05, power .80, f = .25: u = 2 -> 52, u = 3 -> 45
        (3, 52),
        (4, 45),
    ],
)
def test_n_per_group_anova_matches_cohen_table_8_4_4(k, table_n):
    n = pw.n_per_group_anova(k, cohens_f=0.25)
    assert abs(n - table_n) < 1
    assert round(n) == table_n


def test_anova_effect_size_is_f_not_f_squared():
    # statsmodels' FTestAnovaPower takes f (noncentrality f² N): check against scipy's noncentral
    # F written out, and that reading 0.25 as f² (f = 0.5) would give a very different power.
    f, n, k = 0.25, 52, 3
    big_n = n * k
    crit = stats.f.ppf(0.95, k - 1, big_n - k)
    expected = stats.ncf.sf(crit, k - 1, big_n - k, f**2 * big_n)
    assert pw.power_anova(f, n, k) == pytest.approx(expected, rel=1e-9)
    assert FTestAnovaPower().power(
        effect_size=f, nobs=big_n, alpha=0.05, k_groups=k
    ) == pytest.approx(expected, rel=1e-9)
    as_f2 = stats.ncf.sf(crit, k - 1, big_n - k, f * big_n)  # λ = f² N with f² = 0.25
    assert as_f2 > 0.99 and expected < 0.81


def test_anova_with_two_groups_equals_t_test():
    # F = t² for two groups, with f = d/2: the F-test n equals the t-test n exactly
    for d in (0.2, 0.5):
        assert pw.n_per_group_anova(2, cohens_f=d / 2) == pytest.approx(
            pw.n_per_group(d, 1.0), rel=1e-8
        )


def test_anova_from_group_means_and_round_trip():
    means, sd = [3.4, 3.6, 3.8, 3.5], 0.9
    # Cohen's f by hand: mean 3.575, deviations -.175, .025, .225, -.075;
    # σ_m = sqrt((.030625 + .000625 + .050625 + .005625)/4) = sqrt(.021875) = .147902
    f = np.sqrt(0.021875) / sd
    assert pw.cohens_f_from_means(means, sd) == pytest.approx(f)
    n = pw.n_per_group_anova(group_means=means, sd=sd, deff=1.2)
    assert n == pytest.approx(1.2 * pw.n_per_group_anova(4, cohens_f=f))
    assert pw.power_anova(f, n, 4, deff=1.2) == pytest.approx(0.8, abs=1e-9)
    with pytest.raises(InputError):
        pw.n_per_group_anova(4, cohens_f=f, group_means=means, sd=sd)
    with pytest.raises(InputError):
        pw.n_per_group_anova(group_means=[3.5, 3.5], sd=1.0)
    with pytest.raises(InputError):
        pw.n_per_group_anova(cohens_f=0.25)

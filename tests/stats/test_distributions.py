"""The special-function distributions equal scipy.stats' own, value for value."""

import numpy as np
from scipy import stats

from helpers.stats._distributions import beta_ppf, f_sf, norm_isf, t_ppf, t_sf

RNG = np.random.default_rng(20261202)
Q = RNG.uniform(1e-6, 1 - 1e-6, 2000)
X = RNG.normal(0, 4, 2000)
DF = np.r_[RNG.uniform(0.5, 400, 1999), np.inf]
A, B = RNG.uniform(0.05, 900, 2000), RNG.uniform(0.05, 900, 2000)


def test_t_matches_scipy_stats():
    np.testing.assert_allclose(t_sf(X, DF), stats.t.sf(X, DF), rtol=1e-13, atol=0)
    np.testing.assert_allclose(t_ppf(Q, DF), stats.t.ppf(Q, DF), rtol=1e-13, atol=0)


def test_f_beta_and_normal_match_scipy_stats():
    x, d1, d2 = np.abs(X), DF[:-1][:1000], DF[1:1001]
    np.testing.assert_allclose(f_sf(x[:1000], d1, d2), stats.f.sf(x[:1000], d1, d2), rtol=1e-13)
    np.testing.assert_allclose(beta_ppf(Q, A, B), stats.beta.ppf(Q, A, B), rtol=1e-13, atol=0)
    np.testing.assert_allclose(norm_isf(Q), stats.norm.isf(Q), rtol=1e-13, atol=0)


def test_invalid_parameters_give_nan_as_in_scipy_stats():
    assert np.isnan(t_sf(1.0, 0.0)) and np.isnan(stats.t.sf(1.0, 0.0))
    assert np.isnan(t_ppf(1.5, 10)) and np.isnan(stats.t.ppf(1.5, 10))

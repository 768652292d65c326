"""The few reference distributions the estimators need, straight from :mod:`scipy.special`.

``scipy.stats`` builds hundreds of distribution objects and their documentation when it is
imported (about 0.7 s of every notebook that touches an interval); these are the special
functions its ``t``, ``F``, beta and normal distributions call themselves, so the values are the
same to the last bit: ``t.sf(x, df)`` is ``stdtr(df, -x)``, ``t.ppf(q, df)`` is
``stdtrit(df, q)`` (and ``t.isf(q, df)`` its negative), ``f.sf`` is ``fdtrc``, ``beta.ppf`` is
``betaincinv``, ``norm.cdf`` is ``ndtr`` and ``norm.isf(q)`` is ``-ndtri(q)``. Invalid
parameters (``df <= 0``, ``q`` outside [0, 1]) give NaN, as there.

Examples
--------
>>> round(float(t_ppf(0.975, 10)), 4), round(float(t_sf(2.228, 10)), 4)
(2.2281, 0.025)
>>> round(float(norm_isf(0.025)), 4), round(float(f_sf(3.0, 2, 20)), 4)
(1.96, 0.0725)

The F value is closed-form for two numerator degrees of freedom: ``(1 + 2x/d)^(-d/2)``.

>>> round(float(beta_ppf(0.5, 2, 2)), 4)
0.5
"""

from __future__ import annotations

from scipy import special


def t_sf(x, df):
    """Upper tail of Student's t: ``P(T > x)`` on ``df`` degrees of freedom."""
    return special.stdtr(df, -x)


def t_ppf(q, df):
    """Quantile of Student's t on ``df`` degrees of freedom (``inf``: the normal)."""
    return special.stdtrit(df, q)


def f_sf(x, df1, df2):
    """Upper tail of the F distribution on (``df1``, ``df2``) degrees of freedom."""
    return special.fdtrc(df1, df2, x)


def beta_ppf(q, a, b):
    """Quantile of the beta distribution with shapes ``a`` and ``b``."""
    return special.betaincinv(a, b, q)


def norm_cdf(x):
    """Distribution function of the standard normal: ``P(Z <= x)``."""
    return special.ndtr(x)


def norm_isf(q):
    """Upper-tail quantile of the standard normal: ``z`` with ``P(Z > z) = q``."""
    return -special.ndtri(q)

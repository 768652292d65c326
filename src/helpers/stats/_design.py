"""The sampling design: weights, primary sampling units (clusters), strata, finite population.

:class:`SurveyDesign` holds what a design-based variance needs and computes the one quantity all
estimators share: the with-replacement (Taylor linearisation) covariance of estimated totals of
influence values, with the cluster as primary sampling unit (PSU).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.errors import InputError


@dataclass(frozen=True, eq=False)
class SurveyDesign:
    """A one-stage (stratified) cluster design, as R's ``svydesign(id, strata, weights, fpc)``.

    Build it with :meth:`from_arrays` or :meth:`from_frame`; the fields are derived codes.

    Attributes
    ----------
    weights : numpy.ndarray
        Positive sampling weights, one per row.
    psu : numpy.ndarray
        PSU code (0..k-1) of each row; clusters are nested in strata (R's ``nest=TRUE``).
        Without a cluster variable every row is its own PSU.
    strata : numpy.ndarray
        Stratum code (0..H-1) of each row; a single stratum when none is given.
    psu_stratum : numpy.ndarray
        Stratum code of each PSU (length k).
    factor : numpy.ndarray
        Per PSU, the variance factor ``(1 - n_h / N_h) n_h / (n_h - 1)`` of its stratum ``h``
        (``n_h`` PSUs sampled, ``N_h`` in the population; ``N_h`` infinite without an FPC).
    clustered : bool
        Whether a cluster variable was given.

    Notes
    -----
    Rows of a long table (one row per respondent and item) may repeat a respondent only when the
    cluster groups respondents (the reception centre, or the respondent id itself); without a
    cluster each row is taken as an independently sampled unit.
    """

    weights: np.ndarray
    psu: np.ndarray
    strata: np.ndarray
    psu_stratum: np.ndarray
    factor: np.ndarray
    clustered: bool

    # ----------------------------------------------------------------------------------------
    # construction
    # ----------------------------------------------------------------------------------------

    @classmethod
    def from_arrays(
        cls,
        weights=None,
        *,
        n: int | None = None,
        cluster=None,
        strata=None,
        population_size=None,
    ) -> SurveyDesign:
        """Design from arrays aligned with the data rows.

        Parameters
        ----------
        weights : array-like of float, optional
            Sampling weights, finite and positive; ``None`` gives unit weights (then ``n`` or
            ``cluster`` fixes the number of rows).
        n : int, optional
            Number of rows, needed only when neither ``weights`` nor ``cluster`` is given.
        cluster : array-like, optional
            Cluster (PSU) label per row, e.g. the reception centre; ``None``: no clustering.
        strata : array-like, optional
            Stratum label per row; ``None``: one stratum.
        population_size : array-like of float, optional
            Per row, the number of PSUs in the population of its stratum (the number of units
            without clustering), constant within a stratum: R's ``fpc=``. ``None``: no
            finite-population correction (sampling with replacement).

        Returns
        -------
        SurveyDesign

        Raises
        ------
        InputError
            Lengths differ, weights not finite and positive, missing labels, a stratum with a
            single PSU, or a population size below the number of sampled PSUs.

        Examples
        --------
        >>> d = SurveyDesign.from_arrays([1.0, 2.0, 1.0, 1.0], cluster=["a", "a", "b", "c"])
        >>> d.n_psu, d.n_strata, d.df
        (3, 1, 2)
        """
        lengths = {
            name: len(np.asarray(v).ravel())
            for name, v in (("weights", weights), ("cluster", cluster), ("strata", strata))
            if v is not None
        }
        if n is not None:
            lengths["n"] = int(n)
        if not lengths:
            raise InputError("a design needs weights, a cluster variable or the number of rows n")
        if len(set(lengths.values())) > 1:
            raise InputError(f"design arrays differ in length: {lengths}")
        rows = next(iter(lengths.values()))
        if rows == 0:
            raise InputError("a design needs at least one row")

        if weights is None:
            w = np.ones(rows)
        else:
            try:
                w = np.asarray(weights, dtype=float).ravel()
            except (TypeError, ValueError):
                raise InputError("weights must be numeric") from None
            if not np.all(np.isfinite(w)):
                raise InputError("weights must be finite (no missing weights)")
            if np.any(w <= 0):
                raise InputError(
                    f"weights must be positive; found {int(np.sum(w <= 0))} weight(s) <= 0"
                )

        strata_codes = _codes(strata, rows, "stratum")
        if cluster is None:
            cluster_codes = np.arange(rows)
        else:
            cluster_codes = _codes(cluster, rows, "cluster")
        # nest clusters in strata: a PSU is a (stratum, cluster) pair
        _, first, psu = np.unique(
            np.stack([strata_codes, cluster_codes]), axis=1, return_index=True, return_inverse=True
        )
        psu = psu.ravel()
        psu_stratum = strata_codes[first]
        n_h = np.bincount(psu_stratum)
        lonely = np.flatnonzero(n_h < 2)
        if lonely.size:
            raise InputError(
                f"{lonely.size} stratum/strata with a single cluster: the design variance needs "
                "at least two clusters per stratum"
            )

        fraction = np.zeros(n_h.size)
        if population_size is not None:
            pop = np.asarray(population_size, dtype=float).ravel()
            if pop.size != rows:
                raise InputError(f"population_size has {pop.size} values for {rows} rows")
            if not np.all(np.isfinite(pop)):
                raise InputError("population sizes must be finite (no missing values)")
            by_stratum = pd.Series(pop).groupby(strata_codes).agg(["min", "max"])
            if (by_stratum["min"] != by_stratum["max"]).any():
                raise InputError("the population size must be constant within a stratum")
            big_n = by_stratum["min"].to_numpy()
            if np.any(big_n < n_h):
                raise InputError(
                    "a population size is smaller than the number of sampled clusters "
                    "(give the number of clusters, or units, in the population)"
                )
            fraction = n_h / big_n
        factor_h = (1 - fraction) * n_h / (n_h - 1)
        return cls(
            weights=w,
            psu=psu,
            strata=strata_codes,
            psu_stratum=psu_stratum,
            factor=factor_h[psu_stratum],
            clustered=cluster is not None,
        )

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        weights: str | None = None,
        cluster: str | None = None,
        strata: str | None = None,
        population_size: str | None = None,
    ) -> SurveyDesign:
        """Design from the columns of a table (``None``: not part of the design).

        Parameters
        ----------
        frame : pandas.DataFrame
            One row per sampled unit (or per unit and item, see the class notes).
        weights, cluster, strata, population_size : str, optional
            Column names; see :meth:`from_arrays`.

        Returns
        -------
        SurveyDesign

        Raises
        ------
        InputError
            An unknown column or a bad value in one (see :meth:`from_arrays`).

        Examples
        --------
        >>> df = pd.DataFrame({"w": [1.0, 2.0, 1.0, 3.0], "azc": ["a", "a", "b", "b"]})
        >>> SurveyDesign.from_frame(df, weights="w", cluster="azc").df
        1
        """
        columns = {
            "weights": weights,
            "cluster": cluster,
            "strata": strata,
            "population_size": population_size,
        }
        missing = [c for c in columns.values() if c is not None and c not in frame.columns]
        if missing:
            raise InputError(f"unknown column(s) {missing}")
        arrays = {k: None if c is None else frame[c].to_numpy() for k, c in columns.items()}
        if arrays["weights"] is not None:
            numeric = pd.to_numeric(frame[weights], errors="coerce")
            bad = numeric.isna() & frame[weights].notna()
            if bad.any():
                raise InputError(
                    f"column {weights!r}: non-numeric weight {frame[weights][bad].iloc[0]!r}"
                )
            arrays["weights"] = numeric.to_numpy(dtype=float)
        return cls.from_arrays(n=len(frame), **arrays)

    # ----------------------------------------------------------------------------------------
    # sizes
    # ----------------------------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Number of rows."""
        return int(self.weights.size)

    @property
    def n_psu(self) -> int:
        """Number of primary sampling units (clusters, or rows without clustering)."""
        return int(self.psu_stratum.size)

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return int(self.psu_stratum.max()) + 1

    @property
    def df(self) -> int:
        """Design degrees of freedom: PSUs minus strata (R's ``degf``)."""
        return self.n_psu - self.n_strata

    def domain_df(self, members: np.ndarray) -> np.ndarray:
        """Degrees of freedom of domains: PSUs minus strata that hold a member of the domain.

        Parameters
        ----------
        members : numpy.ndarray of bool, shape (n, G)
            Membership of each row in each of ``G`` domains.

        Returns
        -------
        numpy.ndarray of int, shape (G,)
            What R's ``degf()`` gives for ``subset(design, domain)``.
        """
        members = np.asarray(members, dtype=bool).reshape(self.n, -1)
        psu_has = np.zeros((self.n_psu, members.shape[1]))
        np.add.at(psu_has, self.psu, members)
        psu_has = psu_has > 0
        stratum_has = np.zeros((self.n_strata, members.shape[1]))
        np.add.at(stratum_has, self.psu_stratum, psu_has)
        return psu_has.sum(axis=0) - (stratum_has > 0).sum(axis=0)

    # ----------------------------------------------------------------------------------------
    # the variance
    # ----------------------------------------------------------------------------------------

    def total_covariance(self, z: np.ndarray) -> np.ndarray:
        """Design covariance matrix of the estimated totals of the columns of ``z``.

        Parameters
        ----------
        z : numpy.ndarray, shape (n,) or (n, G)
            Weighted values per row (for a linearised estimator: its influence values, already
            multiplied by the weight).

        Returns
        -------
        numpy.ndarray, shape (G, G)

        Notes
        -----
        With ``t_hc`` the total of ``z`` over PSU ``c`` of stratum ``h`` and ``t̄_h`` their mean
        over the ``n_h`` PSUs of the stratum (Wolter 2007, §6.11; Lumley 2010, §2.2 and
        app. C; R's ``svyrecvar`` for one stage)::

            V = sum_h (1 - n_h / N_h) n_h / (n_h - 1) sum_c (t_hc - t̄_h)(t_hc - t̄_h)^T

        A domain estimate puts zeros outside the domain, so a PSU without domain members
        still counts in ``n_h`` (the domain, not the conditional, variance).

        References
        ----------
        Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.
        Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer.
        """
        z = np.asarray(z, dtype=float).reshape(self.n, -1)
        totals = np.zeros((self.n_psu, z.shape[1]))
        np.add.at(totals, self.psu, z)
        sums = np.zeros((self.n_strata, z.shape[1]))
        np.add.at(sums, self.psu_stratum, totals)
        n_h = np.bincount(self.psu_stratum, minlength=self.n_strata)
        centred = totals - (sums / n_h[:, None])[self.psu_stratum]
        scaled = centred * np.sqrt(self.factor)[:, None]
        return scaled.T @ scaled


def _codes(labels, rows: int, what: str) -> np.ndarray:
    """Integer codes of a label array; a single code when ``labels`` is None."""
    if labels is None:
        return np.zeros(rows, dtype=int)
    series = pd.Series(np.asarray(labels, dtype=object).ravel())
    if series.isna().any():
        raise InputError(f"{int(series.isna().sum())} row(s) without a {what} label")
    codes, _ = pd.factorize(series, sort=True)
    return codes.astype(int)

"""The latent model behind the synthetic demo waves, calibrated to the published 2017 pilot.

Every rating in the demo data is an ordinal cut of a standard-normal latent variable, and every cut
point is computed from the pilot's published figures (``reference/kleine-keten-2017-pilot.yml``,
read through :func:`pilot_targets`), so that a large synthetic sample reproduces them.

The model, per respondent and rated organisation (one :class:`OrgModel` per target group and
organisation):

* a latent satisfaction ``g = mu_s + s_w * h`` with ``h ~ N(0, 1)``; ``mu_s`` is the mean of the
  respondent's subgroup ``s`` (asylum seekers' residence status for COA, partners' position inside
  or outside the chain), centred so that ``g ~ N(0, 1)`` over the population, and
  ``s_w = sqrt(1 - sum_s pi_s mu_s^2)``. ``h`` holds a person factor shared by the organisations a
  respondent rates (share :data:`PERSON_SHARE`) and, for asylum seekers' COA, a reception-centre
  effect (share :data:`AZC_SHARE`);
* aspect latents ``z_a = lambda_a g + sqrt(1 - lambda_a^2) e_a`` (one-factor model, so aspects
  correlate ``lambda_a lambda_b``);
* the overall latent ``y* = sum_a w_a z_a + sigma_eps eps``, standardised analytically:
  ``Var(y*) = w' R w + sigma_eps^2`` with ``R_ab = lambda_a lambda_b`` (``R_aa = 1``), and
  ``sigma_eps^2 = w' R w (1 - R2) / R2`` for the chosen latent ``R2``. The aspects the pilot's
  impact analysis names as "keep" or "invest" get the large weights, the rest small ones, so their
  true relative importance (LMG share) is above average.

Any linear latent ``L`` of unit variance that loads ``a`` on ``g`` is, within a cell ``c``
(subgroup x reception centre), normal with mean ``a E[g | c]`` and variance
``a^2 Var(g | c) + 1 - a^2`` (:meth:`OrgModel.cells`); the cut points follow from that exactly:
for a marginal target the ``k``-th cut point solves ``sum_c pi_c Phi((t_k - m_c) / sd) = F_k``
(a normal mixture quantile; the partners' aspects over those with contact, whose mix of positions
differs: :mod:`helpers.demo._partners`), for a subgroup target the same within the subgroup's
cells. The AZC effects are part of the fixed demo world (:func:`azc_effects`), so the cut points
do not depend on the seed and the published figures hold in expectation for every seed. Target
distributions of five answer categories come from :func:`helpers.demo._ordinal.ordinal_probs`: a
discretised normal, exponentially tilted (minimum Kullback-Leibler change) to meet a published
mean and top-2 share jointly.

Drifts between waves are shifts of latent means per quarter after the calibration wave
(:data:`DRIFTS`); :func:`expected_values` gives the resulting true means per wave.

Examples
--------
>>> model = build_model()
>>> m = model.orgs["asielzoekers", "IND"]
>>> m.aspects[:2], round(float(m.overall_probs[0] @ np.arange(1, 6)), 2)
(('respectvol_behandeld', 'duidelijkheid_informatie'), 3.7)
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import stats

from helpers.codebook import Codebook, load_codebook
from helpers.demo._ordinal import (
    cut,
    mixture_thresholds,
    nps_probs,
    ordinal_probs,
    ordinal_probs_groups,
    reconcile_means,
)
from helpers.demo._partners import partner_contact_tables
from helpers.errors import InputError
from helpers.io import load_yaml
from helpers.paths import PILOT_REFERENCE_FILE

# -- model constants (assumptions; the pilot does not publish them) ----------------------------
LOADING = 0.65  # lambda_a: loading of every aspect on the organisation's latent satisfaction
WEIGHT_DRIVER = 1.0  # w_a of the aspects the pilot names "keep" or "invest"
WEIGHT_OTHER = 0.10  # w_a of the other aspects
WEIGHT_LOW_IMPACT = 0.05  # w_a of aspects named "high score, low impact"
R2_LATENT = 0.65  # R^2 of the overall latent on the aspect latents (observed ordinal R^2 ~0.55)
PERSON_SHARE = 0.30  # share of each g's variance from a person factor common to all organisations
AZC_SHARE = 0.09  # share of asylum seekers' COA g variance from the reception centre (AZC)
CHAIN_WEIGHTS = {"IND": 0.35, "COA": 0.25, "DTV": 0.30}  # whole chain latent on the three y's
CHAIN_R2 = 0.60
LAST_CONTACT_RHO = 0.75  # partners' last-contact latent on the overall latent
NPS_RHO = 0.80  # partners' NPS latent on the overall latent
COOPERATION_RHO = 0.70  # cooperation statements on a person's view of the cooperation
DEFAULT_ASPECT_POSITIVE = {"tolk": 0.70}  # aspects the pilot did not ask (2018.1 interpreter)
ORG_KEYS = {"keten": "whole_chain"}  # codebook organisation -> key in the pilot YAML

# Reception centres (AZC) of the demo world: relative size and, fixed for every wave and seed,
# an effect on asylum seekers' COA satisfaction (invented; real place names).
AZCS = {
    "Ter Apel": 14,
    "Budel": 7,
    "Zeist": 6,
    "Gilze": 6,
    "Den Helder": 5,
    "Amsterdam": 5,
    "Assen": 5,
    "Musselkanaal": 4.5,
    "Winterswijk": 4,
    "Sneek": 4,
    "Rijswijk": 4,
    "Goes": 3.5,
    "Utrecht": 3.5,
    "Arnhem": 3.5,
    "Grave": 3,
    "Echt": 3,
    "Oisterwijk": 3,
    "Drachten": 2.5,
    "Heerlen": 2.5,
    "Burgum": 2.5,
    "Emmen": 2,
    "Almere": 2,
    # small locations: a handful of respondents per wave
    "Leersum": 1.5,
    "Wageningen": 1.5,
    "Overloon": 1.2,
    "Dronten": 1,
    "Katwijk": 0.8,
    "Hoogeveen": 0.6,
    "Alphen aan den Rijn": 0.5,
    "Baexem": 0.4,
}
AZC_EFFECT_SEED = 2017


@dataclass(frozen=True)
class Drift:
    """A planted trend: latent mean shift per quarter after the calibration wave.

    ``item`` is an aspect (shifts ``z_a``), ``totaaloordeel`` (shifts ``y`` directly) or ``*``
    (shifts ``g``: every aspect and the overall judgement of the organisation).
    """

    target_group: str
    organisation: str
    item: str
    per_quarter: float
    note: str


DRIFTS: tuple[Drift, ...] = (
    Drift(
        "asielzoekers",
        "IND",
        "reactietermijn",
        -0.12,
        "asylum seekers wait longer: IND response time declines",
    ),
    Drift(
        "asielzoekers",
        "IND",
        "totaaloordeel",
        -0.08,
        "IND overall judgement declines (directly and through response time)",
    ),
    Drift(
        "asielzoekers",
        "DTV",
        "*",
        0.10,
        "DT&V's person-centred approach starts to show: every DT&V item improves",
    ),
    Drift("ketenpartners", "IND", "bereikbaarheid", 0.10, "partners find the IND easier to reach"),
)
CALIBRATION_WAVE = "2017-Q2"


def azc_effects() -> dict[str, float]:
    """Each AZC's standardised effect ``u`` on asylum seekers' COA satisfaction.

    Drawn once (seed :data:`AZC_EFFECT_SEED`), then centred and scaled so that over the AZC sizes
    ``sum_k p_k u_k = 0`` and ``sum_k p_k u_k^2 = 1``; it enters ``h`` as ``sqrt(AZC_SHARE) u``.

    >>> u = np.array(list(azc_effects().values()))
    >>> p = np.array(list(AZCS.values())) / sum(AZCS.values())
    >>> abs(float(p @ u)) < 1e-12, round(float(p @ u**2), 9)
    (True, 1.0)
    """
    names = list(AZCS)
    p = np.array([AZCS[a] for a in names], dtype=float)
    p /= p.sum()
    u = np.random.default_rng(AZC_EFFECT_SEED).standard_normal(len(names))
    u = u - p @ u
    u = u / np.sqrt(p @ u**2)
    return dict(zip(names, u.tolist(), strict=True))


def azc_clusters() -> tuple[np.ndarray, np.ndarray]:
    """AZC shares ``p_k`` and effects on ``h`` (``sqrt(AZC_SHARE) u_k``), in :data:`AZCS` order."""
    p = np.array(list(AZCS.values()), dtype=float)
    return p / p.sum(), np.sqrt(AZC_SHARE) * np.array(list(azc_effects().values()))


# -- the published figures ---------------------------------------------------------------------
@lru_cache(maxsize=2)
def _read_yaml(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return load_yaml(fh)
    except OSError as exc:
        raise InputError(
            f"cannot read the pilot reference figures: {exc.strerror}", file=path
        ) from None


def pilot_targets(path: str | Path | None = None) -> dict:
    """The published figures of the 2017 pilot (a copy of the package's reference YAML).

    Parameters
    ----------
    path : str or Path, optional
        Default :data:`helpers.paths.PILOT_REFERENCE_FILE`.

    Returns
    -------
    dict
        The YAML as a dict (``asylum_seekers``, ``chain_partners``, ...), percentages as printed.

    Examples
    --------
    >>> t = pilot_targets()
    >>> A, P = t["asylum_seekers"], t["chain_partners"]
    >>> A["overall_judgement_mean"]["COA"]["mean"], P["nps"]["IND"]
    (4.1, -34)
    """
    return copy.deepcopy(_read_yaml(str(Path(path or PILOT_REFERENCE_FILE).resolve())))


def group_key(cb: Codebook, target_group: str) -> str:
    """Key of a codebook target group in the pilot YAML (``asielzoekers`` -> ``asylum_seekers``)."""
    return cb.target_groups[target_group]["pilot_key"]


# -- the model objects -------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgModel:
    """Latent model of one organisation as rated by one target group; see the module docstring."""

    target_group: str
    organisation: str
    aspects: tuple[str, ...]
    loadings: np.ndarray
    weights: np.ndarray
    sigma_eps: float
    sd_ystar: float
    subgroups: tuple[str, ...]
    shares: np.ndarray
    shifts: np.ndarray
    aspect_probs: np.ndarray  # K x 5, values 1..5
    aspect_thresholds: np.ndarray  # K x 4
    overall_probs: np.ndarray  # S x 5
    overall_thresholds: np.ndarray  # S x 4
    drift_g: float = 0.0
    drift_aspects: np.ndarray | None = None
    drift_overall: float = 0.0
    cluster_shares: np.ndarray = field(default_factory=lambda: np.ones(1))  # p_k of the AZCs
    cluster_effects: np.ndarray = field(default_factory=lambda: np.zeros(1))  # their part of h
    extra: dict = field(default_factory=dict)  # partners: last contact and NPS cut points

    @property
    def c(self) -> float:
        """Loading of the standardised overall latent ``y`` on ``g``."""
        return float(self.weights @ self.loadings) / self.sd_ystar

    @property
    def between(self) -> float:
        """Variance of ``g`` between subgroups, ``sum_s pi_s mu_s^2``."""
        return float(self.shares @ self.shifts**2)

    @property
    def s_w(self) -> float:
        return float(np.sqrt(1 - self.between))

    def cells(self, a: float, mix=None) -> tuple[np.ndarray, np.ndarray, float]:
        """A unit-variance latent loading ``a`` on ``g``, per subgroup x reception centre.

        Returns the cells' population shares (the subgroups weighted by ``mix`` instead when
        given) and means (both ``S x C``) and the common sd within a cell: ``g`` has mean
        ``mu_s + s_w e_c`` and variance ``s_w^2 (1 - sum_c p_c e_c^2)`` within a cell, so the
        latent has mean ``a`` times that and variance ``a^2 var_cell(g) + 1 - a^2``.
        """
        mix = self.shares if mix is None else np.asarray(mix, dtype=float)
        shares = mix[:, None] * self.cluster_shares[None, :]
        means = a * (self.shifts[:, None] + self.s_w * self.cluster_effects[None, :])
        within = self.s_w**2 * (1 - float(self.cluster_shares @ self.cluster_effects**2))
        return shares, means, float(np.sqrt(a**2 * within + 1 - a**2))

    def marginal_thresholds(self, probs: np.ndarray, a: float, mix=None) -> np.ndarray:
        """Cut points giving ``probs`` over the whole population (a normal mixture quantile), or
        over another mix of the subgroups (``mix``: their shares, e.g. among those with contact)."""
        shares, means, sd = self.cells(a, mix)
        return mixture_thresholds(
            np.cumsum(probs)[:-1], shares.ravel(), means.ravel(), np.full(shares.size, sd)
        )

    def subgroup_thresholds(self, probs: np.ndarray, a: float) -> np.ndarray:
        """Cut points giving ``probs[s]`` within each subgroup ``s`` (``S x (k-1)``)."""
        _, means, sd = self.cells(a)
        sds = np.full(len(self.cluster_shares), sd)
        return np.array(
            [
                mixture_thresholds(np.cumsum(p)[:-1], self.cluster_shares, means[s], sds)
                for s, p in enumerate(np.atleast_2d(probs))
            ]
        )

    def draw(self, h: np.ndarray, sub: np.ndarray, rng: np.random.Generator, quarters: float):
        """Latents and ordinal values for respondents with factor ``h`` and subgroup index ``sub``.

        Returns a dict: ``g``, ``y`` (standardised overall latent, drift included), ``aspects``
        (n x K values 1-5), ``overall`` (n values 1-5).
        """
        n, lam = len(h), self.loadings
        g = self.shifts[sub] + self.s_w * h + self.drift_g * quarters
        z = g[:, None] * lam + rng.standard_normal((n, len(lam))) * np.sqrt(1 - lam**2)
        if self.drift_aspects is not None:
            z = z + self.drift_aspects * quarters
        y = (z @ self.weights + self.sigma_eps * rng.standard_normal(n)) / self.sd_ystar
        y = y + self.drift_overall * quarters
        return {
            "g": g,
            "y": y,
            "aspects": cut(z, self.aspect_thresholds),
            "overall": cut(y, self.overall_thresholds, sub),
        }

    def y_shift(self, quarters: float) -> float:
        """Mean shift of ``y`` after ``quarters`` of drift."""
        da = 0.0 if self.drift_aspects is None else float(self.weights @ self.drift_aspects)
        return quarters * (self.c * self.drift_g + da / self.sd_ystar + self.drift_overall)


@dataclass(frozen=True)
class DerivedItem:
    """An ordinal item cut from ``rho * parent + sqrt(1 - rho^2) eps`` (unit-variance parent)."""

    name: str
    rho: float
    probs: np.ndarray  # S x k (or 1 x k)
    thresholds: np.ndarray  # S x (k-1)

    def draw(self, parent: np.ndarray, rng: np.random.Generator, sub: np.ndarray | None = None):
        x = self.rho * parent + np.sqrt(1 - self.rho**2) * rng.standard_normal(len(parent))
        return cut(x, self.thresholds if sub is not None else self.thresholds[0], sub)


def derived_item(
    name: str,
    parent: OrgModel | None,
    parent_loading: float,
    rho: float,
    probs: np.ndarray,
    by_subgroup: bool = False,
) -> DerivedItem:
    """Cut points for an item on a parent latent that loads ``parent_loading`` on ``g``.

    Without a parent the item's latent is standard normal in every subgroup.
    """
    probs = np.atleast_2d(probs)
    if parent is None:
        thr = stats.norm.ppf(np.cumsum(probs, axis=1)[:, :-1])
    elif by_subgroup:
        thr = parent.subgroup_thresholds(probs, rho * parent_loading)
    else:
        thr = parent.marginal_thresholds(probs[0], rho * parent_loading)[None, :]
    return DerivedItem(name, rho, probs, thr)


@dataclass(frozen=True)
class DemoModel:
    """Everything the generator draws from: the organisation models plus the simple tables."""

    orgs: dict  # (target_group, organisation) -> OrgModel
    chain: OrgModel  # asylum seekers' whole chain: aspects empty, cut points on its latent
    chain_loading: float  # loading of the chain latent on COA's g (the subgrouped one)
    chain_sd: float
    items: dict  # name -> DerivedItem
    tables: dict  # categorical distributions and rates (see build_model)
    reconciled: list  # published figures that had to be reconciled (documented conflicts)


def _weights(findings: dict, aspects) -> np.ndarray:
    drivers = set(findings.get("keep", [])) | set(findings.get("invest", []))
    low = set(findings.get("high_score_low_impact", []))
    return np.array(
        [
            WEIGHT_DRIVER if a in drivers else WEIGHT_LOW_IMPACT if a in low else WEIGHT_OTHER
            for a in aspects
        ]
    )


def model_aspects(cb: Codebook, target_group: str, organisation: str) -> tuple[str, ...]:
    """Aspects of an organisation asked in any questionnaire version, in the report's order."""
    asked = set()
    for version in cb.versions:
        asked |= set(cb.aspects(target_group, version, organisation))
    return tuple(a for a in cb.aspects(target_group) if a in asked)


def _org_model(
    cb, tg, org, aspect_pct, findings, subgroups, shares, means, top2=None, drifts=(), clusters=None
) -> OrgModel:
    aspects = model_aspects(cb, tg, org)
    K = len(aspects)
    lam = np.full(K, LOADING)
    w = _weights(findings, aspects)
    R = np.outer(lam, lam)
    np.fill_diagonal(R, 1.0)
    vwz = float(w @ R @ w)
    sigma_eps2 = vwz * (1 - R2_LATENT) / R2_LATENT
    sd_ystar = float(np.sqrt(vwz + sigma_eps2))
    shares = np.asarray(shares, dtype=float)
    means = np.asarray(means, dtype=float)
    overall_probs = ordinal_probs_groups(means, shares, top2=top2)
    values = np.arange(1, 6)
    mean_all = float(shares @ means)
    sd_values = float(np.sqrt(shares @ (overall_probs @ values**2) - mean_all**2))
    c = float(w @ lam) / sd_ystar
    shifts = (means - mean_all) / (sd_values * c)
    shifts = shifts - shares @ shifts
    p_pos = np.array(
        [aspect_pct[a] / 100 if a in aspect_pct else DEFAULT_ASPECT_POSITIVE[a] for a in aspects]
    )
    aspect_probs = np.array([ordinal_probs(top2=p) for p in p_pos])
    drift_g, drift_y, drift_a = 0.0, 0.0, np.zeros(K)
    for d in drifts:
        if d.item == "*":
            drift_g += d.per_quarter
        elif d.item == "totaaloordeel":
            drift_y += d.per_quarter
        else:
            drift_a[aspects.index(d.item)] += d.per_quarter
    cluster_shares, cluster_effects = (
        clusters if clusters is not None else (np.ones(1), np.zeros(1))
    )
    m = OrgModel(
        tg,
        org,
        aspects,
        lam,
        w,
        float(np.sqrt(sigma_eps2)),
        sd_ystar,
        tuple(subgroups),
        shares,
        shifts,
        aspect_probs,
        np.zeros((K, 4)),
        overall_probs,
        np.zeros((1, 4)),
        drift_g,
        drift_a if drift_a.any() else None,
        drift_y,
        cluster_shares,
        cluster_effects,
    )
    object.__setattr__(
        m,
        "aspect_thresholds",
        np.array([m.marginal_thresholds(p, lam[i]) for i, p in enumerate(aspect_probs)]),
    )
    object.__setattr__(m, "overall_thresholds", m.subgroup_thresholds(overall_probs, m.c))
    return m


def _labelled_probs(cb: Codebook, scale: str, published: dict) -> tuple[np.ndarray, float]:
    """A published full distribution keyed by value labels -> (probs over values 1..5, dk share)."""
    sc = cb.scale(scale)
    by_label = {sc.codes[c]["nl"].replace(" ", "_"): c for c in sc.codes}
    raw = {by_label[k]: float(v) for k, v in published.items() if k != "n"}
    total = sum(raw.values())
    dk = sum(v for c, v in raw.items() if c in sc.dont_know) / total
    probs = np.zeros(5)
    for code, v in raw.items():
        if code not in sc.dont_know:
            probs[sc.recode[code] - 1] = v
    return probs / probs.sum(), dk


@lru_cache(maxsize=4)
def _build(reference: str, codebook: str) -> DemoModel:
    cb = load_codebook(codebook)
    T = pilot_targets(reference)
    A, P = T[group_key(cb, "asielzoekers")], T[group_key(cb, "ketenpartners")]
    reconciled = []
    orgs = {}
    drift_of = {}
    for d in DRIFTS:
        drift_of.setdefault((d.target_group, d.organisation), []).append(d)

    # asylum seekers: COA differs by residence status; the status share follows from the means
    by_status = A["overall_judgement_by_status"]["COA"]
    status_names = tuple(cb.scale("status").values.values())
    st_means = [by_status[s] for s in status_names]
    coa_all = A["overall_judgement_mean"]["COA"]["mean"]
    share_second = (st_means[0] - coa_all) / (st_means[0] - st_means[1])
    status_shares = np.array([1 - share_second, share_second])
    experienced = P["mirror"]["expected_vs_experienced_positive_pct"]
    for org in ("IND", "COA", "DTV"):
        sub = org == "COA"
        orgs["asielzoekers", org] = _org_model(
            cb,
            "asielzoekers",
            org,
            A["aspect_positive_pct"][org],
            A["impact_analysis_findings"][org],
            status_names if sub else ("alle",),
            status_shares if sub else [1.0],
            st_means if sub else [A["overall_judgement_mean"][org]["mean"]],
            top2=experienced[org]["experienced"] / 100,
            drifts=drift_of.get(("asielzoekers", org), ()),
            clusters=azc_clusters() if sub else None,
        )

    # whole chain (asylum seekers): latent on the three overall latents
    beta = np.array([CHAIN_WEIGHTS[o] for o in ("IND", "COA", "DTV")])
    ms = [orgs["asielzoekers", o] for o in ("IND", "COA", "DTV")]
    cov = np.eye(3)
    for i in range(3):
        for j in range(3):
            if i != j:
                cov[i, j] = ms[i].c * ms[j].c * ms[i].s_w * ms[j].s_w * PERSON_SHARE
    v_comb = float(beta @ cov @ beta)
    sigma_k2 = v_comb * (1 - CHAIN_R2) / CHAIN_R2
    chain_sd = float(np.sqrt(v_comb + sigma_k2))
    chain_loading = beta[1] * ms[1].c / chain_sd
    ch = A["overall_judgement_mean"][ORG_KEYS["keten"]]["mean"]
    chain_probs = ordinal_probs(mean=ch, top2=A["chain_rated_good_pct"] / 100)
    chain_thr = ms[1].marginal_thresholds(chain_probs, chain_loading)
    chain = OrgModel(
        "asielzoekers",
        "keten",
        (),
        np.zeros(0),
        np.zeros(0),
        float(np.sqrt(sigma_k2)),
        chain_sd,
        ("alle",),
        np.ones(1),
        np.zeros(1),
        np.zeros((0, 5)),
        np.zeros((0, 4)),
        chain_probs[None],
        chain_thr[None],
    )

    # chain partners: every organisation differs inside/outside the chain
    contact = partner_contact_tables(P)  # contact and channels by position (pilot p. 25)
    staff = P["mirror"]["staff_n"]
    n_p = P["n"]
    positions = tuple(P["subgroups"]["position"])
    for org in ("IND", "COA", "DTV"):
        raters = n_p - staff[org]
        inside = sum(v for o, v in staff.items() if o != org) / raters
        shares = np.array([inside, 1 - inside])
        om = P["overall_judgement_mean"]
        pub = [om[p][org] for p in positions]
        adj, d = reconcile_means(om["all"][org], pub, shares)
        if abs(d) > 0.005:
            reconciled.append(
                {
                    "figure": f"chain_partners.overall_judgement_mean.{org}",
                    "published": {"all": om["all"][org], **dict(zip(positions, pub, strict=True))},
                    "calibrated": {
                        "all": round(float(shares @ adj), 3),
                        **{p: round(float(v), 3) for p, v in zip(positions, adj, strict=True)},
                    },
                    "why": f"the published subgroup means mix to {shares @ pub:.3f} with "
                    f"{inside:.1%} of raters inside the chain; shifted by {d:+.3f} (minimax)",
                }
            )
        m = _org_model(
            cb,
            "ketenpartners",
            org,
            P["aspect_positive_pct"][org],
            P["impact_analysis_findings"][org],
            positions,
            shares,
            adj,
            drifts=drift_of.get(("ketenpartners", org), ()),
        )
        # the aspects are asked of those with contact (the pilot's base), inside more often
        rater = shares * np.array(contact["partner_contact"][org]["contact"])
        m.extra["aspect_mix"] = rater = rater / rater.sum()
        thr = [m.marginal_thresholds(p, m.loadings[i], rater) for i, p in enumerate(m.aspect_probs)]
        object.__setattr__(m, "aspect_thresholds", np.array(thr))
        lc = P["last_contact_judgement_mean"]
        lc_probs = ordinal_probs_groups([lc[p][org] for p in positions], shares)
        lc_thr = m.subgroup_thresholds(lc_probs, LAST_CONTACT_RHO * m.c)
        split = P.get("nps_ind_split_pct") if org == "IND" else None
        nps = nps_probs(
            P["nps"][org],
            *(None, None) if split is None else (split["promoters"] / 100, split["passives"] / 100),
        )
        nps_thr = m.marginal_thresholds(nps, NPS_RHO * m.c)
        m.extra.update(
            lc_probs=lc_probs, lc_thresholds=lc_thr, nps_probs=nps, nps_thresholds=nps_thr
        )
        orgs["ketenpartners", org] = m

    # asylum seekers' single items
    items = {}
    coa, dtv = orgs["asielzoekers", "COA"], orgs["asielzoekers", "DTV"]
    intro, intro_dk = _labelled_probs(cb, "wel_niet5", A["coa_introduction_understood_pct"])
    items["coa_introductie_begrepen"] = derived_item(
        "coa_introductie_begrepen", coa, coa.c, 0.40, intro
    )
    genoeg, genoeg_dk = _labelled_probs(cb, "ja_nee5", A["dtv_enough_information_to_decide_pct"])
    items["dtv_genoeg_informatie"] = derived_item("dtv_genoeg_informatie", dtv, dtv.c, 0.40, genoeg)
    bad = A["dtv_personal_situation_badly_considered_pct"] / 100
    items["dtv_persoonlijke_situatie"] = derived_item(
        "dtv_persoonlijke_situatie", dtv, dtv.c, 0.60, ordinal_probs(top2=bad)[::-1]
    )
    notc = A["dtv_cultural_background_not_considered_pct"] / 100
    items["dtv_culturele_achtergrond"] = derived_item(
        "dtv_culturele_achtergrond", dtv, dtv.c, 0.50, ordinal_probs(top2=notc)[::-1]
    )

    # word of mouth among those with contact: "never talk about it" first, then a sentiment
    wom = A["word_of_mouth_positive_pct"]
    lo, hi = A["word_of_mouth_never_talk_pct_range"]
    never = {"COA": lo / 100, "IND": hi / 100, "DTV": (lo + 0.6 * (hi - lo)) / 100}  # chart order
    wom_tables = {}
    for org in ("IND", "COA", "DTV"):
        pos = wom[org] / 100
        talk = 1 - never[org]
        rest = talk - pos
        sentiment = np.array([0.2 * rest, 0.3 * rest, 0.5 * rest, 0.65 * pos, 0.35 * pos]) / talk
        om = orgs["asielzoekers", org]
        items[f"mond_tot_mond_{org.lower()}"] = derived_item(
            f"mond_tot_mond_{org.lower()}", om, om.c, 0.60, sentiment
        )
        wom_tables[org] = {"never": never[org], "positive": pos}

    # partners' cooperation statements: agreement with "weet niet" in the base (n = 290)
    coop = P["cooperation_statements_agree_pct"]["binnen_vs_buiten"]
    coop_dk = {  # assumption: 23-35% "weet niet" overall, mostly outside the chain (report p. 30)
        "verhoudingen_goed": (0.13, 0.33),
        "cruciale_informatie_gedeeld": (0.20, 0.45),
        "vreemdeling_staat_centraal": (0.18, 0.40),
        "werken_goed_samen": (0.15, 0.38),
    }
    for st, (a_in, a_out) in coop.items():
        dk_in, dk_out = coop_dk[st]
        probs = np.array(
            [
                ordinal_probs(top2=(a_in / 100) / (1 - dk_in)),
                ordinal_probs(top2=(a_out / 100) / (1 - dk_out)),
            ]
        )
        thr = np.array([stats.norm.ppf(np.cumsum(p)[:-1]) for p in probs])
        items[f"samenwerking_{st}"] = DerivedItem(f"samenwerking_{st}", COOPERATION_RHO, probs, thr)

    # mirror study (staff about their own organisation and about the chain)
    mirror = P["mirror"]
    for org in ("IND", "COA", "DTV"):
        p = ordinal_probs(
            top2=mirror["expected_vs_experienced_positive_pct"][org]["expected"] / 100, sigma=0.8
        )
        items[f"spiegel_oordeel_eigen_{org}"] = derived_item(
            f"spiegel_oordeel_eigen_{org}", None, 0.0, 0.5, p
        )
    # the chain question goes to every partner: inside and outside shares (pilot keys binnen,
    # buiten in the order of `positions`)
    chain_pct = mirror["expect_chain_rated_good_pct"]
    expect = [ordinal_probs(top2=chain_pct[k] / 100, sigma=0.8) for k in ("binnen", "buiten")]
    items["spiegel_oordeel_keten"] = derived_item(
        "spiegel_oordeel_keten", None, 0.0, 0.5, np.array(expect)
    )

    know = A["knows_responsibility_pct"]
    lo_k, hi_k = know["range_all"]
    tables = {
        "status_shares": dict(zip(status_names, status_shares.tolist(), strict=True)),
        "contact_frequency": {
            org: {k: v / 100 for k, v in A["contact_frequency_pct"][org].items()}
            for org in ("IND", "DTV")
        },
        # % correct per organisation: IND published, the others spread over the published range
        "knows": {"IND": know["IND"] / 100, "COA": (lo_k + hi_k) / 200, "DTV": lo_k / 100},
        "coa_intro_dk": intro_dk,
        "dtv_genoeg_dk": genoeg_dk,
        "word_of_mouth": wom_tables,
        "cooperation_dk": coop_dk,
        **contact,  # partner_contact, partner_channels (by position)
        "staff_n": dict(staff),
        "partners_n": n_p,
        "positions": positions,
        "mirror_positive": {
            o: {k: v / 100 for k, v in d.items()}
            for o, d in mirror["expected_positive_aspects_pct"].items()
        },
        "mirror_negative": {
            o: {k: v / 100 for k, v in d.items()}
            for o, d in mirror["expected_negative_aspects_pct"].items()
        },
    }
    return DemoModel(orgs, chain, float(chain_loading), chain_sd, items, tables, reconciled)


def build_model(
    reference: str | Path | None = None, codebook: str | Path | None = None
) -> DemoModel:
    """The calibrated model (cached): organisation models, single items and tables.

    Parameters
    ----------
    reference : str or Path, optional
        The pilot YAML; default :data:`helpers.paths.PILOT_REFERENCE_FILE`.
    codebook : str or Path, optional
        Default: the package's codebook.
    """
    cb = load_codebook(codebook)
    return _build(str(Path(reference or PILOT_REFERENCE_FILE).resolve()), str(cb.source))


# -- truth ---------------------------------------------------------------------------------------
def quarters_since(wave: str, origin: str = CALIBRATION_WAVE) -> int:
    """Quarters between two wave ids (``2018-Q1`` is 3 after ``2017-Q2``).

    >>> quarters_since("2018-Q1")
    3
    """

    def index(w):
        year, q = str(w).split("-Q")
        return int(year) * 4 + int(q) - 1

    return index(wave) - index(origin)


def _expected_ordinal(m: OrgModel, thresholds: np.ndarray, a: float, shift: float, mix=None):
    """Mean value (1..k) and top-2 share of a latent loading ``a`` on ``g``, cut, mean-shifted
    (over the subgroups' ``mix``, default the population's)."""
    shares, means, sd = m.cells(a, mix)
    thr = np.atleast_2d(thresholds)
    thr = np.repeat(thr, len(m.shares), axis=0) if thr.shape[0] == 1 else thr  # S x (k-1)
    above = 1 - stats.norm.cdf((thr[:, None, :] - means[:, :, None] - shift) / sd)  # S x C x (k-1)
    mean = float((shares * (1 + above.sum(-1))).sum())
    top2 = float((shares * above[:, :, -2]).sum())
    return mean, top2


def expected_values(model: DemoModel, wave: str) -> list[dict]:
    """True (infinite-sample) means and % positive of the drifting items in ``wave``.

    For every organisation with a planted drift: the overall judgement and every aspect that
    moves, with the value in ``wave`` and in the calibration wave.
    """
    q = quarters_since(wave)
    out = []
    for (tg, org), m in model.orgs.items():
        if not (m.drift_g or m.drift_overall or m.drift_aspects is not None):
            continue
        # (item, cut points, loading on g, mean shift of its latent after q quarters, the mix
        # of subgroups it is asked of)
        rows = [("totaaloordeel", m.overall_thresholds, m.c, m.y_shift(q), None)]
        for i, a in enumerate(m.aspects):
            da = 0.0 if m.drift_aspects is None else float(m.drift_aspects[i])
            if m.drift_g or da:
                lam = float(m.loadings[i])
                shift = q * (lam * m.drift_g + da)
                rows.append((a, m.aspect_thresholds[i], lam, shift, m.extra.get("aspect_mix")))
        for item, thr, a, shift, mix in rows:
            now = _expected_ordinal(m, thr, a, shift, mix)
            base = _expected_ordinal(m, thr, a, 0.0, mix)
            out.append(
                {
                    "target_group": tg,
                    "organisation": org,
                    "item": item,
                    "mean": round(now[0], 3),
                    "pct_positive": round(100 * now[1], 1),
                    f"mean_{CALIBRATION_WAVE}": round(base[0], 3),
                    f"pct_positive_{CALIBRATION_WAVE}": round(100 * base[1], 1),
                }
            )
    return out

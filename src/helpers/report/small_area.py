"""The small-area report (notebook ``07_small_area``): reception centres and nationalities compared.

The notebook builds the report once (:func:`build`: the wave and the waves before it in the
pooling window, and the Fay-Herriot estimates of :func:`helpers.stats.small_area_estimates` per
organisation, item and grouping) and then calls one function per section. The power report's
notebook calls :func:`centre_planner_section` for the sample size per centre.

Disclosure: every group enters the model, but only groups with at least the disclosure threshold
of answers in the window are named (the statistics withhold the others' figures, so no model
estimate of a small group stands in for its direct estimate). Per organisation and item the
small groups' answers together form a never-shown remainder row for
:func:`helpers.privacy.protect_table`, so a remainder below the threshold gets a named group
suppressed as complement. Charts, lists and key figures use only the rows it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.codebook import load_codebook
from helpers.data import Wave, processed_wave_ids
from helpers.errors import InputError
from helpers.notation import NO_VALUE_MARK, format_number
from helpers.privacy import (
    DEFAULT_INDICATIVE_BELOW,
    DEFAULT_THRESHOLD,
    FLAG_COLUMNS,
    ProtectedTable,
    plan_across_waves,
    plan_for,
    protect_table,
    style_table,
)
from helpers.report._style import percent_nl
from helpers.report._text import join_nl
from helpers.stats import centre_sample_size, small_area_estimates

__all__ = [
    "GROUPINGS",
    "SmallAreaReport",
    "TITLE",
    "aspects_section",
    "aspects_table",
    "build",
    "centre_planner",
    "centre_planner_section",
    "differences_nl",
    "centres_section",
    "key_figures",
    "key_figures_section",
    "method_section",
    "nationalities_section",
    "shrinkage_section",
    "shrinkage_table",
    "show_header",
    "window_frame",
]

TITLE = "Opvanglocaties en nationaliteiten vergeleken"
#: Groupings of the report, with the Dutch words for one group and for several.
GROUPINGS: dict[str, tuple[str, str]] = {
    "azc": ("opvanglocatie", "opvanglocaties"),
    "nationaliteit": ("nationaliteit", "nationaliteiten"),
}
#: The only target group that lives in reception centres.
TARGET_GROUP = "asielzoekers"
OVERALL_ITEM = "totaaloordeel"
#: Smallest answer counted as positive (4 or 5 on the 1-5 scale).
POSITIVE_FROM = 4
_REST = "_rest"
_HIDDEN_IN_SUPPRESSED = ["n_eff", "direct", "estimate", "ci_low", "ci_high", "gamma"]
_HIDDEN_IN_SUPPRESSED += ["diff_low", "diff_high", "mse", "direct_var"]
COLUMNS_NL = {
    "organisation": "Organisatie",
    "group": "Groep",
    "n": "Antwoorden",
    "direct": "Eigen gemiddelde",
    "estimate": "Modelschatting",
    "ci_low": "Interval van",
    "ci_high": "Interval tot",
    "gamma": "Krimpfactor",
    "verdict": "Ten opzichte van het gemiddelde",
}
VERDICTS_NL = {
    "above": "hoger",
    "below": "lager",
    "no_difference": "geen aantoonbaar verschil",
}
BORROWING_NL = (
    "Het model **leent gegevens van andere centra**: de schatting voor een groep met weinig "
    "antwoorden wordt naar het gemiddelde van alle groepen getrokken, sterker naarmate er minder "
    "antwoorden zijn, zodat een groep niet door toeval bij een handvol respondenten bovenaan of "
    "onderaan de lijst belandt."
)


@dataclass
class SmallAreaReport:
    """What the sections show (built once by :func:`build`).

    ``estimates`` holds every model row (withheld small groups included; never displayed as
    such), ``shown`` per grouping the protected table of the named groups.
    """

    wave: Wave
    target_group: str
    waves: list[str]
    window: int
    threshold: int
    indicative_below: int
    estimates: pd.DataFrame
    shown: dict[str, ProtectedTable] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    key_figures_path: str = ""
    opened: list = field(default_factory=list, repr=False)  # the Wave objects of ``waves``

    @property
    def applicable(self) -> bool:
        return self.target_group == TARGET_GROUP


def window_frame(waves: list[Wave], target_group: str = TARGET_GROUP) -> pd.DataFrame:
    """Ratings of ``target_group`` in ``waves`` with ``wave``, ``weight``, ``azc`` and
    ``nationaliteit`` of the respondent (the input of the small-area estimates)."""
    parts = []
    for w in waves:
        resp = w.respondents
        resp = resp.loc[resp["target_group"] == target_group, ["respondent_id", "weight"]].join(
            resp[[g for g in GROUPINGS if g in resp.columns]]
        )
        ratings = w.ratings[w.ratings["target_group"] == target_group]
        parts.append(ratings.merge(resp, on="respondent_id", how="inner").assign(wave=w.id))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _window_waves(wave: Wave, window: int) -> list[Wave]:
    """The wave and up to ``window - 1`` processed waves before it, oldest first."""
    if window < 1:
        raise InputError(f"window must be at least 1 (got {window})")
    earlier = [w for w in processed_wave_ids(wave.processed_root) if w < wave.id][-(window - 1) :]
    before = [Wave(w, wave.raw_root, wave.processed_root) for w in earlier] if window > 1 else []
    return [*before, wave]


def _estimates(frame: pd.DataFrame, wave: str, window: int, min_n: int, **kw) -> pd.DataFrame:
    """Model estimates per grouping: the overall judgement's mean and every item's % positive."""
    parts = []
    overall = frame["item"] == OVERALL_ITEM
    for grouping in GROUPINGS:
        if grouping not in frame.columns:
            continue
        for measure, rows in (("mean", overall), ("share", ~overall)):
            if not rows.any():
                continue
            est = small_area_estimates(
                frame[rows],
                grouping,
                measure=measure,
                wave=wave,
                window=window,
                threshold=POSITIVE_FROM,
                min_n=min_n,
                **kw,
            )
            est = est.rename(columns={grouping: "group"})
            parts.append(est.assign(grouping=grouping, measure=measure))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _protected(
    est: pd.DataFrame, threshold: int, indicative_below: int, plan=None
) -> ProtectedTable:
    """Named groups of one grouping, with a hidden remainder row per organisation and item.

    ``plan`` is the disclosure plan of the window's waves together
    (:func:`helpers.privacy.plan_across_waves`): a group that any wave's reports hide is hidden
    here too, however many answers the window pools, so that the pooled figure minus the waves
    that show the group never gives back a hidden one. Such a group is not even listed: it
    joins the small groups in the never-shown remainder.
    """
    keys = ["organisation", "item", "measure"]
    listed = (est["code"] != "withheld").to_numpy(copy=True)
    if plan is not None and len(est):
        listed &= ~plan.suppressed_rows(est)
    named = est[listed].assign(**{_REST: False})
    small = est[~listed]
    rest = small.groupby(keys, sort=False)["n"].sum().reset_index()
    rest = rest[rest["n"] > 0].assign(group="", code="withheld", **{_REST: True})
    table = pd.concat([named, rest], ignore_index=True)
    return protect_table(
        table,
        value_cols=_HIDDEN_IN_SUPPRESSED,
        threshold=threshold,
        indicative_below=indicative_below,
        group_cols=keys,
        hidden=_REST,
        plan=plan,
    )


def build(
    wave: str,
    target_group: str = TARGET_GROUP,
    *,
    window: int = 4,
    disclosure_threshold: int = DEFAULT_THRESHOLD,
    indicative_below: int = DEFAULT_INDICATIVE_BELOW,
    bootstrap: int = 1000,
    seed: int = 1,
    raw_root: str | Path = "",
    processed_root: str | Path = "",
    key_figures_path: str | Path = "",
) -> SmallAreaReport:
    """Open the wave (and the earlier waves of the window) and fit every model.

    The groups shown follow the disclosure plans of the window's waves (see :func:`_protected`).

    ``bootstrap`` is the number of parametric-bootstrap samples per model (at least 100).
    Chain partners live in no reception centre: for them nothing is fitted (the header stops).
    """
    opened = Wave.open(wave, raw_root=raw_root, processed_root=processed_root)
    waves = _window_waves(opened, int(window))
    report = SmallAreaReport(
        wave=opened,
        target_group=target_group,
        waves=[w.id for w in waves],
        window=int(window),
        threshold=int(disclosure_threshold),
        indicative_below=max(int(indicative_below), int(disclosure_threshold)),
        estimates=pd.DataFrame(),
        parameters={
            "wave": wave,
            "target_group": target_group,
            "window": window,
            "disclosure_threshold": disclosure_threshold,
            "bootstrap": bootstrap,
            "seed": seed,
            "raw_root": raw_root,
            "processed_root": processed_root,
        },
        key_figures_path=str(key_figures_path or ""),
        opened=waves,
    )
    if not report.applicable:
        return report
    frame = window_frame(waves, target_group)
    report.estimates = _estimates(
        frame, opened.id, report.window, report.threshold, n_boot=int(bootstrap), seed=int(seed)
    )
    plan = plan_across_waves(plan_for(w, report.threshold) for w in waves).group(target_group)
    for grouping in GROUPINGS:
        est = report.estimates
        if len(est) and (est["grouping"] == grouping).any():
            report.shown[grouping] = _protected(
                est[est["grouping"] == grouping], report.threshold, report.indicative_below, plan
            )
    return report


# ============================================================================================
# Dutch text
# ============================================================================================
def _num(x, decimals: int = 1) -> str:
    return format_number(x, decimals)


def _org_order(wave: Wave, target_group: str, orgs) -> list[str]:
    """``orgs`` in the codebook's order of the organisations the target group rates."""
    cb = load_codebook()
    known = cb.rated_organisations(target_group, wave.version)
    present = list(dict.fromkeys(orgs))
    return [o for o in known if o in present] + [o for o in present if o not in known]


def _shown_rows(report: SmallAreaReport, grouping: str, measure: str | None = None):
    """The rows a reader may see: named, not suppressed."""
    if grouping not in report.shown:
        return pd.DataFrame(columns=["organisation", "item", "group", "measure", "code"])
    t = report.shown[grouping].table
    t = t[~t["suppressed"]]
    return t if measure is None else t[t["measure"] == measure]


def _window_nl(report: SmallAreaReport) -> str:
    n = len(report.waves)
    if n == 1:
        text = "de antwoorden van deze golf"
        return text + (" (er is nog geen eerdere golf verwerkt)" if report.window > 1 else "")
    text = (
        f"de antwoorden van de laatste {n} golven samen (tot en met deze golf), gecorrigeerd "
        "voor verschillen tussen de golven"
    )
    if report.window > n:
        text += f"; er zijn nog geen {report.window} golven verwerkt"
    return text


def differences_nl(rows: pd.DataFrame, grouping: str, decimals: int = 1, unit: str = "") -> str:
    """One Dutch sentence per organisation: which shown groups differ from the average.

    Examples
    --------
    >>> t = pd.DataFrame({"organisation": "COA", "group": ["A", "B", "C"], "overall": 4.0,
    ...                   "code": ["above", "no_difference", "below"]})
    >>> print(differences_nl(t, "azc"))
    - **COA** (gemiddelde 4,0): hoger dan gemiddeld: A; lager dan gemiddeld: C; bij de andere 1 getoonde opvanglocatie is geen verschil met het gemiddelde aangetoond.
    """  # noqa: E501
    cb = load_codebook()
    one, many = GROUPINGS[grouping]
    lines = []
    for org, t in rows.groupby("organisation", sort=False):
        above = t.loc[t["code"] == "above", "group"].astype(str).tolist()
        below = t.loc[t["code"] == "below", "group"].astype(str).tolist()
        rest = len(t) - len(above) - len(below)
        parts = []
        if above:
            parts.append("hoger dan gemiddeld: " + join_nl(above))
        if below:
            parts.append("lager dan gemiddeld: " + join_nl(below))
        word = one if rest == 1 else many
        if not parts:
            parts.append(f"geen van de {len(t)} getoonde {many} wijkt aantoonbaar af")
        elif rest:
            parts.append(
                f"bij de andere {rest} getoonde {word} is geen verschil met het gemiddelde "
                "aangetoond"
            )
        label = cb.label(org) if org in cb.organisations else str(org)
        mean = _num(t["overall"].iloc[0], decimals) + unit
        lines.append(f"- **{label}** (gemiddelde {mean}): " + "; ".join(parts) + ".")
    return "\n".join(lines)


# ============================================================================================
# The notebook's sections
# ============================================================================================
def show_header(report: SmallAreaReport) -> None:
    """The header (title, synthetic banner, parameters, data version); stops for partners."""
    from helpers.report._display import show_header as header
    from helpers.report._display import stop_report

    header(
        TITLE, report.parameters, waves=report.opened or report.waves, raw_root=report.wave.raw_root
    )
    if not report.applicable:
        stop_report(
            "Alleen asielzoekers wonen in een opvanglocatie; voor deze doelgroep is er niets te "
            "vergelijken.",
            report.key_figures_path,
        )


def method_section(report: SmallAreaReport) -> None:
    """How the estimates are made and read: window, borrowing strength, disclosure."""
    from helpers.report._display import show_text

    withheld = {
        g: int(report.estimates.loc[report.estimates["grouping"] == g, "group"].nunique())
        - int(_shown_rows(report, g)["group"].nunique())
        for g in report.shown
    }
    small = [f"{n} {GROUPINGS[g][1 if n != 1 else 0]}" for g, n in withheld.items() if n]
    text = [
        f"De schattingen gebruiken {_window_nl(report)}. Per groep staat naast het eigen "
        "(gewogen) gemiddelde de modelschatting met een 95%-betrouwbaarheidsinterval (95%-BI). "
        + BORROWING_NL,
        f"Groepen met minder dan {report.threshold} antwoorden tellen mee in het model, maar "
        "worden niet genoemd en krijgen geen eigen cijfer"
        + (f" (in deze rapportage: {join_nl(small)})." if small else "."),
    ]
    show_text("\n\n".join(text))


def _caterpillar(report: SmallAreaReport, grouping: str) -> None:
    from IPython.display import display

    from helpers.report._display import show_figure, show_text
    from helpers.report._small_area_plots import plot_caterpillar

    cb = load_codebook()
    rows = _shown_rows(report, grouping, "mean")
    rows = rows[rows["item"] == OVERALL_ITEM]
    if rows.empty:
        show_text(
            f"Geen enkele {GROUPINGS[grouping][0]} heeft genoeg antwoorden om getoond te worden."
        )
        return
    orgs = _org_order(report.wave, report.target_group, rows["organisation"])
    show_text(differences_nl(rows.set_index("organisation").loc[orgs].reset_index(), grouping))
    panels = {o: rows[rows["organisation"] == o] for o in orgs}
    titles = {o: cb.label(o) for o in orgs}
    fig = plot_caterpillar(
        panels,
        titles,
        xlabel="Totaaloordeel (1-5)",
        legend={
            "model": "modelschatting met 95%-BI",
            "differs": "wijkt aantoonbaar af van het gemiddelde",
            "direct": "eigen gemiddelde van de groep",
            "overall": "gemiddelde van alle groepen",
        },
    )
    show_figure(
        fig,
        f"Per organisatie de getoonde {GROUPINGS[grouping][1]} met modelschatting, interval en "
        "eigen gemiddelde van het totaaloordeel.",
    )
    shown = report.shown[grouping]
    table = shown.table[(shown.table["item"] == OVERALL_ITEM) & (shown.table["measure"] == "mean")]
    table = table.assign(verdict=table["code"].map(VERDICTS_NL).where(~table["suppressed"], ""))
    table = table.assign(_o=table["organisation"].map({o: i for i, o in enumerate(orgs)}))
    table = table.sort_values(["_o", "estimate"], ascending=[True, False]).drop(columns="_o")
    view = replace(shown, table=table[[*COLUMNS_NL, *FLAG_COLUMNS]].reset_index(drop=True))
    display(
        style_table(
            view,
            rename=COLUMNS_NL,
            decimals={"gamma": 2, "direct": 2, "estimate": 2, "ci_low": 2, "ci_high": 2},
            labels={"organisation": {o: cb.label(o) for o in orgs}},
        )
    )


def centres_section(report: SmallAreaReport) -> None:
    """Caterpillar chart and table of the reception centres (overall judgement)."""
    _caterpillar(report, "azc")


def nationalities_section(report: SmallAreaReport) -> None:
    """Caterpillar chart and table of the nationalities (overall judgement)."""
    _caterpillar(report, "nationaliteit")


def _names(rows: pd.DataFrame, code: str) -> str:
    """The groups of ``rows`` with verdict ``code`` as a Dutch enumeration, or a dash."""
    return join_nl(rows.loc[rows["code"] == code, "group"].astype(str).tolist()) or NO_VALUE_MARK


def aspects_table(report: SmallAreaReport) -> pd.DataFrame:
    """Per grouping, organisation and aspect: shown groups and the ones that differ (Dutch)."""
    cb = load_codebook()
    out = []
    for grouping, (_, many) in GROUPINGS.items():
        rows = _shown_rows(report, grouping, "share")
        for (org, item), t in rows.groupby(["organisation", "item"], sort=False):
            out.append(
                {
                    "Indeling": many,
                    "Organisatie": cb.label(org),
                    "Aspect": cb.label(item),
                    "Gemiddeld % positief": percent_nl(t["overall"].iloc[0]),
                    "Getoonde groepen": len(t),
                    "Hoger dan gemiddeld": _names(t, "above"),
                    "Lager dan gemiddeld": _names(t, "below"),
                }
            )
    return pd.DataFrame(out)


def aspects_section(report: SmallAreaReport) -> None:
    """Per aspect the % positive: which shown groups differ from the average with confidence."""
    from helpers.report._display import show_table, show_text

    table = aspects_table(report)
    if table.empty:
        show_text("Geen enkele groep heeft genoeg antwoorden op de aspecten om getoond te worden.")
        return
    flagged = int(
        (table[["Hoger dan gemiddeld", "Lager dan gemiddeld"]] != NO_VALUE_MARK).any(axis=1).sum()
    )
    show_text(
        f"Bij {flagged} van de {len(table)} combinaties van indeling, organisatie en aspect wijkt "
        "minstens één groep aantoonbaar af van het gemiddelde percentage positief (antwoord 4 "
        "of 5)."
    )
    show_table(table)


def shrinkage_table(report: SmallAreaReport) -> pd.DataFrame:
    """Per grouping and organisation: the range of the shrinkage factor over the shown groups and
    the spread between the groups (overall judgement)."""
    cb = load_codebook()
    out = []
    for grouping, (_, many) in GROUPINGS.items():
        rows = _shown_rows(report, grouping, "mean")
        rows = rows[rows["item"] == OVERALL_ITEM]
        for org in _org_order(report.wave, report.target_group, rows["organisation"]):
            t = rows[rows["organisation"] == org]
            model = report.estimates
            model = model[
                (model["grouping"] == grouping)
                & (model["organisation"] == org)
                & (model["item"] == OVERALL_ITEM)
            ]
            out.append(
                {
                    "Indeling": many,
                    "Organisatie": cb.label(org),
                    "Getoonde groepen": len(t),
                    "Krimpfactor laagste": format_number(t["gamma"].min(), 2),
                    "Krimpfactor hoogste": format_number(t["gamma"].max(), 2),
                    "Spreiding tussen groepen (sd)": format_number(
                        np.sqrt(model["sigma_u2"].iloc[0]), 2
                    ),
                }
            )
    return pd.DataFrame(out)


def shrinkage_section(report: SmallAreaReport) -> None:
    """The shrinkage factor: how much weight a group's own answers get."""
    from helpers.report._display import show_table, show_text

    show_text(
        "De **krimpfactor** (tussen 0 en 1) zegt hoeveel gewicht de eigen antwoorden van een groep "
        "krijgen: 1 betekent alleen de eigen antwoorden, 0 alleen het gemiddelde van alle groepen. "
        "Hij is hoger bij meer antwoorden en bij grotere echte verschillen tussen de groepen; is "
        "de spreiding tussen de groepen 0, dan krijgen alle groepen het gemiddelde."
    )
    table = shrinkage_table(report)
    if len(table):
        show_table(table)


def key_figures(report: SmallAreaReport) -> dict:
    """Numbers of the shown groups only: counts, flags, shrinkage, spread (flat dict, plus the
    wave and target group for the key-figure document)."""
    figures: dict = {"wave": report.wave.id, "target_group": report.target_group}
    figures |= {"waves_pooled": len(report.waves), "window": report.window}
    for grouping, protected in report.shown.items():
        figures[f"{grouping}.suppressed_complement"] = protected.n_secondary
        rows = _shown_rows(report, grouping)
        for (org, item, measure), t in rows.groupby(["organisation", "item", "measure"]):
            if item != OVERALL_ITEM:
                continue
            key = f"{grouping}.{org}.{item}.{measure}"
            figures |= {
                f"{key}.groups_shown": len(t),
                f"{key}.above": int((t["code"] == "above").sum()),
                f"{key}.below": int((t["code"] == "below").sum()),
                f"{key}.overall": float(t["overall"].iloc[0]),
                f"{key}.gamma_mean": float(t["gamma"].mean()),
                f"{key}.sigma_u": float(np.sqrt(t["sigma_u2"].iloc[0])),
            }
    return figures


def key_figures_section(report: SmallAreaReport) -> None:
    """Write the key figures (shown groups only) to the report's key-figure file."""
    from helpers.report._display import save_key_figures, show_text

    figures = key_figures(report)
    save_key_figures(report.key_figures_path, figures)
    shown = sum(len(_shown_rows(report, g)["group"].unique()) for g in report.shown)
    show_text(f"{len(figures) - 2} kerncijfers vastgelegd over {shown} getoonde groepen.")


# ============================================================================================
# The planner in the power report
# ============================================================================================
def centre_planner(
    wave: Wave,
    target_group: str = TARGET_GROUP,
    *,
    difference: float = 0.3,
    alpha: float = 0.05,
    power: float = 0.8,
    window: int = 4,
) -> pd.DataFrame:
    """Respondents per reception centre per year needed to tell a centre ``difference`` points
    below the average apart from it, directly and with pooling, per organisation.

    The spreads within and between centres and the design effect of the weights come from the
    overall judgement per centre over the ``window`` waves up to ``wave``
    (:func:`helpers.stats.small_area_estimates`); the sizes from
    :func:`helpers.stats.centre_sample_size`; ``attrs["centres"]`` is the number of centres
    in the data. Empty for a target group without centres.
    """
    if target_group != TARGET_GROUP:
        return pd.DataFrame()
    frame = window_frame(_window_waves(wave, window), target_group)
    frame = frame[frame["item"] == OVERALL_ITEM]
    est = small_area_estimates(
        frame, "azc", wave=wave.id, window=window, n_boot=100, min_n=DEFAULT_THRESHOLD
    )
    out = []
    for org in _org_order(wave, target_group, est["organisation"]):
        t = est[est["organisation"] == org]
        sigma_e, sigma_u = np.sqrt(t["sigma_e2"].iloc[0]), np.sqrt(t["sigma_u2"].iloc[0])
        deff = float(t["n"].sum() / t["n_eff"].sum())
        row = {"organisation": org, "sigma_e": sigma_e, "sigma_u": sigma_u, "deff": deff}
        if np.isfinite(sigma_e) and np.isfinite(sigma_u) and sigma_e > 0:
            size = centre_sample_size(
                difference, sigma_e, sigma_u, alpha=alpha, power=power, deff=deff
            )
            row |= {"direct": float(np.ceil(size.direct)), "pooled": float(np.ceil(size.pooled))}
        out.append(row)
    plan = pd.DataFrame(out)
    plan.attrs["centres"] = int(frame["azc"].nunique())
    return plan


def centre_planner_section(report, difference: float = 0.3) -> None:
    """For the power report: respondents per centre per year to spot a centre ``difference``
    points below the average, with and without borrowing strength: the report's ``centres``
    (:func:`centre_planner`, computed once when the report was built, so the table and the key
    figures are the same numbers), ``target_group`` and ``quarterly_n``."""
    from helpers.report._display import show_table, show_text

    if report.target_group != TARGET_GROUP:
        show_text("Alleen asielzoekers wonen in een opvanglocatie; hier niet van toepassing.")
        return
    plan = report.centres
    cb = load_codebook()
    d = _num(difference, 1)

    def size(x) -> str:
        return "niet haalbaar" if not np.isfinite(x) else format_number(x, 0)

    view = pd.DataFrame(
        {
            "Organisatie": [cb.label(o) for o in plan["organisation"]],
            "Spreiding binnen een locatie (sd)": [_num(x, 2) for x in plan["sigma_e"]],
            "Spreiding tussen locaties (sd)": [_num(x, 2) for x in plan["sigma_u"]],
            "Designeffect weging": [_num(x, 2) for x in plan["deff"]],
            "Nodig per locatie per jaar: eigen gemiddelde": [
                size(x) for x in plan.get("direct", pd.Series(np.nan, index=plan.index))
            ],
            "Nodig per locatie per jaar: met gegevens lenen": [
                size(x) for x in plan.get("pooled", pd.Series(np.nan, index=plan.index))
            ],
        }
    )
    show_text(
        f"Hoeveel beoordelaars per opvanglocatie per jaar zijn nodig om een locatie die {d} punt "
        "onder het gemiddelde totaaloordeel ligt daarvan te onderscheiden (tweezijdig, met het "
        "gekozen significantieniveau en de gekozen power)? Met het eigen gemiddelde van de "
        "locatie, en met het model dat gegevens leent van andere locaties: dat trekt een "
        "afwijkende locatie naar het gemiddelde en heeft daardoor meer beoordelaars nodig om "
        "haar aan te wijzen, in ruil voor minder vals alarm. De spreidingen komen uit de golven "
        "van het afgelopen jaar; is de spreiding tussen locaties 0, dan wijst het model nooit "
        'een locatie aan ("niet haalbaar").'
    )
    centres = plan.attrs.get("centres", 0)
    if centres:
        per_year = report.quarterly_n * 4
        show_text(
            f"Ter vergelijking: {format_number(per_year, 0)} asielzoekers per jaar over de "
            f"{centres} opvanglocaties in deze gegevens zijn gemiddeld ongeveer "
            f"{format_number(per_year / centres, 0)} per locatie."
        )
    show_table(view)

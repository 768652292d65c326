"""Charts of the cleaning report: why rows and cells were set aside, and the weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch


def reasons_chart(reasons: pd.DataFrame) -> Figure:
    """Horizontal bars: count per reason, coloured by action (from ``reason_table``)."""
    fig = Figure(figsize=(8, 0.45 * max(len(reasons), 2) + 1.2))
    ax = fig.subplots()
    colours = {"rij uitgesloten": "#b2182b", "cel leeg gemaakt": "#ef8a62", "gemarkeerd": "#999999"}
    if reasons.empty:
        ax.text(0.5, 0.5, "Geen afwijkingen gevonden", ha="center", va="center")
        ax.set_axis_off()
        return fig
    data = reasons.iloc[::-1]
    ax.barh(data["reden"], data["aantal"], color=[colours.get(a, "#666") for a in data["actie"]])
    for y, v in enumerate(data["aantal"]):
        ax.text(v, y, f" {v}", va="center")
    ax.set_xlabel("aantal")
    ax.set_title("Wat is terzijde gelegd of aangepast, en waarom")
    handles = [Patch(color=c, label=a) for a, c in colours.items() if a in set(data["actie"])]
    ax.legend(handles=handles, loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def weights_chart(respondents: pd.DataFrame) -> Figure:
    """Histogram of the weights per target group (mean 1 within each group)."""
    groups = sorted(respondents["target_group"].unique())
    fig = Figure(figsize=(8, 3.2))
    axes = np.atleast_1d(fig.subplots(1, len(groups), sharey=False))
    for ax, group in zip(axes, groups, strict=True):
        w = respondents.loc[respondents["target_group"] == group, "weight"].to_numpy(float)
        ax.hist(w, bins=20, color="#2166ac")
        ax.axvline(1.0, color="black", lw=1, ls="--")
        ax.set_title(group)
        ax.set_xlabel("gewicht")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel("aantal respondenten")
    fig.suptitle("Verdeling van de weegfactoren")
    fig.tight_layout()
    return fig

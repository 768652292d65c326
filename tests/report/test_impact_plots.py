"""Charts of helpers.report._impact_plots: what is drawn, not how it looks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers.errors import InputError  # noqa: E402
from helpers.report._impact_plots import importance_bars, quadrant_chart  # noqa: E402
from helpers.report._impact_text import QUADRANT_NAMES_NL  # noqa: E402
from helpers.stats import (  # noqa: E402
    bootstrap_importance,
    classify_quadrants,
    relative_importance,
    synthetic_data,
)

DRIVERS = [f"aspect_{i}" for i in range(1, 7)]
LABELS = {d: f"Aspect nummer {d[-1]}" for d in DRIVERS}


@pytest.fixture(scope="module")
def boot():
    df = synthetic_data(n=500, drivers=6, seed=12)
    return bootstrap_importance(df, "totaaloordeel", DRIVERS, "weight", B=200, seed=1)


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    def fail(*a, **k):
        raise AssertionError("plt.show called")

    monkeypatch.setattr(plt, "show", fail)
    yield
    plt.close("all")


def test_quadrant_chart_content(boot):
    quad = classify_quadrants(boot, stable_at=0.9)
    fig = quadrant_chart(quad, LABELS)
    assert isinstance(fig, Figure)
    assert fig.get_size_inches()[0] * fig.dpi == pytest.approx(800)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    for name in QUADRANT_NAMES_NL.values():
        assert name in texts
    for d in DRIVERS:
        assert LABELS[d] in texts
    # mean lines
    xs = [ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "--"]
    ys = [ln.get_ydata()[0] for ln in ax.lines if ln.get_linestyle() == "--"]
    assert np.isclose(xs, quad["impact"].mean()).any()
    assert np.isclose(ys, quad["performance"].mean()).any()
    # filled markers for stable, hollow (white face) for uncertain placements
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points) == len(DRIVERS)
    white = to_rgba("white")
    hollow = [tuple(c.get_facecolors()[0]) == white for c in points]
    assert hollow == list(~quad["stable"].to_numpy())
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(t.startswith("Stabiel") for t in legend)
    assert any(t.startswith("Onzeker") for t in legend)
    # whiskers in both directions
    segments = [
        seg for c in ax.collections if not isinstance(c, PathCollection) for seg in c.get_segments()
    ]
    horizontal = sum(
        np.isclose(s[0][1], s[1][1]) and not np.isclose(s[0][0], s[1][0]) for s in segments
    )
    vertical = sum(
        np.isclose(s[0][0], s[1][0]) and not np.isclose(s[0][1], s[1][1]) for s in segments
    )
    assert horizontal >= len(DRIVERS) and vertical >= len(DRIVERS)


def test_quadrant_chart_accepts_bootstrap_result(boot):
    fig = quadrant_chart(boot, title=None)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "aspect 1" in texts  # default label: item name without underscores
    assert "% positief" in fig.axes[0].get_ylabel()


def test_importance_bars(boot):
    fig = importance_bars(boot, LABELS)
    ax = fig.axes[0]
    widths = sorted(p.get_width() for p in ax.patches)
    np.testing.assert_allclose(widths, sorted(boot.table["lmg_share_pct"]))
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == LABELS[
        boot.table["lmg_share_pct"].idxmax()
    ]
    assert len(ax.collections) >= 1  # CI whiskers
    point_only = relative_importance(
        synthetic_data(200, 3), "totaaloordeel", DRIVERS[:3], methods="rw"
    )
    fig = importance_bars(point_only)
    assert len(fig.axes[0].patches) == 3 and "relatieve gewichten" in fig.axes[0].get_xlabel()
    with pytest.raises(InputError):
        importance_bars(point_only, method="lmg")

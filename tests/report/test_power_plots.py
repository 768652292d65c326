"""Charts of helpers.report._power_plots: Dutch labels, the plotted values, no pyplot state."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import stats as pw
from helpers.errors import InputError
from helpers.report import _power_plots as pp


def test_power_curve_lines_labels_and_values():
    fig = pp.plot_power_curve([0.1, 0.2, 0.3], 1.0, n_max=800)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Netto aantal respondenten per groep"
    assert ax.get_ylabel() == "Onderscheidend vermogen (power)"
    lines = ax.get_lines()
    labels = [line.get_label() for line in lines]
    assert labels == [
        "verschil 0,1 punt",
        "verschil 0,2 punt",
        "verschil 0,3 punt",
        "gewenst vermogen 0,8",
    ]
    x, y = lines[1].get_data()
    np.testing.assert_allclose(y, pw.power_two_means(0.2, 1.0, x))
    assert x.max() == pytest.approx(800)
    # power rises with n and with the difference
    assert np.all(np.diff(y) > 0)
    assert np.all(lines[2].get_ydata() >= lines[1].get_ydata())


def test_mde_curve_lines_labels_and_values():
    fig = pp.plot_mde_curve(1.1, deffs=[1, 1.5, 2], n_max=600)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Kleinste aantoonbare verschil (schaalpunten)"
    assert ax.get_xlabel() == "Netto aantal respondenten per groep"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["deff 1", "deff 1,5", "deff 2"]
    x, y = lines[1].get_data()
    np.testing.assert_allclose(y, pw.minimum_detectable_difference(x, 1.1, deff=1.5))
    # a larger design effect means a larger detectable difference
    assert np.all(lines[2].get_ydata() > lines[0].get_ydata())


def test_draws_into_a_given_axes_without_pyplot():
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    assert pp.plot_power_curve([0.25], 1.0, ax=ax1, power=None) is fig
    assert pp.plot_mde_curve(1.0, ax=ax2) is fig
    assert len(ax1.get_lines()) == 1


def test_module_does_not_use_pyplot():
    # a separate interpreter, as other tests in the session may have imported pyplot
    code = (
        "import sys, helpers.report._power_plots as pp\n"
        "pp.plot_power_curve([0.2], 1.0); pp.plot_mde_curve(1.0)\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr


def test_bad_input():
    with pytest.raises(InputError):
        pp.plot_power_curve([], 1.0)
    with pytest.raises(InputError):
        pp.plot_mde_curve(1.0, deffs=[])
    with pytest.raises(InputError):
        pp.plot_power_curve([0.2], 1.0, n_max=3)


def test_power_curve_starts_where_the_t_test_is_defined():
    # (n / deff) · 2 >= 3 needs n >= 1.5 · deff: with deff 37.5 (a wave of 20,000 in 30 centres)
    # the axis starts at 57, not at 5 (which raised "n too small")
    fig = pp.plot_power_curve([0.25], 1.0, n_max=1500, deff=37.5)
    x, y = fig.axes[0].get_lines()[0].get_data()
    assert x.min() == 57.0
    np.testing.assert_allclose(y, pw.power_two_means(0.25, 1.0, x, deff=37.5))


def test_mde_by_organisation_follows_the_planned_design_effect():
    import pandas as pd

    # a wave of 21,000 raters in 30 centres of 700, ICC 0.05: deff 35.95 at the wave's size
    design = pd.DataFrame(
        {
            "organisation": ["COA"],
            "sd": [1.0],
            "icc": [0.05],
            "mean_cluster_size_weighted": [700.0],
            "n_rated": [21000],
            "deff_weighting": [1.0],
            "deff": [1 + 699 * 0.05],
        }
    )
    fig = pp.plot_mde_by_organisation(design, n_max=1200)
    x, y = fig.axes[0].get_lines()[0].get_data()
    # at n the 30 centres hold n / 30 each (by hand: deff 1 + (n/30 - 1) 0.05 above 30)
    deff = 1 + (np.maximum(x / 30, 1) - 1) * 0.05
    np.testing.assert_allclose(y, pw.minimum_detectable_difference(x, 1.0, deff=deff))
    assert fig.axes[0].get_lines()[0].get_label() == "COA (deff 1-3)"


def test_mde_by_organisation_lines_dots_and_target():
    import pandas as pd

    design = pd.DataFrame(
        {
            "organisation": ["IND", "COA"],
            "sd": [1.0, 0.9],
            "deff": [1.3, 2.0],
            "n_rated": [150, 186],
        }
    )
    fig = pp.plot_mde_by_organisation(design, target_mde=0.25, n_max=800)
    lines = fig.axes[0].get_lines()
    curves = [
        ln for ln in lines if not ln.get_label().startswith("_") and "doel" not in ln.get_label()
    ]
    assert [ln.get_label() for ln in curves] == ["IND (deff 1,3)", "COA (deff 2)"]
    x, y = curves[1].get_data()
    np.testing.assert_allclose(y, pw.minimum_detectable_difference(x, 0.9, deff=2.0))
    dots = [ln for ln in lines if ln.get_label() == "_nolegend_"]
    assert dots[0].get_xdata()[0] == 150
    assert dots[0].get_ydata()[0] == pytest.approx(
        pw.minimum_detectable_difference(150, 1.0, deff=1.3)
    )
    assert any(ln.get_label() == "doel: 0,25 punt" for ln in lines)
    with pytest.raises(InputError):
        pp.plot_mde_by_organisation(design.assign(sd=np.nan))


def test_impact_agreement_panels_and_values():
    import pandas as pd

    sim = pd.DataFrame(
        {
            "organisation": ["IND"] * 4 + ["COA"] * 4,
            "n": [150, 150, 500, 500] * 2,
            "driver": ["a", "b"] * 4,
            "agreement": [0.6, 0.8, 0.9, 1.0, 0.5, 0.7, 0.8, 0.9],
            "agreement_all": [0.4, 0.4, 0.9, 0.9, 0.3, 0.3, 0.7, 0.7],
            "is_current": [True, True, False, False] * 2,
        }
    )
    fig = pp.plot_impact_agreement(sim)
    assert [ax.get_title() for ax in fig.axes] == ["IND", "COA"]
    mean_line = next(
        ln for ln in fig.axes[0].get_lines() if ln.get_label() == "gemiddeld over de aspecten"
    )
    np.testing.assert_allclose(mean_line.get_ydata(), [0.7, 0.95])
    with pytest.raises(InputError):
        pp.plot_impact_agreement(sim.iloc[:0])

"""Charts of helpers.power_plots: Dutch labels, the plotted values, no pyplot state."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import power as pw
from helpers import power_plots as pp
from helpers.errors import InputError


def test_power_curve_lines_labels_and_values():
    fig = pp.plot_power_curve([0.1, 0.2, 0.3], 1.0, n_max=800)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Netto aantal respondenten per groep"
    assert ax.get_ylabel() == "Onderscheidend vermogen (power)"
    lines = ax.get_lines()
    labels = [line.get_label() for line in lines]
    assert labels == ["verschil 0,1 punt", "verschil 0,2 punt", "verschil 0,3 punt",
                      "gewenst vermogen 0,8"]
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
    code = ("import sys, helpers.power_plots as pp\n"
            "pp.plot_power_curve([0.2], 1.0); pp.plot_mde_curve(1.0)\n"
            "assert 'matplotlib.pyplot' not in sys.modules\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr


def test_bad_input():
    with pytest.raises(InputError):
        pp.plot_power_curve([], 1.0)
    with pytest.raises(InputError):
        pp.plot_mde_curve(1.0, deffs=[])
    with pytest.raises(InputError):
        pp.plot_power_curve([0.2], 1.0, n_max=3)

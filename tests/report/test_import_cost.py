"""What a report module pulls in when a notebook imports it: nothing it does not need.

scipy.stats (0.7 s), seaborn (which imports scipy.stats) and statsmodels (1 s or more) were
imported by every notebook; the intervals need only scipy.special, the power report alone needs
statsmodels (when it computes, not when it is imported), and no chart needs seaborn's import.
"""

import subprocess
import sys

import pytest

HEAVY = ("scipy.stats", "seaborn", "statsmodels", "sklearn", "pyarrow.dataset")


@pytest.mark.parametrize(
    "module",
    ["summary", "cleaning", "descriptives", "impact", "power", "trends", "small_area", "context"],
)
def test_a_report_module_imports_no_heavy_library(module):
    code = (
        f"import sys, helpers.report.{module}\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []

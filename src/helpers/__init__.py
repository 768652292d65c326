"""Analysis helpers for the Kleine Keten customer-experience measurement.

All logic of the repository lives here; the notebooks only call into it.
"""

__version__ = "0.1.0"

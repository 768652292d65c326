"""Synthetic demo waves calibrated to the published figures of the 2017 pilot."""

from __future__ import annotations

from helpers.demo._generator import (
    write_demo,
)

__all__ = [
    "write_demo",
]

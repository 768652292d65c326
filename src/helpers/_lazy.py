"""Lazy public fronts: a subpackage exports its API without importing every private module.

``from helpers.stats import survey_estimate`` then imports ``helpers.stats._survey`` only, not the
power or impact modules (statsmodels, scipy): the command line and a notebook's first cell stay
light. The mechanism is PEP 562 (a module's ``__getattr__`` and ``__dir__``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence


def lazy_front(
    package: str, exports: Mapping[str, Sequence[str]]
) -> tuple[list[str], Callable[[str], object], Callable[[], list[str]]]:
    """``__all__``, ``__getattr__`` and ``__dir__`` of a package whose names live in modules.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping
        Private module name (``"_survey"``) -> the public names it defines.

    Raises
    ------
    ValueError
        A name listed under two modules (one would shadow the other).

    Examples
    --------
    >>> all_, getattr_, dir_ = lazy_front("helpers", {"errors": ["InputError"]})
    >>> all_, getattr_("InputError").__name__
    (['InputError'], 'InputError')
    """
    where: dict[str, str] = {}
    for module, names in exports.items():
        for name in names:
            if name in where:
                raise ValueError(f"{package}: {name} is exported by {where[name]} and {module}")
            where[name] = module
    public = sorted(where)

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{where[name]}"), name)

    def __dir__() -> list[str]:
        return public

    return public, __getattr__, __dir__

"""Thin command-line layers over the library modules; see ``helpers.__main__``."""

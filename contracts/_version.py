"""The installed version of specpact; one definition, in specdiff (the lower layer)."""

from specdiff._version import version

__all__ = ["version"]

"""The package's base exception; every error meant for a user derives from it."""

from __future__ import annotations


class NotifierError(Exception):
    """An error whose message tells the user what to fix."""

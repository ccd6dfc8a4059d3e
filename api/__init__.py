"""The read-only HTTP API: ``create_app(store, settings)``."""

from .app import create_app

__all__ = ["create_app"]

"""The ASGI service: ``create_app`` builds it, one routes module per feature."""

from .app import create_app

__all__ = ["create_app"]

"""The JSON API (FastAPI) under /api/v1 and the app factory that also mounts the web pages."""

from chainatlas.api.app import create_app

__all__ = ["create_app"]

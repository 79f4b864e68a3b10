"""The JSON API (FastAPI) under /api/v1; `chainatlas.server` builds the app that serves it with the pages."""

"""Web pages (Chinese first, English switch): templates, static files and their routes."""

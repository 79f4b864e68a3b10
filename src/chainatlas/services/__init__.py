"""Use cases, one module per capability; transactions live here."""

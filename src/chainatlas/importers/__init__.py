"""Registry importers: parse → validate → row errors. No database access here."""

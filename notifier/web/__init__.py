"""The web adapter: the calendar feeds, the harmonogram page and a JSON API (FastAPI)."""

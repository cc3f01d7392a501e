"""kzstats: coded incidents of political persecution in Kazakhstan, cleaned and counted."""
__version__ = "0.1.0"

"""The HTTP API: ``create_app`` builds the FastAPI application (``mandate_lineage.serve`` runs it)."""

from mandate_lineage.api.app import create_app

__all__ = ["create_app"]

"""Dependencies as ``Annotated`` aliases: settings, the store opened by the lifespan, services.

Tests override ``get_settings`` with ``app.dependency_overrides``; the lifespan reads the same
override (``resolve_settings``) so the store it opens is the one the tests asked for.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from mandate_lineage.config import Settings
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries.lineage import LineageService


@lru_cache
def get_settings() -> Settings:
    """Settings from the environment, built on first use (never at import)."""
    return Settings.from_env()


def resolve_settings(app: FastAPI) -> Settings:
    """The settings ``app`` runs with: the override a test or ``create_app`` set, else the environment."""
    return app.dependency_overrides.get(get_settings, get_settings)()


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]


def get_lineage_service(store: StoreDep) -> LineageService:
    return LineageService(store)


LineageDep = Annotated[LineageService, Depends(get_lineage_service)]

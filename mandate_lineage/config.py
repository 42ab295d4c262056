"""Settings from options and the environment, and the one place a store is opened."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from mandate_lineage.errors import ConfigError
from mandate_lineage.graph.store import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_MS, GraphStore

BACKENDS = ("embedded", "neo4j")


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("mandate-lineage")) / "embedded"


@dataclass(frozen=True)
class Settings:
    store: str = "embedded"
    data_dir: Path = field(default_factory=default_data_dir)
    graph: str = "mandates"
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str | None = None
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    row_cap: int = DEFAULT_ROW_CAP

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "Settings":
        """Environment first, then explicit overrides (CLI options); ``None`` overrides are ignored."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("MANDATES_STORE"):
            values["store"] = env["MANDATES_STORE"]
        if env.get("MANDATES_DATA_DIR"):
            values["data_dir"] = Path(env["MANDATES_DATA_DIR"])
        if env.get("MANDATES_GRAPH"):
            values["graph"] = env["MANDATES_GRAPH"]
        for name, var in (("neo4j_uri", "NEO4J_URI"), ("neo4j_user", "NEO4J_USER"),
                          ("neo4j_password", "NEO4J_PASSWORD"), ("neo4j_database", "NEO4J_DATABASE")):
            if env.get(var):
                values[name] = env[var]
        for name, var in (("timeout_ms", "MANDATES_QUERY_TIMEOUT_MS"), ("row_cap", "MANDATES_ROW_CAP")):
            if env.get(var):
                try:
                    values[name] = int(env[var])
                except ValueError:
                    raise ConfigError(f"{var} must be an integer, got {env[var]!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "data_dir" in values:
            values["data_dir"] = Path(str(values["data_dir"])).expanduser()
        settings = cls(**values)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        if self.store not in BACKENDS:
            raise ConfigError(f"unknown store {self.store!r}; choose one of {', '.join(BACKENDS)}")
        if self.store == "neo4j" and not self.neo4j_uri:
            raise ConfigError("the neo4j store needs NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD)")
        if self.timeout_ms <= 0 or self.row_cap <= 0:
            raise ConfigError("query timeout and row cap must be positive")

    def with_(self, **changes: object) -> "Settings":
        return replace(self, **changes)  # type: ignore[arg-type]


def make_store(settings: Settings) -> GraphStore:
    """The store the settings name, not yet opened (no I/O)."""
    if settings.store == "neo4j":
        from mandate_lineage.graph.neo4j_store import Neo4jStore

        assert settings.neo4j_uri
        return Neo4jStore(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password,
                          settings.neo4j_database, default_timeout_ms=settings.timeout_ms)
    from mandate_lineage.graph.falkordb_store import FalkorDBStore

    return FalkorDBStore(settings.data_dir, settings.graph, default_timeout_ms=settings.timeout_ms)


def open_store(settings: Settings, *, setup: bool = True) -> GraphStore:
    """Open (start the embedded server if needed) and make sure the schema is set up."""
    store = make_store(settings)
    store.open()
    if setup:
        store.setup_schema()
    return store

"""One exception root; the library raises, each interface translates (CLI line, HTTP status)."""


class MandatesError(Exception):
    """Root of every error this project raises on purpose."""


class ConfigError(MandatesError):
    """A setting or option has a value we cannot use."""


class SchemaError(MandatesError):
    """A write names a label, relationship type, pattern or property the schema does not declare."""


class StoreError(MandatesError):
    """The graph store failed or refused an operation."""


class StoreUnavailable(StoreError):
    """The store could not be reached or started."""


class ReadOnlyViolation(StoreError):
    """A write was sent through the read-only path; the backend refused it."""


class QueryTimeout(StoreError):
    """A query ran past its time limit and was stopped."""


class QueryError(StoreError):
    """The backend rejected a query (syntax, semantics, bad parameter)."""


class IngestError(MandatesError):
    """A document could not be ingested (bad input: empty, binary, undecodable, oversized)."""


class NotFound(MandatesError):
    """A node, document or activity that was asked for does not exist."""

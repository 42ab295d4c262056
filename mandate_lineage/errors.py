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


class Ambiguous(NotFound):
    """What was asked for names several nodes; ``candidates`` lists them (never one picked silently).

    A NotFound too, so code that only knows "no single node" keeps working; the API answers 409.
    """

    def __init__(self, message: str, candidates: list[dict]) -> None:
        super().__init__(message)
        self.candidates = candidates

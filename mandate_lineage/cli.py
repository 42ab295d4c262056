"""The ``mandates`` command: one group, shared options defined once, errors as one line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from mandate_lineage.config import BACKENDS, Settings, open_store
from mandate_lineage.errors import ConfigError, MandatesError
from mandate_lineage.output import format_rows

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Group(click.Group):
    """Turns every error into one line on stderr and a non-zero exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MandatesError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except click.UsageError as exc:
            # click prints usage over several lines; keep the promise of one clear line
            message = " ".join(exc.format_message().split())
            command = f" {exc.ctx.info_name}" if exc.ctx and exc.ctx.parent else ""
            click.echo(f"Error: {message} (see 'mandates{command} -h')", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except OSError as exc:  # a read-only or full disk, a folder that cannot be made: say which
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(1)
        except Exception as exc:  # noqa: BLE001 - the promise is "never a traceback"
            if os.environ.get("MANDATES_DEBUG"):
                raise
            click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (set MANDATES_DEBUG=1 for a traceback)", err=True)
            ctx.exit(2)


@click.group(cls=Group, context_settings=CONTEXT)
@click.option("--store", type=click.Choice(BACKENDS), default=None, envvar="MANDATES_STORE", show_envvar=True,
              help="Graph backend [default: embedded].")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              envvar="MANDATES_DATA_DIR", show_envvar=True,
              help="Data directory of the embedded store [default: the user's data directory].")
@click.version_option(package_name="mandate-lineage", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, store: str | None, data_dir: str | None) -> None:
    """mandate-lineage: where did this mandate come from?

    Ingest resolutions, programs and work plans into a graph of mandates, then ask for the
    lineage of an activity, with the sentence behind every link.
    """
    if data_dir is not None and not data_dir.strip():  # Path("") is the current folder: never meant
        raise ConfigError("--data-dir is empty; name a folder, or leave the option out for the default")
    ctx.obj = {"store": store, "data_dir": Path(data_dir) if data_dir is not None else None}


def settings_from(ctx: click.Context) -> Settings:
    return Settings.from_env(**ctx.find_root().obj)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Show the backend, where the data lives and counts by label and relationship type."""
    from mandate_lineage.ingest.reuse.basis import read_basis

    settings = settings_from(ctx)
    with open_store(settings) as store:
        counts = store.counts()
        info = store.describe()
        basis = read_basis(store)
    if as_json:
        click.echo(json.dumps({**info, "nodes": counts.nodes, "relationships": counts.relationships,
                               "nodesByLabel": counts.nodes_by_label,
                               "relationshipsByType": counts.relationships_by_type,
                               "reuseWeights": basis.summary() if basis else "store-wide"}, indent=2))
        return
    for name, value in info.items():
        click.echo(f"{name:<14}{value}")
    click.echo(f"{'reuse weights':<14}{_basis_line(basis)}")
    click.echo(f"{'nodes':<14}{counts.nodes}")
    for label, count in sorted(counts.nodes_by_label.items()):
        click.echo(f"  {label:<22}{count:>8}")
    click.echo(f"{'relationships':<14}{counts.relationships}")
    for type_, count in sorted(counts.relationships_by_type.items()):
        click.echo(f"  {type_:<22}{count:>8}")


def _parse_param(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise ConfigError(f"--param needs NAME=VALUE, got {text!r}")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw  # a bare word is a string
    return name, value


@cli.command(context_settings=CONTEXT)
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Query parameter; VALUE is read as JSON when it parses, else as a string. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--timeout", "timeout_ms", type=click.IntRange(1, 60_000), default=None,
              help="Query time limit in milliseconds [default: 30000].")
@click.option("--limit", "row_cap", type=click.IntRange(1), default=None, help="Row cap [default: 10000].")
@click.pass_context
def cypher(ctx: click.Context, query: str, params: tuple[str, ...], fmt: str, timeout_ms: int | None,
           row_cap: int | None) -> None:
    """Run a read-only Cypher QUERY; the database refuses any write."""
    settings = settings_from(ctx)
    parameters = dict(_parse_param(p) for p in params)
    with open_store(settings) as store:
        result = store.adhoc_read(query, parameters, timeout_ms=timeout_ms or settings.timeout_ms,
                                  row_cap=row_cap or settings.row_cap)
    click.echo(format_rows(result.columns, result.rows, fmt), nl=False)
    if result.truncated:
        click.echo(f"(truncated at {row_cap or settings.row_cap} rows)", err=True)


@cli.command(context_settings=CONTEXT)
@click.pass_context
def stop(ctx: click.Context) -> None:
    """Stop the embedded database server of the data directory."""
    settings = settings_from(ctx)
    if settings.store != "embedded":
        raise ConfigError("stop applies to the embedded store only")
    from mandate_lineage.graph.embedded_server import EmbeddedServer

    server = EmbeddedServer(settings.data_dir)
    pid = server.pid()
    if server.stop():
        click.echo(f"Stopped the embedded server{f' (pid {pid})' if pid else ''} of {server.data_dir}.")
    else:
        click.echo(f"No embedded server was running for {server.data_dir}.")


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--max-bytes", type=click.IntRange(1), default=None,
              help="Refuse files larger than this [default: 20 MiB].")
@click.option("--force", is_flag=True, help="Rewrite documents even if their content is unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="Leave warnings out of the summary.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, max_bytes: int | None, force: bool,
           quiet: bool) -> None:
    """Ingest PATHS (files or folders; default: the bundled corpus) into the graph.

    Each document is written whole or not at all; a file that cannot be read is reported on one
    line and the others still load. Re-running on the same files changes nothing. Exits
    non-zero if any file failed.
    """
    from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
    from mandate_lineage.ingest.readers.sources import DEFAULT_MAX_BYTES
    from mandate_lineage.ingest_report import Progress, summary_json, summary_text

    settings = settings_from(ctx)
    targets = list(paths) or [bundled_corpus()]
    with open_store(settings) as store:
        report = ingest_paths(targets, store, max_bytes=max_bytes or DEFAULT_MAX_BYTES, force=force,
                              progress=None if as_json else Progress())
    if as_json:
        click.echo(json.dumps(summary_json(report), indent=2))
    else:
        click.echo(summary_text(report, show_warnings=not quiet), nl=False)
    for failed in report.failed:
        click.echo(f"Error: {failed.error}", err=True)
    if report.failed:
        ctx.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("target")
@click.option("--direction", type=click.Choice(["upstream", "downstream"]), default="upstream", show_default=True)
@click.option("--depth", type=click.IntRange(1), default=8, show_default=True,
              help="Steps to follow (capped at 12; the answer says when it was cut).")
@click.option("--limit", type=click.IntRange(1, 2000), default=250, show_default=True,
              help="Most nodes to show, nearest first (the answer says when some were left out).")
@click.option("--program", default=None, help="For 'activity N': the program (key, year or title).")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON instead of a tree.")
@click.option("--no-quotes", is_flag=True, help="Leave the quotes out of the tree.")
@click.option("--structure", is_flag=True, help="Downstream: also list parts reached only as structure.")
@click.pass_context
def lineage(ctx: click.Context, target: str, direction: str, depth: int, limit: int, program: str | None,
            as_json: bool, no_quotes: bool, structure: bool) -> None:
    """Where TARGET came from (or what it led to), with the quote behind every hop.

    TARGET is a node id (oas:program-migrants-2016#act-28), "activity 28" or "activity 4 of the
    2005 program", a symbol in any spacing ("ag/res 2141"), a paragraph ("op. 7 of AG/RES. 2027"),
    a summit or its place ("Second Summit", "Santiago"), or a body's name or acronym ("IACHR").
    When it names several nodes, they are listed (key and description) and nothing is guessed.
    """
    from mandate_lineage.lineage_view import render_tree
    from mandate_lineage.queries.lineage import LineageService

    settings = settings_from(ctx)
    with open_store(settings, setup=False) as store:
        service = LineageService(store)
        key = _resolve_or_list(ctx, service, target, program)
        answer = service.lineage(key, direction=direction, depth=depth, limit=limit).as_json()
    if as_json:
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False, default=str))
    else:
        width = click.get_terminal_size()[0] if sys.stdout.isatty() else 100
        click.echo(render_tree(answer, width=width, quotes=not no_quotes, structure=structure or None), nl=False)


def _resolve_or_list(ctx: click.Context, service: Any, target: str, program: str | None) -> str:
    """The key TARGET names; when it names several, list them on stderr and exit 1."""
    from mandate_lineage.errors import Ambiguous
    from mandate_lineage.lineage_view import candidates_text, resolve_target

    try:
        return resolve_target(service, target, program)
    except Ambiguous as exc:
        click.echo(candidates_text(exc), err=True, nl=False)
        ctx.exit(1)
        raise  # unreachable: ctx.exit raises


@cli.command(context_settings=CONTEXT)
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON.")
@click.option("--all", "show_repeated", is_flag=True, help="Also list the paragraphs repeated word for word.")
@click.pass_context
def changes(ctx: click.Context, target: str, as_json: bool, show_repeated: bool) -> None:
    """What changed in TARGET since the previous resolution of its series: each paragraph new,
    repeated or amended (with a word-level diff: [-removed-] {+added+}).

    TARGET is a document id (un:a-res-80-100) or a symbol (A/RES/80/100).
    """
    from mandate_lineage.lineage_view import resolve_target
    from mandate_lineage.queries.lineage import LineageService
    from mandate_lineage.queries.series import changes as series_changes
    from mandate_lineage.series_view import render_changes

    with open_store(settings_from(ctx), setup=False) as store:
        answer = series_changes(store, resolve_target(LineageService(store), target))
    if as_json:
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        click.echo(render_changes(answer, show_repeated=show_repeated), nl=False)


@cli.command("first-appearance", context_settings=CONTEXT)
@click.argument("paragraph")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON.")
@click.pass_context
def first_appearance(ctx: click.Context, paragraph: str, as_json: bool) -> None:
    """Where PARAGRAPH (a paragraph id such as un:a-res-80-100#op-1) first appeared."""
    from mandate_lineage.queries.series import first_appearance as find_first
    from mandate_lineage.series_view import render_first_appearance

    with open_store(settings_from(ctx), setup=False) as store:
        answer = find_first(store, paragraph)
    if as_json:
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        click.echo(render_first_appearance(answer), nl=False)


_HOST_HELP = ("Interface to listen on; loopback by default. Any other (0.0.0.0 exposes the API to your "
              "network) needs MANDATES_API_KEY, which every route then requires.")


@cli.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help=_HOST_HELP)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes sharing the port [default: $MANDATES_WORKERS, else one per core].")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int | None) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs) until interrupted."""
    from mandate_lineage.serve import serve as run_server

    run_server(settings_from(ctx), host=host, port=port, workers=workers)


@cli.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help=_HOST_HELP)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.pass_context
def up(ctx: click.Context, host: str, port: int) -> None:
    """Ingest the bundled corpus if the store holds no document yet, then serve the API."""
    from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
    from mandate_lineage.ingest_report import Progress, summary_text
    from mandate_lineage.serve import check_exposure
    from mandate_lineage.serve import serve as run_server

    check_exposure(host)  # before the ingest, not after it
    settings = settings_from(ctx)
    with open_store(settings) as store:
        documents = store.read("MATCH (d:Document) RETURN count(d)").rows[0][0]
        if documents == 0:
            click.echo("The store is empty: ingesting the bundled sample corpus ...", err=True)
            report = ingest_paths([bundled_corpus()], store, progress=Progress())
            click.echo(summary_text(report, show_warnings=False), err=True, nl=False)
        else:
            click.echo(f"The store holds {documents} documents; serving them.", err=True)
    click.echo(f"Try: curl http://{host}:{port}/activities/28/lineage   or open http://{host}:{port}/docs", err=True)
    run_server(settings, host=host, port=port)


@cli.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["graphml", "json", "csv", "cypher"]), required=True,
              help="graphml (Gephi, yEd), json (networkx node-link), csv (neo4j-admin import), cypher (a script).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (a directory for csv) [default: mandates.<format> / mandates-csv/].")
@click.pass_context
def export(ctx: click.Context, fmt: str, out: Path | None) -> None:
    """Write the whole graph in another format, with every property and the evidence on edges."""
    from mandate_lineage.graph.export import export as run_export

    target = out or Path("mandates-csv" if fmt == "csv" else f"mandates.{'cypher' if fmt == 'cypher' else fmt}")
    with open_store(settings_from(ctx), setup=False) as store:
        summary = run_export(store, fmt, target)
    click.echo(f"Wrote {summary.nodes} nodes and {summary.relationships} relationships as {fmt} to {summary.out}")


@cli.command(context_settings=CONTEXT)
@click.argument("query")
@click.option("--label", default=None, help="Only nodes with this label (Activity, Paragraph, Resolution, Body, Summit ...).")
@click.option("--body", default=None, help="Only nodes linked to this body (key, name or acronym) or from its documents.")
@click.option("--from", "date_from", default=None, metavar="DATE", help="Dated on or after (2005, 2005-06, 2005-06-07).")
@click.option("--to", "date_to", default=None, metavar="DATE", help="Dated on or before.")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Results to skip (paging).")
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True, help="Results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON.")
@click.pass_context
def search(ctx: click.Context, query: str, label: str | None, body: str | None, date_from: str | None,
           date_to: str | None, offset: int, limit: int, as_json: bool) -> None:
    """Find paragraphs, instruments, summits and bodies holding every word of QUERY, best first.

    Words match in any order and with any ending ("migrants" finds "migrant"), e.g.
    mandates search "Vienna Convention consular assistance".
    """
    from mandate_lineage.output import format_search
    from mandate_lineage.queries.search import search as run_search

    with open_store(settings_from(ctx), setup=False) as store:
        answer = run_search(store, query, label=label, body=body, date_from=date_from, date_to=date_to,
                            offset=offset, limit=limit)
    if as_json:
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        width = click.get_terminal_size()[0] if sys.stdout.isatty() else 100
        click.echo(format_search(answer, width=width), nl=False)


@cli.command("schema", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON (GET /schema).")
def schema_command(as_json: bool) -> None:
    """The map for writing Cypher: labels and their properties, relationship types with their
    direction and meaning, the evidence on every link, an example query for each."""
    from mandate_lineage.graph.schema_map import format_schema, schema_map

    data = schema_map()
    click.echo(json.dumps(data, indent=2, ensure_ascii=False) if as_json else format_schema(data))


@cli.command(context_settings=CONTEXT)
@click.argument("document")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@click.pass_context
def remove(ctx: click.Context, document: str, yes: bool, as_json: bool) -> None:
    """Remove an ingested DOCUMENT (its key, symbol or file name): its paragraphs and the links it
    made. What other documents still cite stays, as a stub; text reuse is computed again, so the
    graph is the one an ingest without the document gives."""
    from mandate_lineage.ingest.removal import find_document, remove_document

    with open_store(settings_from(ctx)) as store:
        key, name = find_document(store, document)
        if not yes and sys.stdin.isatty():
            click.confirm(f"Remove {key} ({name})?", abort=True, err=True)
        removal = remove_document(store, key)
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps(asdict(removal), indent=2, ensure_ascii=False))
    else:
        click.echo(removal.summary())


@cli.group(cls=Group, context_settings=CONTEXT)
def reuse() -> None:
    """Text-reuse weights: the store's own (every ingest recomputes every ECHOES link) or frozen
    (an ingest compares its own paragraphs and their neighbours only, whatever the store's size)."""


def _basis_line(basis: Any) -> str:
    if basis is None:
        return "store-wide: every ingest recomputes every text-reuse link"
    return (f"frozen {basis.made} from {basis.documents} documents ({basis.paragraphs} paragraphs, "
            f"{len(basis.terms)} terms, {len(basis.formulas)} formulas): an ingest compares its own paragraphs")


@reuse.command("show", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def reuse_show(ctx: click.Context, as_json: bool) -> None:
    """Say whether the store's text-reuse weights are frozen, and from what."""
    from mandate_lineage.ingest.reuse.basis import read_basis

    with open_store(settings_from(ctx)) as store:
        basis = read_basis(store)
    if as_json:
        click.echo(json.dumps({"frozen": basis is not None, **(basis.summary() if basis else {})}, indent=2))
    else:
        click.echo(_basis_line(basis))


@reuse.command("freeze", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@click.pass_context
def reuse_freeze(ctx: click.Context, as_json: bool) -> None:
    """Freeze the text-reuse weights and formulas from the documents stored now (again, if frozen
    before) and recompute every ECHOES link with them once. From then on an ingest's cost does not
    grow with the store, and the links are the same whatever the split of files into runs. Freeze
    again when the store has changed much (the weights of words it did not hold are estimated)."""
    from mandate_lineage.ingest.reuse.echoes import freeze_reuse

    with open_store(settings_from(ctx)) as store:
        click.echo("Freezing the weights of the stored paragraphs and recomputing every text-reuse link ...", err=True)
        basis, written, deleted = freeze_reuse(store)
    if as_json:
        click.echo(json.dumps({**basis.summary(), "linksWritten": written, "linksDeleted": deleted}, indent=2))
    else:
        click.echo(f"{_basis_line(basis)}; {written} links written, {deleted} removed")


@reuse.command("unfreeze", context_settings=CONTEXT)
@click.pass_context
def reuse_unfreeze(ctx: click.Context) -> None:
    """Go back to store-wide weights and recompute every ECHOES link with them (every ingest then
    recomputes every link again)."""
    from mandate_lineage.ingest.reuse.echoes import unfreeze_reuse

    with open_store(settings_from(ctx)) as store:
        had, written, deleted = unfreeze_reuse(store)
    state = "unfrozen" if had else "were not frozen"
    click.echo(f"Text-reuse weights {state}: store-wide; {written} links written, {deleted} removed")


def main() -> None:
    cli(prog_name="mandates")


if __name__ == "__main__":
    sys.exit(main())

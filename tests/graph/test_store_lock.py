"""The store lock the text-reuse pass runs under (issue 13, item 6), on both backends: passes of
concurrent runs take turns, and a holder killed with SIGKILL does not leave the lock taken.
(Embedded: a lock file in the private data dir; Neo4j: a transaction holding a lock node.)"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from mandate_lineage.config import open_store
from mandate_lineage.graph.neo4j_store import LOCK_LABEL
from tests.conftest import settings_for


def test_a_second_holder_waits_for_the_first(backend: str, embedded_dir: Path) -> None:
    with open_store(settings_for(backend, embedded_dir, graph="lock-a")) as a, \
            open_store(settings_for(backend, embedded_dir, graph="lock-a")) as b:
        order: list[str] = []

        def second() -> None:
            with b.exclusive("reuse"):
                order.append("second in")

        with a.exclusive("reuse"):
            order.append("first in")
            thread = threading.Thread(target=second)
            thread.start()
            time.sleep(0.5)
            assert order == ["first in"], "the second holder did not wait"
            order.append("first out")
        thread.join(timeout=10)
        assert order == ["first in", "first out", "second in"]
        with a.exclusive("other"), b.exclusive("reuse"):
            pass  # locks of other names are independent
        assert a.read(f"MATCH (n:{LOCK_LABEL}) RETURN count(n)").rows == [[0]], "the lock left a node in the graph"


def test_a_holder_killed_by_sigkill_releases_the_lock(backend: str, embedded_dir: Path) -> None:
    settings = settings_for(backend, embedded_dir, graph="lock-b")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import json, time
        from mandate_lineage.config import Settings, open_store
        store = open_store(Settings(**json.loads({json.dumps(settings_fields(settings))!r})))
        with store.exclusive("reuse"):
            print("held", flush=True)
            time.sleep(120)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with open_store(settings) as store:
            got = threading.Event()

            def wait_for_it() -> None:
                with store.exclusive("reuse"):
                    got.set()

            waiter = threading.Thread(target=wait_for_it, daemon=True)
            waiter.start()
            assert not got.wait(0.5), "the lock was not held by the child"
            os.kill(holder.pid, signal.SIGKILL)
            assert got.wait(30), "the lock of a killed holder was not released"
            waiter.join(timeout=10)
    finally:
        if holder.poll() is None:
            os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)


def settings_fields(settings: object) -> dict[str, object]:
    """The settings as JSON-able fields, to rebuild them in a child process."""
    import dataclasses

    return {f.name: (str(v) if isinstance(v := getattr(settings, f.name), Path) else v)
            for f in dataclasses.fields(settings) if f.init}

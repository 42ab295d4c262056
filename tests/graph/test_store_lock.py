"""The store lock the text-reuse pass runs under (issue 13, item 6): passes of concurrent runs take
turns, and a holder killed with SIGKILL does not leave the lock taken."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from mandate_lineage.config import open_store
from mandate_lineage.graph.falkordb_store import FalkorDBStore
from tests.conftest import settings_for


def test_a_second_holder_waits_for_the_first(embedded_dir: Path) -> None:
    with open_store(settings_for("embedded", embedded_dir, graph="lock-a")) as a, \
            open_store(settings_for("embedded", embedded_dir, graph="lock-a")) as b:
        assert isinstance(a, FalkorDBStore)
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


def test_a_holder_killed_by_sigkill_releases_the_lock(embedded_dir: Path) -> None:
    settings = settings_for("embedded", embedded_dir, graph="lock-b")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from mandate_lineage.graph.falkordb_store import FalkorDBStore
        store = FalkorDBStore({str(embedded_dir)!r}, graph="lock-b")
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
            assert got.wait(10), "the lock of a killed holder was not released"
    finally:
        if holder.poll() is None:
            os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)

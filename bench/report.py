"""What the benchmark scripts share: the peak memory of a process and the JSON they end with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def vm_hwm_kib(pid: int | None) -> int | None:
    """Peak resident set of a live process (``VmHWM``), in KiB; None when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, TypeError, ValueError):
        pass
    return None


def emit_json(results: Any, out: Path | None) -> None:
    """Print ``results`` as indented JSON, and write it to ``out`` when given."""
    text = json.dumps(results, indent=1)
    print(text)
    if out:
        out.write_text(text + "\n")

"""PDF ingest against the floor of the chosen library's bare text extraction, and a library comparison.

    python bench/bench_pdf.py --repeats 3 --out /tmp/bench_pdf.json
    python bench/bench_pdf.py --compare 40          # also pdfplumber vs pypdfium2 on 40 files

Every phase runs in a child process of its own (peak RSS from ``wait4``), alternately, over the same
files (default: the 574 UN resolutions of ``../shared/realworld/un-ga-79`` and ``un-ga-80``):

* **floor**: pypdfium2's bare text extraction: open each PDF, ``get_text_range()`` of every page;
* **reader**: ``read_source`` of every file (the PDF reader with its layout work), no parsing;
* **ingest**: ``mandates --data-dir D ingest <folders> --json`` on a fresh data directory, as a user
  runs it (store server start, parse, build, writes, text reuse); wall time, peak RSS of the CLI
  process tree's largest process and the database server's ``VmHWM``.

Medians over ``--repeats``; MB of PDF per second and documents per second of each; the ratio of
each rate to the floor's (target for the ingest: >= 1/3).

``--compare N`` adds, on the first N files, pdfplumber (pdfminer.six) ``extract_text`` and the
per-character access the layout needs (``page.chars``), against pypdfium2's text and our reader;
and a text-quality check: lines read by hand from the rendered pages (``HAND_READ``), counted
present verbatim (white space collapsed) in each library's plain text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import emit_json, vm_hwm_kib

REPO = Path(__file__).resolve().parents[1]
REALWORLD = REPO.parent / "shared" / "realworld"
TARGET_RATIO = 1 / 3

# Lines read by eye from pages rendered to images (pypdfium2 render, 1.4x): (file, page, line).
# Superscript markers are written as the digits they are, glued as printed.
HAND_READ: list[tuple[str, int, str]] = [
    ("un-ga-79/A_RES_79_217.pdf", 1, "79/217. International migration and development"),
    ("un-ga-79/A_RES_79_217.pdf", 1, "[on the report of the Second Committee (A/79/439/Add.2, para. 6)]"),
    ("un-ga-79/A_RES_79_217.pdf", 1, "Recalling its resolutions 58/208 of 23 December 2003, 59/241 of 22 December"),
    ("un-ga-79/A_RES_79_217.pdf", 1, "of 20 June 2008 on the Global Forum on Migration and Development, and recalling also"),
    ("un-ga-79/A_RES_79_217.pdf", 1, "Development1 and Commission on Population and Development resolutions 2006/2 of"),
    ("un-ga-79/A_RES_79_217.pdf", 1, "10 May 2006,2 2008/1 of 11 April 2008,3 2013/1 of 26 April 20134 and 2014/1 of"),
    ("un-ga-79/A_RES_79_217.pdf", 1, "11 April 2014,5 the declaration on the occasion of the twenty-fifth anniversary of the"),
    ("un-ga-79/A_RES_79_217.pdf", 1, "Ibid., 2013, Supplement No. 5 (E/2013/25), chap. I, sect. B."),
    ("un-ga-79/A_RES_79_217.pdf", 2, "Reaffirming further the New Urban Agenda,8 the Sendai Framework for Disaster"),
    ("un-ga-79/A_RES_79_217.pdf", 2, "Risk Reduction 2015–20309 and the political declaration of the high-level meeting on"),
    ("un-ga-79/A_RES_79_217.pdf", 2, "Reaffirming also the Paris Agreement,12 and encouraging all its parties to fully"),
    ("un-ga-79/A_RES_79_217.pdf", 2, "12 Adopted under the UNFCCC in FCCC/CP/2015/10/Add.1, decision 1/CP.21."),
]


def default_files() -> list[Path]:
    return sorted(REALWORLD.glob("un-ga-79/*.pdf")) + sorted(REALWORLD.glob("un-ga-80/*.pdf"))


# --- child phases (run as ``bench_pdf.py --phase NAME FILES...``) ------------------------------------


def phase_floor(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    chars = 0
    for path in files:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
        pdf.close()
    return chars


def phase_reader(files: list[Path]) -> int:
    from mandate_lineage.ingest.readers.sources import read_source

    return sum(len(read_source(path).text) for path in files)


def phase_plumber_text(files: list[Path]) -> int:
    import pdfplumber

    chars = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += len(page.extract_text() or "")
    return chars


def phase_plumber_chars(files: list[Path]) -> int:
    import pdfplumber

    chars = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars += sum(1 for c in page.chars if c["size"] > 0)
    return chars


PHASES = {"floor": phase_floor, "reader": phase_reader, "plumber-text": phase_plumber_text,
          "plumber-chars": phase_plumber_chars}


def run_phase(name: str, files: list[Path]) -> dict[str, Any]:
    """One phase in a child process: its seconds (measured inside) and peak RSS."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(str(f) for f in files))
    try:
        with tempfile.TemporaryFile("w+") as out:
            child = subprocess.Popen([sys.executable, __file__, "--phase", name, "--list", listing.name],
                                     stdout=out, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(child.pid, 0)
            out.seek(0)
            result = json.loads(out.read())
    finally:
        os.unlink(listing.name)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"phase {name} failed")
    return {**result, "maxrssKiB": usage.ru_maxrss}


def run_ingest(folders: list[Path], data_dir: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    if data_dir.exists():
        subprocess.run([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), "stop"], env=env,
                       capture_output=True)
        shutil.rmtree(data_dir)
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), "ingest",
                                  *map(str, folders), "--json"], env=env, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        stdout.seek(0)
        out = stdout.read()
    summary = json.loads(out) if out.strip().startswith("{") else {}
    server = vm_hwm_kib(_server_pid(data_dir))
    subprocess.run([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), "stop"], env=env,
                   capture_output=True)
    if not summary:
        raise RuntimeError("ingest failed")
    return {"seconds": wall, "maxrssKiB": usage.ru_maxrss, "serverHwmKiB": server,
            "failed": summary.get("failed"), "ingested": summary.get("ingested"), "summary": summary}


def _server_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "server.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


# --- text quality -----------------------------------------------------------------------------------


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def quality() -> dict[str, Any]:
    """Hand-read lines found verbatim (white space collapsed) in each library's page text."""
    import pdfplumber
    import pypdfium2 as pdfium

    from mandate_lineage.ingest.readers.sources import read_source

    found = {"pypdfium2": 0, "pdfplumber": 0, "reader": 0}
    misses: dict[str, list[str]] = {k: [] for k in found}
    for name, page, line in HAND_READ:
        path = REALWORLD / name
        pdf = pdfium.PdfDocument(path)
        texts = {"pypdfium2": _norm(pdf[page - 1].get_textpage().get_text_range())}
        pdf.close()
        with pdfplumber.open(path) as doc:
            texts["pdfplumber"] = _norm(doc.pages[page - 1].extract_text() or "")
        texts["reader"] = _norm(read_source(path).text)  # the whole document: lines are rejoined
        for lib, text in texts.items():
            if _norm(line) in text:
                found[lib] += 1
            else:
                misses[lib].append(line)
    return {"lines": len(HAND_READ), "found": found, "missed": misses}


# --- the run -----------------------------------------------------------------------------------------


def rates(seconds: float, mb: float, docs: int) -> dict[str, float]:
    return {"seconds": round(seconds, 2), "MBps": round(mb / seconds, 2), "docsPerS": round(docs / seconds, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    ap.add_argument("--list", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--compare", type=int, default=0, help="compare with pdfplumber on the first N files")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "mandates-bench-pdf")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.phase:
        files = [Path(line) for line in args.list.read_text().splitlines() if line]
        started = time.perf_counter()
        chars = PHASES[args.phase](files)
        print(json.dumps({"seconds": time.perf_counter() - started, "chars": chars}))
        return

    files = default_files()
    if not files:
        sys.exit(f"no PDFs under {REALWORLD}")
    folders = sorted({f.parent for f in files})
    mb = sum(f.stat().st_size for f in files) / 1e6
    runs: dict[str, list[dict[str, Any]]] = {"floor": [], "reader": [], "ingest": []}
    for _ in range(args.repeats):
        runs["floor"].append(run_phase("floor", files))
        runs["reader"].append(run_phase("reader", files))
        runs["ingest"].append(run_ingest(folders, args.work / "data"))
    result: dict[str, Any] = {"files": len(files), "MB": round(mb, 1), "repeats": args.repeats}
    for name, rows in runs.items():
        seconds = statistics.median(r["seconds"] for r in rows)
        result[name] = {**rates(seconds, mb, len(files)), "all": [round(r["seconds"], 2) for r in rows],
                        "maxrssMiB": round(max(r["maxrssKiB"] for r in rows) / 1024, 1)}
        if name == "ingest":
            result[name]["serverHwmMiB"] = round(max(r["serverHwmKiB"] or 0 for r in rows) / 1024, 1)
            result[name]["failed"] = rows[-1]["failed"]
    floor = result["floor"]["seconds"]
    for name in ("reader", "ingest"):
        result[name]["rateVsFloor"] = round(floor / result[name]["seconds"], 3)
    result["target"] = {"ingestRateVsFloorAtLeast": round(TARGET_RATIO, 3),
                        "met": result["ingest"]["rateVsFloor"] >= TARGET_RATIO}
    if args.compare:
        sample = files[: args.compare]
        smb = sum(f.stat().st_size for f in sample) / 1e6
        comparison = {}
        for name in ("floor", "reader", "plumber-text", "plumber-chars"):
            seconds = run_phase(name, sample)["seconds"]  # once: pdfminer is slow
            comparison[name] = rates(seconds, smb, len(sample))
        result["comparison"] = {"files": len(sample), "MB": round(smb, 1), **comparison, "quality": quality()}
    emit_json(result, args.out)


if __name__ == "__main__":
    main()

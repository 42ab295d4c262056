"""CPU per cold lineage answer in process (the /lineage/{id} route's work), by phase and with the
time spent in garbage collection; ``GC_T=a,b,c`` sets the collection thresholds first.

    python bench/lineage_cold_phases.py REPO DATA_DIR ANSWERS OFFSET

REPO is put first on sys.path for ``bench``; the build measured is the interpreter's. Targets are
the cold pool of ``bench_lineage_http.py`` from OFFSET (distinct, never asked before in the process).
"""
import random, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bench.bench_lineage_http import TARGETS, cold_pool
from mandate_lineage.config import Settings, open_store
from mandate_lineage.api.answer_cache import AnswerCache
from mandate_lineage.queries import lineage as L
from mandate_lineage.queries.resolve import Resolver
import gc
_gc = {"t": 0.0, "s": 0.0, "n": 0}
def _cb(ev, info):
    if ev == "start": _gc["s"] = time.process_time()
    else: _gc["t"] += time.process_time() - _gc["s"]; _gc["n"] += info["generation"] == 2
gc.callbacks.append(_cb)
import os
if os.environ.get("GC_T"): gc.set_threshold(*map(int, os.environ["GC_T"].split(",")))
phase = {"walk": 0.0, "describe": 0.0, "step": 0.0, "fetch": 0.0, "reply": 0.0}
ow, od = L.LineageService.walk, L.describe
def walk(*a, **k):
    t = time.process_time(); r = ow(*a, **k); phase["walk"] += time.process_time() - t; return r
def desc(*a, **k):
    t = time.process_time(); r = od(*a, **k); phase["describe"] += time.process_time() - t; return r
L.LineageService.walk, L.describe = walk, desc
import mandate_lineage.queries.lineage_views as LV
import mandate_lineage.graph.falkordb_store as FS
def timed(name, f):
    def g(*a, **k):
        t = time.process_time(); r = f(*a, **k); phase[name] += time.process_time() - t; return r
    return g
L.LineageService._step = timed("step", L.LineageService._step)
L.fetch_views = timed("fetch", L.fetch_views)
FS.read_reply = timed("reply", FS.read_reply)
data, n, off = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open_store(Settings.from_env(data_dir=data), setup=False) as store:
    every = sorted(r[0] for r in store.read(TARGETS, row_cap=10_000_000).rows)
    targets = random.Random(7).sample(every, min(100, len(every)))
    pool = cold_pool(every, targets)[off:off + n]
    service, cache = L.LineageService(store), AnswerCache()
    def one(key):
        def compute():
            return service.lineage(Resolver(store).resolve(key), direction="upstream", depth=8, limit=250).as_json()
        return cache.answer(store, ("node", key, "upstream", 8, 250), compute)
    for k in targets[:20]: one(k)
    phase.update(walk=0.0, describe=0.0, step=0.0, fetch=0.0, reply=0.0)
    _gc.update(t=0.0, n=0)
    sizes, c0 = [], time.process_time()
    for k in pool: sizes.append(len(one(k)))
    cpu = time.process_time() - c0
    print(f"{sys.argv[1]}: {n} cold answers from {off}: cpu {1000*cpu/n:.1f} ms/answer (walk {1000*phase['walk']/n:.1f}, describe {1000*phase['describe']/n:.1f}, step {1000*phase['step']/n:.1f}, fetch {1000*phase['fetch']/n:.1f}, read_reply (all queries) {1000*phase['reply']/n:.1f}), gc {1000*_gc['t']/n:.1f} ms/answer ({_gc['n']} full collections), mean {sum(sizes)/n/1024:.0f} KiB, median {sorted(sizes)[n//2]/1024:.0f} KiB")

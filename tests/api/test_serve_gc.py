"""The API process tunes cyclic garbage collection before it serves (``serve.tune_gc``): full
collections walking the caches' objects were most of a cold lineage answer's CPU."""

from __future__ import annotations

import gc

from mandate_lineage.serve import GC_THRESHOLDS, tune_gc


def test_tune_gc_spaces_collections_and_freezes_what_the_process_holds() -> None:
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0, "the objects held once started are out of every collection"
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)

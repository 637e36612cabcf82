"""Long CPU-bound work (an export's build and render, grouping ideas) without stalling the room.

Under eventlet every socket shares one OS thread: a 3-second PDF rendered there would hold every
phone's ack for 3 seconds. ``off_hub`` runs such work in eventlet's pool of real OS threads
(``eventlet.tpool``) when the standard library is patched, and as a plain call otherwise
(threading mode, the CLI, tests). What runs there must not wait on anything green (the store's
reader pool, its write lock): exports read through ``Store.snapshot_reader``, themes are pure.
"""
from __future__ import annotations

import sys


def under_eventlet() -> bool:
    if "eventlet" not in sys.modules:
        return False
    from eventlet import patcher
    return patcher.is_monkey_patched("thread")


def off_hub(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, in a real OS thread when running under eventlet."""
    if under_eventlet():
        from eventlet import tpool
        return tpool.execute(fn, *args, **kwargs)
    return fn(*args, **kwargs)

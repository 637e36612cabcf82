"""Run a server module with bench-side instrumentation or a what-if, without changing its code.

    python -m bench.wrap [--gc-log [--gc-objects]] [--gc-freeze] [--gc-threshold A,B,C]
                         [--sqlite-synchronous MODE] MODULE [ARGS...]

Runs MODULE as ``__main__`` (like ``python -m MODULE ARGS``), after:
  --gc-log     a ``gc.callbacks`` hook prints every collection to stderr as
               ``gc-pause gen=G ms=M at=T [objects=N]`` (T: time.monotonic(), the bench's clock;
               N, with --gc-objects after a full collection, is how many objects it walked).
               The bench reads these lines back from the server's log.
  --gc-freeze  what-if: ``gc.freeze()`` just before the server starts serving (after the app is
               built), so collections stop walking the import-time heap (Flask, eventlet, ...).
  --gc-threshold A,B,C
               what-if: ``gc.set_threshold(A, B, C)`` at start (a huge C: no automatic full
               collection; a real server would then collect when the room is quiet).
  --sqlite-synchronous MODE
               what-if: every SQLite connection Palabre's store opens gets
               ``PRAGMA synchronous=MODE`` after its own pragmas (NORMAL: no fsync per commit).
Used by ``python -m bench.load`` (GC log on by default; --what-if-...), docs/performance.md.
Palabre now freezes and paces its own full collections (facilitator/quiet_gc.py) and, under
eventlet, does not serve through ``SocketIO.run``: bench.load passes the two GC what-ifs to the
relay only.
"""
from __future__ import annotations

import argparse
import gc
import runpy
import sys
import time


def log_gc(count_objects: bool) -> None:
    started = {}

    def hook(phase, info):
        if phase == "start":
            started["t"] = time.monotonic()
        elif "t" in started:
            now = time.monotonic()
            # Counted after the pause is measured (it costs a few ms).
            full = info["generation"] == 2 and count_objects
            extra = f" objects={len(gc.get_objects())}" if full else ""
            sys.stderr.write(f"gc-pause gen={info['generation']} ms={(now - started.pop('t')) * 1000:.2f} "
                             f"at={now:.6f}{extra}\n")
            sys.stderr.flush()

    gc.callbacks.append(hook)


def freeze_before_serving() -> None:
    """The relay starts with ``SocketIO.run``: freeze what exists at that moment. (Palabre serves
    through its own eventlet listener and freezes itself, facilitator/quiet_gc.py.)"""
    import flask_socketio

    run = flask_socketio.SocketIO.run

    def frozen_run(self, *args, **kwargs):
        gc.collect()
        gc.freeze()
        sys.stderr.write(f"gc-freeze objects={gc.get_freeze_count()}\n")
        return run(self, *args, **kwargs)

    flask_socketio.SocketIO.run = frozen_run


def sqlite_synchronous(mode: str) -> None:
    from facilitator import store

    connect = store.Store._connect

    def patched(self):
        conn = connect(self)
        conn.execute(f"PRAGMA synchronous={mode}")
        return conn

    store.Store._connect = patched


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.wrap")
    parser.add_argument("--gc-log", action="store_true")
    parser.add_argument("--gc-objects", action="store_true")
    parser.add_argument("--gc-freeze", action="store_true")
    parser.add_argument("--gc-threshold")
    parser.add_argument("--sqlite-synchronous", choices=["FULL", "NORMAL", "OFF"])
    parser.add_argument("module")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    opts = parser.parse_args()
    sys.argv = [opts.module] + opts.args
    if opts.gc_log:
        log_gc(opts.gc_objects)
    if opts.gc_threshold:
        gc.set_threshold(*(int(x) for x in opts.gc_threshold.split(",")))
    # Imported only when asked: the plain run must let the server's entry point patch the
    # standard library (eventlet) before Flask is imported. These what-ifs import Flask-SocketIO
    # and the store early; eventlet still patches socket and threading modules in place.
    if opts.gc_freeze or opts.sqlite_synchronous:
        import warnings
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet
        eventlet.monkey_patch()
    if opts.gc_freeze:
        freeze_before_serving()
    if opts.sqlite_synchronous:
        sqlite_synchronous(opts.sqlite_synchronous)
    runpy.run_module(opts.module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()

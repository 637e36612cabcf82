"""Where a server's time went, from a py-spy recording (``bench.load --py-spy DIR``).

    .venv/bin/python -m bench.spy_report DIR/1000-palabre-r1/burst.txt [--top 20]

The recordings are py-spy ``--idle --format raw`` (folded stacks, one ``frame;frame;... count``
per line), so the shares are of wall time: idle is the eventlet hub waiting for sockets, and a
blocking C call (the fsync inside SQLite's COMMIT) shows as time in the Python line that made it.
Under eventlet nothing else runs meanwhile: every such millisecond delays every phone.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?):(?P<line>\d+)\)$")

# Inclusive time of these, when present (substring of the function name, label).
KEY_FRAMES = [
    ("create_contribution", "contribution:create handler (Palabre)"),
    ("Store.add_contribution", "  Store.add_contribution"),
    ("Store.write", "    Store.write (BEGIN ... COMMIT)"),
    ("Store.has_client_id", "  Store.has_client_id"),
    ("broadcast", "  broadcast (emit of the update)"),
    ("on_connect", "connect handler (Palabre)"),
    ("_authenticate", "  _authenticate"),
    ("sync", "sync handler"),
    ("_snapshot", "  _snapshot"),
    ("SocketIO.emit", "SocketIO.emit (all emits)"),
    ("RequestContext.push", "Flask request context per event"),
    ("open_session", "  session cookie opened per event"),
    ("JSONEncoder.encode", "json encode"),
    ("JSONDecoder.decode", "json decode"),
    ("RFC6455WebSocket.send", "websocket send"),
    ("RFC6455WebSocket.wait", "websocket receive"),
    ("HttpProtocol.handle_one_request", "in a connection's own greenthread (HTTP, websocket loop)"),
]
IDLE = ("Hub.do_poll", "Hub.wait")


def source_line(path: str, line: int) -> str:
    for base in (ROOT, *sorted((ROOT / ".venv" / "lib").glob("python*/site-packages"))):
        f = base / path
        if f.is_file():
            lines = f.read_text(errors="replace").splitlines()
            if 0 < line <= len(lines):
                return lines[line - 1].strip()[:70]
    return ""


def report(path: Path, top: int) -> str:
    stacks = []
    for raw in path.read_text(errors="replace").splitlines():
        if not raw.strip():
            continue
        stack, _, count = raw.rpartition(" ")
        stacks.append((stack.split(";"), int(count)))
    total = sum(c for _, c in stacks)
    if not total:
        return f"{path}: no samples"
    idle = sum(c for frames, c in stacks if any(frames[-1].startswith(i) for i in IDLE))
    leaves, inclusive = Counter(), Counter()
    for frames, c in stacks:
        leaves[frames[-1]] += c
        names = {FRAME.match(f).group("func") if FRAME.match(f) else f for f in frames}
        for key, _label in KEY_FRAMES:
            if any(key in n for n in names):
                inclusive[key] += c
    pc = lambda c: f"{100 * c / total:5.1f}%"  # noqa: E731
    out = [f"{path}: {total} samples (wall time, idle included)",
           f"  idle, hub waiting for I/O   {pc(idle)}", f"  busy                        {pc(total - idle)}",
           "", "inclusive (share of wall time)"]
    for key, label in KEY_FRAMES:
        if inclusive[key]:
            out.append(f"  {pc(inclusive[key])}  {label}")
    out += ["", f"top {top} lines where the time is spent (self)"]
    for frame, c in leaves.most_common(top):
        m = FRAME.match(frame)
        text = source_line(m.group("file"), int(m.group("line"))) if m else ""
        out.append(f"  {pc(c)}  {frame}" + (f"\n           {text}" if text else ""))
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.spy_report", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    print("\n\n".join(report(f, args.top) for f in args.files))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`palabre serve | event create | export | formats check`.

Flask and the app are imported inside the commands, after the async mode is chosen: eventlet
must patch the standard library before anything else imports it.
"""
from __future__ import annotations

import argparse
import json
import socket
import sys

from .config import Settings as _Settings

DEFAULT_DB = _Settings.db_path


def _prepare_async(mode: str) -> None:
    """Keep every eventlet/gevent detail here, at the entry point (see docs/architecture.md)."""
    if mode == "eventlet":
        import warnings
        # Upstream is in bug-fix mode and says so on import; the design card asks for it and
        # it is the fastest mode measured here (docs/performance.md).
        warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
        import eventlet
        eventlet.monkey_patch()
    elif mode == "gevent":
        from gevent import monkey
        monkey.patch_all()


SOCKET_TIMEOUT = 60.0   # s: one read or write; Engine.IO pings every 20 s, so a live socket never meets it
POOL_CAP = 10_000       # greenthreads, one per connection: five times the 2000 phones measured


def _raise_open_file_limit() -> int:
    """Raise this process's open-file limit to its hard limit (each phone is a socket, a file);
    the soft limit is often 1024. Windows has no ``resource`` module and keeps its own."""
    try:
        import resource
    except ImportError:
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = 65_536 if hard == resource.RLIM_INFINITY else min(hard, 65_536)
    for wanted in (ceiling, 10_240, 4_096):  # macOS refuses more than OPEN_MAX (10 240)
        if wanted <= soft:
            break
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            return wanted
        except (ValueError, OSError):
            continue
    return soft


def _guarded_protocol(per_address: int, idle: float, deadline: float, nodelay: bool = True):
    """eventlet's HTTP protocol with deadlines for half-open connections and a per-address
    budget of open connections (docs/security.md)."""
    import collections

    import eventlet
    import eventlet.wsgi

    from .i18n import error_payload

    open_by = collections.Counter()
    # Before the headers are read there is no language to choose: French, as for refusals (§3.1).
    body = json.dumps({"ok": False, "error": error_payload("too_many_connections", "fr")}).encode()
    refusal = (b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
               b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)) + body

    class GuardedProtocol(eventlet.wsgi.HttpProtocol):
        def handle(self):
            # Small writes (an ack, an update) leave at once: with Nagle's algorithm on, a
            # write behind one the phone has not acknowledged yet waits for its delayed ACK
            # (40 ms on Linux). Accepted sockets inherit it from the listener on Linux; set
            # here too for the systems where they do not.
            try:
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, int(nodelay))
            except (OSError, AttributeError):
                pass
            address = self.client_address[0] if self.client_address else ""
            if per_address and open_by[address] >= per_address:
                try:
                    self.wfile.write(refusal)
                except OSError:
                    pass
                return
            open_by[address] += 1
            try:
                super().handle()
            finally:
                open_by[address] -= 1
                if open_by[address] <= 0:
                    del open_by[address]

        def _read_request_line(self):
            # A first byte that never comes is the idle timeout (keepalive); a line that
            # trickles in gets no more than the header deadline once it has started.
            with eventlet.Timeout(idle + deadline, False):
                return super()._read_request_line()
            self.close_connection = 1
            return ""

        def parse_request(self):
            with eventlet.Timeout(deadline, False):
                return super().parse_request()
            self.close_connection = 1
            return False

    return GuardedProtocol


def _serve_eventlet(app, host: str, port: int, verbose: bool, settings) -> None:
    """Like socketio.run, with a listen backlog for a whole room reconnecting after a Wi-Fi
    drop (with eventlet's default of 50, most of 1000 phones wait for the kernel's SYN retry),
    an open-file limit and a pool sized for 2000 phones (eventlet's default pool, 1024, stops
    answering at about 1024 open sockets), and deadlines for idle and half-open connections."""
    import eventlet
    import eventlet.wsgi
    files = _raise_open_file_limit()
    pool = min(POOL_CAP, files - 100) if files > 1124 else 1024
    per_address = settings.connections_per_address
    print(f"Connections: up to {pool} at once (open files {files or 'unknown'}),"
          f" {per_address or 'no limit'} per address", flush=True)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = eventlet.listen((host, port), family=family, backlog=1024)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, int(settings.tcp_nodelay))
    eventlet.wsgi.server(listener, app, log_output=verbose, max_size=pool,
                         keepalive=settings.idle_timeout, socket_timeout=SOCKET_TIMEOUT,
                         protocol=_guarded_protocol(per_address, settings.idle_timeout,
                                                    settings.header_timeout, settings.tcp_nodelay))


def _links(store, base: str, code: str | None = None) -> dict:
    token = store.facilitator_token()
    links = {"facilitator": f"{base}/f/{token}"}
    if code:
        links["facilitator"] += f"?next=/facilitator/events/{code}"
        links["join"] = f"{base}/j/{code}"
        links["projector"] = f"{base}/projector/{code}"
    return links


def cmd_serve(args) -> int:
    from .config import Settings  # plain Python: safe to import before the patching

    # Flags given on the command line win over PALABRE_* variables, which win over defaults.
    settings = Settings.from_env(
        db_path=args.db, host=args.host, port=args.port, public_url=args.public_url,
        async_mode=args.async_mode, formats_dirs=args.formats_dir or None,
        testing=args.testing or None,
    )
    _prepare_async(settings.async_mode)
    from . import create_app
    from .demo import create_demo_event
    from .extensions import socketio
    from .network import lan_addresses
    from .qr import qr_text

    from .room.formats import FormatError
    try:
        app = create_app(settings)
    except FormatError as err:
        print("Palabre cannot start: a format file is wrong.", file=sys.stderr)
        for line in err.errors:
            print(f"  {line}", file=sys.stderr)
        return 2
    p = app.extensions["palabre"]
    if args.demo and p.store.count_events() == 0:
        create_demo_event(p.store, p.clock.now())
    events = p.store.list_events()
    event = events[0] if events else None
    base = p.room_url
    links = _links(p.store, base, event["code"] if event else None)

    print(f"Palabre — {base}", flush=True)
    print("Addresses on this laptop: " + (", ".join(lan_addresses()) or "none (loopback only)"))
    print(f"Facilitator (keep it to yourself): {links['facilitator']}")
    if event:
        print(f"Workshop « {event['title']} » — code {event['code']}")
        print(f"Join: {links['join']}")
        print(f"Projector: {links['projector']}")
        print(qr_text(links["join"]))
    else:
        print("No workshop yet: create one from the facilitator page or `palabre event create`.")
    sys.stdout.flush()
    p.quiet_gc.enable()  # full garbage collections wait for a quiet moment (quiet_gc.py)
    if settings.async_mode == "eventlet":
        _serve_eventlet(app, settings.host, settings.port, args.verbose, settings)
        return 0
    kwargs = {"host": settings.host, "port": settings.port, "log_output": args.verbose}
    if settings.async_mode == "threading":
        kwargs["allow_unsafe_werkzeug"] = True  # the room's laptop is the deployment
    socketio.run(app, **kwargs)
    return 0


def cmd_event_create(args) -> int:
    from .clock import Clock
    from .config import Settings
    from .network import base_url
    from .store import Store

    from .room.contributions import clean_name
    settings = Settings.from_env(db_path=args.db, port=args.port, public_url=args.public_url)
    from .room.errors import RoomError
    try:  # argv may hold bytes that are not UTF-8: cleaned like any text (room/text.py)
        title = clean_name(args.title, limit=120)
    except RoomError:
        title = ""
    if not title:
        print("The title must be 1 to 120 characters long.", file=sys.stderr)
        return 2
    store = Store(settings.db_path)
    event = store.create_event(title, args.lang, Clock().now())
    base = base_url("0.0.0.0", settings.port, settings.public_url)
    links = _links(store, base, event["code"])
    result = {"code": event["code"], "title": event["title"], "lang": event["lang"], **links}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"Workshop « {event['title']} » created.")
        print(f"Join code: {event['code']}")
        print(f"Join link: {links['join']}")
        print(f"Facilitator link: {links['facilitator']}")
    store.close()
    return 0


def cmd_facilitator_rotate(args) -> int:
    """A new facilitator link; the old one and every open session stop working (security.md)."""
    from .config import Settings
    from .network import base_url
    from .store import Store

    settings = Settings.from_env(db_path=args.db, port=args.port, public_url=args.public_url)
    store = Store(settings.db_path)
    store.rotate_facilitator_token()
    events = store.list_events()
    base = base_url("0.0.0.0", settings.port, settings.public_url)
    link = _links(store, base, events[0]["code"] if events else None)["facilitator"]
    store.close()
    if args.json:
        print(json.dumps({"facilitator": link}))
    else:
        print("The old facilitator link no longer works; every facilitator session is closed.")
        print(f"Facilitator (keep it to yourself): {link}")


def cmd_facilitator_links(args) -> int:
    """The staff links and who is signed in through each (docs/security.md)."""
    from .clock import Clock
    from .config import Settings
    from .store import Store

    store = Store(Settings.from_env(db_path=args.db).db_path)
    links = store.staff_links(Clock().now())
    store.close()
    if args.json:
        print(json.dumps({"links": links}, ensure_ascii=False))
        return 0
    for link in links:
        name = "facilitator link" if link["id"] is None else f"#{link['id']} {link['name']}"
        print(f"{name}: {link['signed_in']} signed in")
    if len(links) == 1:
        print("No staff link yet: make one from the dashboard (Team).")
    return 0


def cmd_facilitator_revoke(args) -> int:
    """A staff link stops working; every browser signed in through it is signed out."""
    from .clock import Clock
    from .config import Settings
    from .store import Store

    store = Store(Settings.from_env(db_path=args.db).db_path)
    done = store.revoke_staff_link(args.id, Clock().now())
    store.close()
    if not done:
        print(f"No live staff link has the id {args.id}.", file=sys.stderr)
        return 1
    print(f"Staff link #{args.id} revoked; its sessions are closed.")
    return 0


def cmd_export(args) -> int:
    """The restitution from the shell, from the database file (the server may be running)."""
    from .activities import Activities
    from .clock import Clock
    from .config import Settings
    from .i18n import error_message
    from .restitution import service
    from .restitution.build import Scope
    from .room.errors import RoomError
    from .room.formats import BUILTIN_DIR, load_formats
    from .store import Store
    from pathlib import Path

    settings = Settings.from_env(db_path=args.db, formats_dirs=args.formats_dir or None)
    store = Store(settings.db_path)
    try:
        event = store.event_by_code(args.code)
        if event is None:
            print(f"No workshop has the code {args.code!r} in {settings.db_path}.", file=sys.stderr)
            return 1
        activities = Activities(store, load_formats([BUILTIN_DIR, *map(Path, settings.formats_dirs)]))
        scope = Scope(activity_id=args.activity, group=args.group, include_hidden=args.hidden,
                      group_by=args.group_by)
        try:
            body, _mimetype, name = service.export_now(store, activities, event, scope, args.format,
                                                       Clock().now(), args.sep)
        except RoomError as err:
            print(error_message(err.code, "en", **err.params), file=sys.stderr)
            return 1
    finally:
        store.close()
    if args.out == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return 0
    out = args.out or name
    with open(out, "wb") as f:
        f.write(body)
    print(f"Wrote {out} ({len(body)} bytes).", file=sys.stderr)
    return 0


def cmd_formats_check(args) -> int:
    from .room.formats import BUILTIN_DIR, check_paths
    paths = args.paths or [str(BUILTIN_DIR)]
    errors = check_paths(paths)
    for line in errors:
        print(line, file=sys.stderr)
    if not errors:
        print(f"OK: {', '.join(paths)}")
    return 1 if errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="palabre", description="Live workshop facilitation in the room.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the server")
    serve.add_argument("--host", help="interface to listen on (default 0.0.0.0: every one)")
    serve.add_argument("--port", type=int, help="default 5000")
    serve.add_argument("--db", help=f"SQLite file (default {DEFAULT_DB}, or PALABRE_DB)")
    serve.add_argument("--async-mode", choices=["eventlet", "gevent", "threading"],
                       help="default eventlet, or PALABRE_ASYNC_MODE")
    serve.add_argument("--public-url",
                       help="address used in links and the QR (a chosen interface, a reverse proxy;"
                            " or PALABRE_PUBLIC_URL)")
    serve.add_argument("--formats-dir", action="append", help="a folder of extra format files")
    serve.add_argument("--demo", action="store_true", help="create the demo workshop if the database is empty")
    serve.add_argument("--testing", action="store_true", help=argparse.SUPPRESS)
    serve.add_argument("--verbose", action="store_true", help="log every request")
    serve.set_defaults(func=cmd_serve)

    event = sub.add_parser("event", help="manage workshops")
    event_sub = event.add_subparsers(dest="event_command", required=True)
    create = event_sub.add_parser("create", help="create a workshop")
    create.add_argument("title")
    create.add_argument("--lang", default="fr", choices=["fr", "en"])
    create.add_argument("--db", help=f"SQLite file (default {DEFAULT_DB}, or PALABRE_DB)")
    create.add_argument("--port", type=int, help="port used in the printed links (default 5000)")
    create.add_argument("--public-url")
    create.add_argument("--json", action="store_true")
    create.set_defaults(func=cmd_event_create)

    staff = sub.add_parser("facilitator", help="the facilitator's link")
    staff_sub = staff.add_subparsers(dest="facilitator_command", required=True)
    rotate = staff_sub.add_parser("rotate", help="replace the facilitator link (the old one stops working)")
    rotate.add_argument("--db", help=f"SQLite file (default {DEFAULT_DB}, or PALABRE_DB)")
    rotate.add_argument("--port", type=int, help="port used in the printed link (default 5000)")
    rotate.add_argument("--public-url")
    rotate.add_argument("--json", action="store_true")
    rotate.set_defaults(func=cmd_facilitator_rotate)
    links = staff_sub.add_parser("links", help="list the staff links and who is signed in")
    links.add_argument("--db", help=f"SQLite file (default {DEFAULT_DB}, or PALABRE_DB)")
    links.add_argument("--json", action="store_true")
    links.set_defaults(func=cmd_facilitator_links)
    revoke = staff_sub.add_parser("revoke", help="revoke one staff link (its sessions end)")
    revoke.add_argument("id", type=int, help="the link's number, as `links` prints it")
    revoke.add_argument("--db", help=f"SQLite file (default {DEFAULT_DB}, or PALABRE_DB)")
    revoke.set_defaults(func=cmd_facilitator_revoke)
    export = sub.add_parser("export", help="export a workshop's restitution")
    export.add_argument("code", help="the workshop's join code")
    export.add_argument("--format", required=True,
                        choices=["md", "html", "pdf", "docx", "csv", "actions.csv", "json", "zip"])
    export.add_argument("--group", help="one breakout group (by name)")
    export.add_argument("--activity", type=int, help="one activity (by id)")
    export.add_argument("--hidden", action="store_true", help="include hidden contributions, marked")
    export.add_argument("--group-by", choices=["owner", "deadline"], default="owner",
                        help="how the action plan is grouped (default owner)")
    export.add_argument("--sep", choices=[",", ";"], default=",",
                        help="CSV separator (';' for a French Excel)")
    export.add_argument("--out", help="file to write (default: the export's own name; - for stdout)")
    export.add_argument("--db", help=f"SQLite file (default {DEFAULT_DB}, or PALABRE_DB)")
    export.add_argument("--formats-dir", action="append", help="a folder of extra format files")
    export.set_defaults(func=cmd_export)

    formats = sub.add_parser("formats", help="facilitation formats")
    formats_sub = formats.add_subparsers(dest="formats_command", required=True)
    check = formats_sub.add_parser("check", help="validate format files")
    check.add_argument("paths", nargs="*")
    check.set_defaults(func=cmd_formats_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

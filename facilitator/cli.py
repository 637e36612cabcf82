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


def _serve_eventlet(app, host: str, port: int, verbose: bool) -> None:
    """Like socketio.run, with a listen backlog for a whole room reconnecting after a Wi-Fi
    drop: with eventlet's default of 50, most of 1000 phones wait for the kernel's SYN retry."""
    import eventlet
    import eventlet.wsgi
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = eventlet.listen((host, port), family=family, backlog=1024)
    eventlet.wsgi.server(listener, app, log_output=verbose)


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
        _serve_eventlet(app, settings.host, settings.port, args.verbose)
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

    settings = Settings.from_env(db_path=args.db, port=args.port, public_url=args.public_url)
    store = Store(settings.db_path)
    event = store.create_event(args.title, args.lang, Clock().now())
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
            if err.code == "no_groups":
                print(f"No groups in this event: --group {args.group!r} cannot be exported.",
                      file=sys.stderr)
            else:
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

"""The baseline: a bare Flask-SocketIO relay as it comes (eventlet, ``socketio.run`` and its
listen queue of 50; Palabre's ping and buffer settings), with no store and no rules.

It speaks just enough of Palabre's protocol (docs/protocol.md) for the same simulated phones and
dashboard to drive it unchanged:

- ``POST /api/events/<code>/join`` -> ``{ok, token}`` (a random token, nothing is kept);
- connect with any ``auth``; the role in it picks the room joined by ``sync``;
- ``sync`` -> joins the room, acks ``{ok, seq}``;
- ``contribution:create`` -> acks ``{ok, contribution}`` and sends ``update``
  ``contribution.created`` to the dashboard room (with ``--shared``, to every phone too: a
  Q&A step's shared stream, bench/qa.py);
- ``event:update`` (dashboard) -> acks, and sends ``update`` ``event.updated`` to every phone;
- ``groups:form {count}`` (dashboard, bench/breakout.py) -> deals the connected phones in turn
  into ``count`` rooms, sends ``groups.formed`` to every phone and one ``groups.changed``
  ``{group: {id}, members: [{id}]}`` to each group's room, acks ``{ok, formation}``; a phone's
  later posts go to its group's room and the dashboard (Palabre's audience ``group:<id>``).

Run: ``python -m bench.bare_relay --host 127.0.0.1 --port P [--nonce N]``.
"""
from __future__ import annotations

import argparse
import warnings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bare_relay")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--nonce", default="", help="echoed by /healthz so the bench knows it is its own server")
    parser.add_argument("--shared", action="store_true",
                        help="posts go to every phone too, like a Q&A step (bench/qa.py)")
    args = parser.parse_args(argv)

    # As in facilitator/cli.py: patch first, then import Flask.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet
    eventlet.monkey_patch()

    import itertools
    import secrets
    import time

    from flask import Flask, jsonify, request
    from flask_socketio import SocketIO, join_room

    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="eventlet", ping_interval=20, ping_timeout=25,
                        max_http_buffer_size=1_000_000)
    seq = itertools.count(1)
    ids = itertools.count(1)
    roles: dict[str, str] = {}
    pids: dict[str, int] = {}       # token -> participant id (join)
    sid_pid: dict[str, int] = {}    # socket -> participant id (connect)
    group_of: dict[str, int] = {}   # socket -> group (groups:form)

    @app.get("/healthz")
    def healthz():
        return jsonify({"ok": True, "server": "bare_relay", "nonce": args.nonce})

    @app.post("/api/events/<code>/join")
    def join(code):
        token = secrets.token_urlsafe(24)
        pids[token] = len(pids) + 1
        return jsonify({"ok": True, "token": token, "participant": {"id": pids[token]}}), 201

    @socketio.on("connect")
    def connect(auth=None):
        roles[request.sid] = auth.get("role", "participant") if isinstance(auth, dict) else "participant"
        if isinstance(auth, dict) and auth.get("token") in pids:
            sid_pid[request.sid] = pids[auth["token"]]

    @socketio.on("disconnect")
    def disconnect(*_args):
        roles.pop(request.sid, None)
        sid_pid.pop(request.sid, None)
        group_of.pop(request.sid, None)

    @socketio.on("sync")
    def sync(_payload=None):
        role = roles.get(request.sid, "participant")
        join_room("dashboard" if role == "facilitator" else "phones")
        return {"ok": True, "seq": 0, "role": role}

    @socketio.on("contribution:create")
    def create(payload):
        item = {"id": next(ids), "kind": payload.get("kind"), "text": payload.get("text"),
                "client_id": payload.get("client_id")}
        gid = group_of.get(request.sid)
        socketio.emit("update", {"seq": next(seq), "type": "contribution.created", "data": item,
                                 "at": time.time()},
                      to=["dashboard", "phones"] if args.shared else
                      "dashboard" if gid is None else ["dashboard", f"group:{gid}"])
        return {"ok": True, "contribution": item}

    @socketio.on("groups:form")
    def form(payload):
        count = payload.get("count") or 1
        phones = [sid for sid in list(sid_pid) if roles.get(sid) == "participant"]
        members: dict[int, list] = {g: [] for g in range(1, count + 1)}
        for i, sid in enumerate(phones):
            gid = group_of[sid] = i % count + 1
            socketio.server.enter_room(sid, f"group:{gid}", namespace="/")
            members[gid].append({"id": sid_pid[sid]})
        socketio.emit("update", {"seq": next(seq), "type": "groups.formed",
                                 "data": {"groups": [{"id": g} for g in members]},
                                 "at": time.time()}, to="phones")
        for gid, ms in members.items():
            socketio.emit("update", {"seq": next(seq), "type": "groups.changed",
                                     "data": {"group": {"id": gid}, "members": ms},
                                     "at": time.time()}, to=f"group:{gid}")
        return {"ok": True, "formation": {"groups": [{"id": g, "size": len(m)}
                                                     for g, m in members.items()]}}

    @socketio.on("event:update")
    def update(payload):
        data = {"title": payload.get("title")}
        socketio.emit("update", {"seq": next(seq), "type": "event.updated", "data": data,
                                 "at": time.time()}, to="phones")
        return {"ok": True, "event": data}

    print(f"bare relay on http://{args.host}:{args.port}", flush=True)
    socketio.run(app, host=args.host, port=args.port, log_output=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

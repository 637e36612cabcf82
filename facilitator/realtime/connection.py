"""The connection: connect (authentication), disconnect, ``sync`` and the screen's language.

The reconnect rule (docs/protocol.md): a screen connects, then asks ``sync`` with the last
sequence number it applied. The server joins it to its rooms *before* reading the log, so an
update committed meanwhile is either in the answer or arrives live; the client buffers live
updates until the answer is applied and drops any sequence number it has already seen.
A snapshot is every feature's part (facilitator/features.py), each built by its own module.
"""
from __future__ import annotations

from flask import request, session
from flask_socketio import ConnectionRefusedError, join_room, leave_room

from ..i18n import error_payload, pick_lang
from ..presence import Connection
from ..room.codes import normalise_code
from ..room.errors import RoomError
from ..room.payload import is_id
from ..room.text import clean_payload, valid_text
from ..store import AUDIENCES_BY_ROLE
from ..web.security import from_another_site
from ..extensions import socketio
from .packets import UNDECODABLE
from . import ROLES, handler, palabre, phone_audiences, room_name, wire
from .groups import group_audiences


def _authenticate(auth) -> Connection:
    p = palabre()
    if not isinstance(auth, dict):
        raise RoomError("bad_payload")
    role = auth.get("role")
    if role not in ROLES:
        raise RoomError("bad_role")
    code = normalise_code(str(auth.get("event", "")))
    staff = role == "facilitator" and p.is_facilitator(session)
    if not staff and p.join_throttled(request.remote_addr):
        raise RoomError("throttled")
    event = p.store.event_by_code(code) if code else None
    if event is None:
        p.note_bad_code(request.remote_addr)
        raise RoomError("unknown_code")
    if role == "projector":  # the link is public: what one address may cost is bounded
        p.spend(p.screens, request.remote_addr)
    lang = pick_lang(auth.get("lang"), event["lang"])
    conn = Connection(sid=request.sid, event_id=event["id"], role=role, lang=lang)
    if role == "facilitator":
        if from_another_site():  # a page of another site (or port) with the facilitator's cookie
            raise RoomError("cross_origin")
        if not p.is_facilitator(session):
            raise RoomError("not_signed_in")
        conn.session_id = session.get("staff")
    if role == "projector" and p.is_facilitator(session) and not from_another_site():
        # The projector window of the facilitator's own browser: its J / W keys may switch the
        # room's projector mode (realtime/events.py), so the dashboard and a reload agree.
        conn.session_id = session.get("staff")
    if role == "kiosk":
        # The presenter view opened by a kiosk's staff link: the token names the kiosk.
        token = auth.get("token")
        kiosk = p.store.kiosk_by_token(token) if isinstance(token, str) else None
        if kiosk is None or kiosk["event_id"] != event["id"]:
            raise RoomError("unknown_kiosk_link")
        conn.kiosk_id = kiosk["id"]
    if role == "participant":
        token = auth.get("token")
        participant = p.store.participant_by_token(event["id"], token) if isinstance(token, str) else None
        if participant is None:
            raise RoomError("unknown_participant")
        conn.participant, conn.token = participant, token
    return conn


def _client_sent() -> bool:
    """True when a client emitted a lifecycle event's name (``connect``, ``disconnect``) as an
    ordinary event. The real connect is called with the handshake's environ first; the real
    disconnect comes once the socket is no longer counted as connected."""
    args = request.event.get("args", ())
    if request.event.get("message") == "connect":
        return not (args and args[0] is request.environ)
    return socketio.server.manager.is_connected(request.sid, request.namespace or "/")


def on_connect(auth=None):
    if _client_sent():
        return _unknown_event("connect")
    p = palabre()
    p.quiet_gc.heard()
    try:
        conn = _authenticate(clean_payload(auth) if isinstance(auth, dict) else auth)
    except RoomError as err:
        lang = pick_lang(auth.get("lang") if isinstance(auth, dict) else None,
                         request.accept_languages.best_match(["fr", "en"]))
        refusal = error_payload(err.code, lang, **err.params)
        # Socket.IO clients read the first argument as err.message and the second as err.data.
        raise ConnectionRefusedError(refusal["message"], refusal)
    p.presence.add(conn)
    if conn.participant:
        p.presence_changed(conn.event_id)
    # auth.sync: the sync answer comes with the connection, as event ``synced``, one round
    # trip sooner on a slow link (docs/protocol.md §3.1); the client then asks no ``sync``.
    if auth.get("sync") is True:
        socketio.emit("synced", sync({"since": auth.get("since", 0)}), to=request.sid)


def on_disconnect(*_args):
    if _client_sent():
        return _unknown_event("disconnect")
    p = palabre()
    conn = p.presence.remove(request.sid)
    if conn and conn.participant:
        p.presence_changed(conn.event_id)


def on_unknown(*args):
    """Any event with no handler, and a packet the decoder could not take (realtime/packets.py)."""
    return _unknown_event(request.event.get("message"), undecodable=UNDECODABLE in args)


def _unknown_event(name, undecodable: bool = False) -> dict:
    p = palabre()
    conn = p.presence.get(request.sid)
    lang = conn.lang if conn else "fr"
    try:
        if conn:
            p.spend_message(conn)
    except RoomError as err:
        return {"ok": False, "error": error_payload(err.code, lang, **err.params)}
    if undecodable:
        return {"ok": False, "error": error_payload("bad_payload", lang)}
    name = valid_text(name if isinstance(name, str) else str(name))[:40]
    return {"ok": False, "error": error_payload("unknown_event", lang, name=name)}


# A shared projector snapshot serves its sequence number for at most this long (its state's
# server time and the fair's slot clock age; the countdowns keep to the answer's server_time).
SHARED_FOR_S = 2.0


def snapshot(p, conn: Connection, event: dict) -> dict:
    """Everything this screen shows, from every feature's part. The projector's depends on the
    event alone: one is built per sequence number and shared by every projector socket."""
    if conn.role != "projector":
        return _build(p, conn, event)
    now = p.clock.now()
    seq, at, snap = p.shared_snapshots.get(event["id"], (None, 0.0, None))
    if seq != event["last_seq"] or not 0 <= now - at <= SHARED_FOR_S:
        snap = _build(p, conn, event)
        p.shared_snapshots[event["id"]] = (event["last_seq"], now, snap)
    return snap


def _build(p, conn: Connection, event: dict) -> dict:
    snap = {}
    for feature in p.features:
        if feature.snapshot is not None:
            snap.update(feature.snapshot(p, conn, event))
    return snap


def extra_audiences(p, conn: Connection) -> tuple[str, ...]:
    """Audiences a feature gives some screens beyond their role's (an idea-fair kiosk's)."""
    return tuple(a for feature in p.features if feature.audiences is not None
                 for a in feature.audiences(p, conn))


@handler("sync", roles=ROLES)
def sync(p, conn: Connection, payload):
    """Join the screen's rooms, then tell it what it missed (or everything, as a snapshot)."""
    since = payload.get("since", 0)
    if not is_id(since) or since < 0:
        raise RoomError("bad_payload")
    conn.synced = True  # it became a screen: no connect deadline (realtime/deadlines.py)
    audiences = AUDIENCES_BY_ROLE[conn.role] + extra_audiences(p, conn)
    for audience in audiences:
        join_room(room_name(conn.event_id, audience))
    # Its groups' rooms (docs/protocol.md §10.2); the dashboard hears them through "staff".
    groups = group_audiences(p, conn)
    if conn.role == "participant":
        for audience in groups:
            join_room(room_name(conn.event_id, audience))
    # A phone's language and its own items: the state in its words, moderation of its posts.
    owned = phone_audiences(conn)
    for audience in owned:
        join_room(room_name(conn.event_id, audience))
    audiences = audiences + groups + owned
    event = p.store.event_by_id(conn.event_id)
    answer = {"server_time": p.clock.now(), "seq": event["last_seq"], "role": conn.role,
              "lang": conn.lang}
    entries = None
    if since > 0 and since <= event["last_seq"]:
        entries = p.store.log_since(conn.event_id, since, audiences, p.settings.replay_limit)
    if entries is None:
        if conn.role == "projector":
            p.spend(p.screens, request.remote_addr)
        answer["snapshot"] = snapshot(p, conn, event)
    else:
        answer["entries"] = [wire(e) for e in entries]
    return answer


@handler("lang:set", roles=ROLES)
def set_lang(p, conn: Connection, payload):
    lang = payload.get("lang")
    if lang not in ("fr", "en"):
        raise RoomError("bad_lang")
    if conn.participant and lang != conn.lang:  # its agenda.state from now on in that language
        leave_room(room_name(conn.event_id, f"phones:{conn.lang}"))
        join_room(room_name(conn.event_id, f"phones:{lang}"))
    conn.lang = lang
    return {"lang": lang}



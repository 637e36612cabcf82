"""The SQLite store, on real files in tmp_path: schema, the single writer, the log, anonymity."""
from __future__ import annotations

import sqlite3
import threading
import time
import uuid

import pytest

from facilitator import features
from facilitator.store import events as events_store
from facilitator.room.codes import ALPHABET, LENGTH
from facilitator.store import (
    AUDIENCES_BY_ROLE, DuplicateId, NotFound, Store, StoreError, own_contribution, owner_key,
    public_contribution, staff_contribution, token_hash,
)

MIGRATIONS = features.migrations()
NOW = 1_700_000_000.0
ALL = AUDIENCES_BY_ROLE["participant"]
WALL = AUDIENCES_BY_ROLE["projector"]
STAFF = AUDIENCES_BY_ROLE["facilitator"]


@pytest.fixture
def event(store):
    return store.create_event("Atelier", "fr", NOW)


def join(store, event, name="Awa", org="ASV", anonymous=False, lang="fr"):
    participant, token, _entries = store.add_participant(event["id"], name, org, anonymous,
                                                         lang, NOW)
    return participant, token


def post(store, event, who, text="Une idée", anonymous=False, client_id=None, kind="idea",
         now=NOW):
    participant, token = who
    return store.add_contribution(event["id"], participant, token, client_id or str(uuid.uuid4()),
                                  kind, text, anonymous, now)


def raw_rows(path, sql, params=()):
    """Read the file with a plain sqlite3 connection, as any tool reading the database would."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


# --- schema and migrations --------------------------------------------------------------------

def test_new_file_gets_the_latest_schema_version(store, db_path):
    assert raw_rows(db_path, "PRAGMA user_version")[0]["user_version"] == len(
        MIGRATIONS)
    tables = {r["name"] for r in raw_rows(db_path, "SELECT name FROM sqlite_master"
                                                   " WHERE type = 'table'")}
    assert {"meta", "events", "participants", "contributions", "event_log"} <= tables


def test_reopening_does_not_rerun_migrations_and_keeps_data(db_path, monkeypatch):
    first = Store(db_path, readers=1)
    event = first.create_event("Gardé", "en", NOW)
    first.close()

    calls = []
    wrapped = [lambda db, m=m: (calls.append(m.__name__), m(db)) for m in MIGRATIONS]
    again = Store(db_path, readers=1, migrations=wrapped)
    try:
        assert calls == []
        assert again.event_by_code(event["code"])["title"] == "Gardé"
    finally:
        again.close()
    assert raw_rows(db_path, "PRAGMA user_version")[0]["user_version"] == len(wrapped)


def test_only_missing_migrations_run_on_an_older_file(db_path, monkeypatch):
    Store(db_path, readers=1).close()
    calls = []

    def migration_next(db):
        calls.append("next")
        db["extra"].create({"id": int}, pk="id")

    s = Store(db_path, readers=1, migrations=[*MIGRATIONS, migration_next])
    s.close()
    assert calls == ["next"]
    assert raw_rows(db_path, "PRAGMA user_version")[0]["user_version"] == len(MIGRATIONS) + 1


def test_a_migration_that_fails_leaves_the_file_as_it_was(db_path, monkeypatch):
    Store(db_path, readers=1).close()
    before = len(MIGRATIONS)

    def broken(db):
        db["half_done"].create({"id": int}, pk="id")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        Store(db_path, readers=1, migrations=[*MIGRATIONS, broken])
    assert raw_rows(db_path, "PRAGMA user_version")[0]["user_version"] == before
    assert raw_rows(db_path, "SELECT name FROM sqlite_master WHERE name = 'half_done'") == []


def test_a_file_from_a_newer_palabre_is_refused(db_path):
    newer = len(MIGRATIONS) + 1
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {newer}")
    conn.close()
    with pytest.raises(StoreError) as caught:
        Store(db_path, readers=1)
    message = str(caught.value)
    assert f"schema {newer}" in message
    assert "newer" in message and "upgrade" in message.lower()
    # Nothing was created in the refused file.
    assert raw_rows(db_path, "SELECT name FROM sqlite_master") == []


def test_connections_use_wal_busy_timeout_and_foreign_keys(store, db_path):
    with store.read() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with store.write() as conn:
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        # synchronous=FULL (2): an acked write is on disk.
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    # WAL is a property of the file: a fresh connection sees it too.
    assert raw_rows(db_path, "PRAGMA journal_mode")[0]["journal_mode"] == "wal"


# --- events -----------------------------------------------------------------------------------

def test_create_event_gives_a_six_character_code_from_the_alphabet(store):
    event = store.create_event("Atelier de Douala", "fr", NOW)
    assert len(event["code"]) == LENGTH == 6
    assert set(event["code"]) <= set(ALPHABET)
    assert event["title"] == "Atelier de Douala"
    assert event["lang"] == "fr"
    assert event["projector_mode"] == "join"
    assert event["last_seq"] == 0
    assert store.event_by_code(event["code"].lower())["id"] == event["id"]
    assert store.event_by_id(event["id"])["code"] == event["code"]


def test_create_event_codes_are_unique(store):
    codes = [store.create_event(f"Atelier {i}", "fr", NOW + i)["code"] for i in range(40)]
    assert len(set(codes)) == 40
    assert store.count_events() == 40


def test_create_event_draws_again_when_a_code_is_taken(store, monkeypatch):
    drawn = iter(["AAAAAA", "AAAAAA", "AAAAAA", "CCCCCC"])
    monkeypatch.setattr(events_store, "new_join_code", lambda: next(drawn))
    first = store.create_event("Un", "fr", NOW)
    second = store.create_event("Deux", "fr", NOW)
    assert (first["code"], second["code"]) == ("AAAAAA", "CCCCCC")
    assert next(drawn, None) is None  # the taken code was drawn twice, then a free one


def test_update_event_title_writes_event_updated_for_everyone(store, event):
    row, entries = store.update_event(event["id"], NOW + 1, title="Nouveau titre")
    assert row["title"] == "Nouveau titre"
    assert [(e["type"], e["audience"], e["data"]) for e in entries] == [
        ("event.updated", "all", {"title": "Nouveau titre", "lang": "fr",
                                     "follow_browser": False})]
    assert entries[0]["seq"] == 1
    assert store.event_by_id(event["id"])["title"] == "Nouveau titre"


def test_update_event_projector_mode_writes_projector_mode_for_the_wall(store, event):
    row, entries = store.update_event(event["id"], NOW + 1, projector_mode="wall")
    assert row["projector_mode"] == "wall"
    assert [(e["type"], e["audience"], e["data"]) for e in entries] == [
        ("projector.mode", "wall", {"mode": "wall"})]


def test_update_event_with_both_kinds_and_ignored_fields(store, event):
    row, entries = store.update_event(event["id"], NOW + 1, projector_mode="wall", lang="en",
                                      code="HACKED", last_seq=99)
    assert [e["type"] for e in entries] == ["projector.mode", "event.updated"]
    assert [e["seq"] for e in entries] == [1, 2]
    assert row["code"] == event["code"]
    assert store.last_seq(event["id"]) == 2
    # Nothing to change: no log entry.
    _row, entries = store.update_event(event["id"], NOW + 2, code="NOPE")
    assert entries == []
    assert store.last_seq(event["id"]) == 2


def test_sequence_numbers_increase_by_one_per_event_independently(store):
    a = store.create_event("A", "fr", NOW)
    b = store.create_event("B", "fr", NOW)
    seqs = {a["id"]: [], b["id"]: []}
    for i, ev in enumerate([a, a, b, a, b, b, a]):
        entries = []
        if i % 3 == 0:
            _p, _t, entries = store.add_participant(ev["id"], f"P{i}", "", False, "fr", NOW)
        elif i % 3 == 1:
            _row, entries = store.update_event(ev["id"], NOW, title=f"T{i}")
        else:
            entries = [store.log(ev["id"], "custom", "staff", {"i": i}, NOW)]
        seqs[ev["id"]] += [e["seq"] for e in entries]
    assert seqs[a["id"]] == [1, 2, 3, 4]
    assert seqs[b["id"]] == [1, 2, 3]
    assert store.last_seq(a["id"]) == 4
    assert store.last_seq(b["id"]) == 3
    assert [e["seq"] for e in store.log_since(a["id"], 0, STAFF, 100)] == [1, 2, 3, 4]


# --- contributions ----------------------------------------------------------------------------

def test_add_contribution_stores_and_logs_once(store, event):
    awa = join(store, event)
    row, entries, created = post(store, event, awa, text="Former deux personnes")
    assert created is True
    assert row["text"] == "Former deux personnes"
    assert row["author_id"] == awa[0]["id"]
    assert row["anonymous"] == 0
    assert len(entries) == 1 and entries[0]["type"] == "contribution.created"
    assert entries[0]["audience"] == "wall"
    assert row["seq"] == entries[0]["seq"] == store.last_seq(event["id"])
    assert entries[0]["data"]["author"] == {"name": "Awa", "organisation": "ASV"}


def test_add_contribution_is_idempotent_for_the_same_phone(store, event):
    awa = join(store, event)
    cid = str(uuid.uuid4())
    first, entries, created = post(store, event, awa, text="Une fois", client_id=cid)
    seq = store.last_seq(event["id"])
    again, entries2, created2 = post(store, event, awa, text="Une fois", client_id=cid, now=NOW + 5)
    assert (created, created2) == (True, False)
    assert entries2 == []
    assert again["id"] == first["id"]
    assert again["created_at"] == NOW
    assert store.count_contributions(event["id"]) == 1
    assert store.last_seq(event["id"]) == seq
    assert store.has_client_id(event["id"], cid)


def test_same_client_id_from_another_phone_is_a_duplicate(store, event):
    awa, ben = join(store, event, "Awa"), join(store, event, "Ben")
    cid = str(uuid.uuid4())
    post(store, event, awa, client_id=cid)
    seq = store.last_seq(event["id"])
    with pytest.raises(DuplicateId):
        post(store, event, ben, text="Pas à moi", client_id=cid)
    assert store.count_contributions(event["id"]) == 1
    assert store.last_seq(event["id"]) == seq
    # The same id in another event is a different contribution.
    other = store.create_event("Autre", "fr", NOW)
    _row, _e, created = post(store, other, join(store, other, "Ben"), client_id=cid)
    assert created is True


def test_anonymous_contribution_cannot_be_linked_to_its_participant(store, event, db_path):
    awa = join(store, event, "Awa Secret", "ORG-SECRET")
    participant, token = awa
    row, entries, _ = post(store, event, awa, text="Sans nom", anonymous=True)

    stored = raw_rows(db_path, "SELECT * FROM contributions WHERE id = ?", (row["id"],))[0]
    assert stored["author_id"] is None
    assert stored["anonymous"] == 1
    assert stored["owner_key"] == owner_key(token)
    assert stored["owner_key"] != token_hash(token)
    person = raw_rows(db_path, "SELECT * FROM participants WHERE id = ?", (participant["id"],))[0]
    assert person["token_hash"] == token_hash(token)
    assert stored["owner_key"] not in {str(v) for v in person.values()}
    identifying = {person["token_hash"], person["name"], person["organisation"]}
    assert not identifying & {v for k, v in stored.items() if isinstance(v, str)}
    # Neither the log nor the public view carry the author.
    for view in (entries[0]["data"], public_contribution(row), staff_contribution(row)):
        assert view["author"] is None
        assert view["anonymous"] is True
        assert "author_id" not in view and "owner_key" not in view
        assert "Awa Secret" not in repr(view) and "ORG-SECRET" not in repr(view)
    logged = raw_rows(db_path, "SELECT data FROM event_log WHERE type = 'contribution.created'")
    assert "Awa Secret" not in logged[0]["data"] and token_hash(token) not in logged[0]["data"]
    assert '"author": null' in logged[0]["data"]


def test_a_participant_who_joined_anonymously_always_posts_anonymously(store, event):
    anon = join(store, event, "", "", anonymous=True)
    row, entries, _ = post(store, event, anon, anonymous=False)
    assert row["anonymous"] == 1
    assert row["author_id"] is None
    assert entries[0]["data"]["author"] is None


def test_contributions_of_finds_own_anonymous_and_named_items_only(store, event):
    awa, ben = join(store, event, "Awa"), join(store, event, "Ben")
    named, _, _ = post(store, event, awa, text="signée")
    hidden_name, _, _ = post(store, event, awa, text="anonyme", anonymous=True)
    post(store, event, ben, text="de Ben")
    post(store, event, ben, text="anonyme de Ben", anonymous=True)
    mine = store.contributions_of(event["id"], awa[0], awa[1])
    assert [c["id"] for c in mine] == [hidden_name["id"], named["id"]]  # newest first
    theirs = store.contributions_of(event["id"], ben[0], ben[1])
    assert [c["text"] for c in theirs] == ["anonyme de Ben", "de Ben"]


def test_moderate_hide_restore_and_star(store, event):
    row, _, _ = post(store, event, join(store, event))
    hidden, entries = store.moderate(event["id"], row["id"], NOW + 1, hidden=True)
    assert hidden["hidden"] == 1
    assert entries[0]["type"] == "contribution.updated"
    assert entries[0]["data"]["hidden"] is True and entries[0]["data"]["text"] is None
    assert [c["id"] for c in store.contributions(event["id"], include_hidden=False)] == []
    assert [c["id"] for c in store.contributions(event["id"], include_hidden=True)] == [row["id"]]

    restored, _ = store.moderate(event["id"], row["id"], NOW + 2, hidden=False)
    assert restored["hidden"] == 0
    assert [c["id"] for c in store.contributions(event["id"], include_hidden=False)] == [row["id"]]

    starred, entries = store.moderate(event["id"], row["id"], NOW + 3, starred=True)
    assert starred["starred"] == 1 and starred["hidden"] == 0
    assert entries[0]["data"]["starred"] is True
    unstarred, _ = store.moderate(event["id"], row["id"], NOW + 4, starred=False)
    assert unstarred["starred"] == 0


def test_moderate_an_item_of_another_event_is_not_found(store, event):
    row, _, _ = post(store, event, join(store, event))
    other = store.create_event("Autre", "fr", NOW)
    with pytest.raises(NotFound):
        store.moderate(other["id"], row["id"], NOW, hidden=True)
    with pytest.raises(NotFound):
        store.moderate(event["id"], 10_000, NOW, hidden=True)
    assert store.contribution(event["id"], row["id"])["hidden"] == 0
    assert store.contribution(other["id"], row["id"]) is None


def test_hiding_the_pinned_item_unpins_it(store, event):
    row, _, _ = post(store, event, join(store, event))
    pinned, entries = store.pin(event["id"], row["id"], NOW)
    assert pinned["pinned"] == 1
    assert entries[0]["type"] == "wall.pinned" and entries[0]["data"]["id"] == row["id"]
    assert store.event_by_id(event["id"])["pinned_id"] == row["id"]
    assert store.contribution(event["id"], row["id"])["pinned"] == 1

    hidden, _ = store.moderate(event["id"], row["id"], NOW + 1, hidden=True)
    assert store.event_by_id(event["id"])["pinned_id"] is None
    assert not hidden["pinned"]


def test_starring_the_pinned_item_keeps_it_pinned(store, event):
    row, _, _ = post(store, event, join(store, event))
    store.pin(event["id"], row["id"], NOW)
    store.moderate(event["id"], row["id"], NOW + 1, starred=True)
    assert store.event_by_id(event["id"])["pinned_id"] == row["id"]


def test_pin_refuses_hidden_and_foreign_items_and_none_unpins(store, event):
    who = join(store, event)
    row, _, _ = post(store, event, who)
    other_row, _, _ = post(store, event, who, text="autre")
    store.pin(event["id"], other_row["id"], NOW)
    store.moderate(event["id"], row["id"], NOW, hidden=True)
    seq = store.last_seq(event["id"])
    with pytest.raises(NotFound):
        store.pin(event["id"], row["id"], NOW)
    other = store.create_event("Autre", "fr", NOW)
    with pytest.raises(NotFound):
        store.pin(other["id"], other_row["id"], NOW)
    assert store.last_seq(event["id"]) == seq
    assert store.event_by_id(event["id"])["pinned_id"] == other_row["id"]

    unpinned, entries = store.pin(event["id"], None, NOW)
    assert unpinned is None
    assert entries[0]["data"] == {"id": None, "contribution": None}
    assert store.event_by_id(event["id"])["pinned_id"] is None


# --- the log ----------------------------------------------------------------------------------

def test_log_since_is_oldest_first_and_filtered_by_audience(store, event):
    store.log(event["id"], "a.all", "all", {"n": 1}, NOW)
    store.log(event["id"], "b.wall", "wall", {"n": 2}, NOW)
    store.log(event["id"], "c.staff", "staff", {"n": 3}, NOW)
    store.log(event["id"], "d.all", "all", {"n": 4}, NOW)
    assert [e["type"] for e in store.log_since(event["id"], 0, ALL, 100)] == ["a.all", "d.all"]
    assert [e["type"] for e in store.log_since(event["id"], 0, WALL, 100)] == [
        "a.all", "b.wall", "d.all"]
    staff = store.log_since(event["id"], 0, STAFF, 100)
    assert [e["seq"] for e in staff] == [1, 2, 3, 4]
    assert staff[2] == {"event_id": event["id"], "seq": 3, "type": "c.staff",
                        "audience": "staff", "data": {"n": 3}, "at": NOW}
    assert [e["seq"] for e in store.log_since(event["id"], 2, STAFF, 100)] == [3, 4]
    assert store.log_since(event["id"], 4, STAFF, 100) == []


def test_log_since_returns_none_over_the_limit(store, event):
    for i in range(5):
        store.log(event["id"], "x", "all", {"i": i}, NOW)
    assert len(store.log_since(event["id"], 0, ALL, 5)) == 5
    assert store.log_since(event["id"], 0, ALL, 4) is None
    assert len(store.log_since(event["id"], 1, ALL, 4)) == 4


def test_log_since_keeps_other_events_apart(store, event):
    other = store.create_event("Autre", "fr", NOW)
    store.log(event["id"], "mine", "all", {}, NOW)
    store.log(other["id"], "theirs", "all", {}, NOW)
    assert [e["type"] for e in store.log_since(event["id"], 0, ALL, 10)] == ["mine"]


def test_log_since_drops_creation_of_hidden_items_except_for_staff(store, event):
    who = join(store, event)
    visible, _, _ = post(store, event, who, text="visible")
    secret, _, _ = post(store, event, who, text="texte masqué")
    store.moderate(event["id"], secret["id"], NOW, hidden=True)

    for audiences in (ALL, WALL):
        entries = store.log_since(event["id"], 0, audiences, 100)
        created = [e["data"]["id"] for e in entries if e["type"] == "contribution.created"]
        assert created == ([] if audiences == ALL else [visible["id"]])
        assert "texte masqué" not in repr(entries)
    staff = store.log_since(event["id"], 0, STAFF, 100)
    created = [e["data"]["id"] for e in staff if e["type"] == "contribution.created"]
    assert created == [visible["id"], secret["id"]]

    # Restored: its creation is replayed again.
    store.moderate(event["id"], secret["id"], NOW, hidden=False)
    entries = store.log_since(event["id"], 0, WALL, 100)
    assert [e["data"]["id"] for e in entries if e["type"] == "contribution.created"] == [
        visible["id"], secret["id"]]


def test_log_since_never_replays_the_text_of_a_hidden_item(store, event):
    row, _, _ = post(store, event, join(store, event), text="texte à retirer")
    store.moderate(event["id"], row["id"], NOW, starred=True)
    store.pin(event["id"], row["id"], NOW)
    store.moderate(event["id"], row["id"], NOW, hidden=True)
    entries = store.log_since(event["id"], 0, WALL, 100)
    assert "texte à retirer" not in repr(entries)


# --- what leaves the server -------------------------------------------------------------------

def test_public_contribution_hides_author_of_anonymous_and_text_of_hidden(store, event):
    awa = join(store, event, "Awa", "ASV")
    named, _, _ = post(store, event, awa, text="signée")
    anon, _, _ = post(store, event, awa, text="anonyme", anonymous=True)
    named_view = public_contribution(store.contribution(event["id"], named["id"]))
    assert named_view["author"] == {"name": "Awa", "organisation": "ASV"}
    assert named_view["text"] == "signée"
    assert "client_id" not in named_view and "author_id" not in named_view

    # Even if a row somehow carried the author's name, an anonymous view never shows it.
    leaky = {**store.contribution(event["id"], anon["id"]), "author_name": "Awa",
             "author_org": "ASV"}
    assert public_contribution(leaky)["author"] is None

    hidden, _ = store.moderate(event["id"], named["id"], NOW, hidden=True)
    view = public_contribution(hidden)
    assert view["text"] is None and view["hidden"] is True
    assert staff_contribution(hidden)["text"] == "signée"
    assert public_contribution(None) is None


def test_own_contribution_includes_client_id_and_hidden_text(store, event):
    awa = join(store, event)
    cid = str(uuid.uuid4())
    row, _, _ = post(store, event, awa, text="à moi", anonymous=True, client_id=cid)
    hidden, _ = store.moderate(event["id"], row["id"], NOW, hidden=True)
    view = own_contribution(hidden)
    assert view["client_id"] == cid
    assert view["text"] == "à moi"
    assert view["author"] is None
    assert "client_id" not in public_contribution(hidden)


# --- transactions -----------------------------------------------------------------------------

def test_a_write_that_raises_rolls_back_everything(store, event, db_path):
    who = join(store, event)
    row, _, _ = post(store, event, who)
    seq = store.last_seq(event["id"])
    with pytest.raises(sqlite3.IntegrityError):
        with store.write() as conn:
            conn.execute("UPDATE events SET last_seq = last_seq + 1, title = 'changé'"
                         " WHERE id = ?", (event["id"],))
            conn.execute("INSERT INTO contributions (event_id, client_id, kind, text)"
                         " VALUES (?, ?, 'idea', 'partiel')", (event["id"], str(uuid.uuid4())))
            # The same client id again violates the unique index.
            conn.execute("INSERT INTO contributions (event_id, client_id, kind, text)"
                         " VALUES (?, ?, 'idea', 'doublon')", (event["id"], row["client_id"]))
    assert store.last_seq(event["id"]) == seq
    assert store.count_contributions(event["id"]) == 1
    assert store.event_by_id(event["id"])["title"] == "Atelier"
    assert raw_rows(db_path, "SELECT COUNT(*) AS n FROM contributions")[0]["n"] == 1
    # The writer is usable again afterwards.
    _row, entries, created = post(store, event, who, text="après")
    assert created and entries[0]["seq"] == seq + 1


def test_a_write_that_raises_any_exception_rolls_back(store, event):
    with pytest.raises(KeyError):
        with store.write() as conn:
            conn.execute("UPDATE events SET title = 'changé' WHERE id = ?", (event["id"],))
            raise KeyError("not a database error")
    assert store.event_by_id(event["id"])["title"] == "Atelier"


def test_participant_in_unknown_event_is_refused_without_trace(store, event):
    seq = store.last_seq(event["id"])
    with pytest.raises(sqlite3.IntegrityError):
        store.add_participant(9999, "Fantôme", "", False, "fr", NOW)
    assert store.list_participants(9999) == []
    assert store.last_seq(event["id"]) == seq


# --- meta -------------------------------------------------------------------------------------

def test_meta_values_are_created_once_and_stable_across_reopen(db_path):
    first = Store(db_path, readers=1)
    token, secret = first.facilitator_token(), first.secret_key()
    assert len(token) >= 24 and len(secret) == 64
    assert token != secret
    assert first.facilitator_token() == token and first.secret_key() == secret
    assert first.meta("missing") is None
    assert first.meta("made", lambda: "one") == "one"
    assert first.meta("made", lambda: "two") == "one"
    first.close()

    again = Store(db_path, readers=1)
    try:
        assert again.facilitator_token() == token
        assert again.secret_key() == secret
        assert again.meta("made") == "one"
    finally:
        again.close()


def test_meta_on_another_file_is_different(tmp_path):
    a, b = Store(str(tmp_path / "a.db"), readers=1), Store(str(tmp_path / "b.db"), readers=1)
    try:
        assert a.facilitator_token() != b.facilitator_token()
        assert a.secret_key() != b.secret_key()
    finally:
        a.close()
        b.close()


# --- two processes on one file ----------------------------------------------------------------

def test_two_stores_on_one_file_see_each_other(db_path):
    server, cli = Store(db_path, readers=1), Store(db_path, readers=1)
    try:
        made_by_cli = cli.create_event("Par la CLI", "fr", NOW)
        assert server.event_by_code(made_by_cli["code"])["title"] == "Par la CLI"
        made_by_server = server.create_event("Par le serveur", "en", NOW)
        assert cli.event_by_id(made_by_server["id"])["lang"] == "en"
        assert made_by_server["id"] != made_by_cli["id"]
        assert server.facilitator_token() == cli.facilitator_token()
    finally:
        server.close()
        cli.close()


def test_a_second_store_waits_for_the_first_writer_instead_of_failing(db_path):
    server, cli = Store(db_path, readers=1), Store(db_path, readers=1)
    holding, release = threading.Event(), threading.Event()
    event = server.create_event("Serveur", "fr", NOW)

    def long_write():
        with server.write() as conn:
            conn.execute("UPDATE events SET title = 'pendant' WHERE id = ?", (event["id"],))
            holding.set()
            release.wait(5)

    writer = threading.Thread(target=long_write)
    writer.start()
    try:
        assert holding.wait(5)
        threading.Timer(0.2, release.set).start()
        started = time.monotonic()
        made = cli.create_event("CLI", "fr", NOW)  # waits on busy_timeout, then succeeds
        waited = time.monotonic() - started
    finally:
        release.set()
        writer.join(5)
    try:
        assert waited >= 0.1
        assert server.event_by_id(made["id"])["title"] == "CLI"
        assert cli.event_by_id(event["id"])["title"] == "pendant"
        assert cli.count_events() == 2
    finally:
        server.close()
        cli.close()


def test_two_stores_opening_a_new_file_at_once_both_work(db_path, monkeypatch):
    first_started, go_on = threading.Event(), threading.Event()
    original = MIGRATIONS[0]

    def slow_first_migration(db):
        if not first_started.is_set():
            first_started.set()
            go_on.wait(5)
        original(db)

    opened, errors = [], []

    def open_store():
        try:
            opened.append(Store(db_path, readers=1,
                                migrations=[slow_first_migration, *MIGRATIONS[1:]]))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    a = threading.Thread(target=open_store)
    a.start()
    assert first_started.wait(5)
    b = threading.Thread(target=open_store)
    b.start()
    time.sleep(0.3)  # b has read user_version 0 and waits for the write lock
    go_on.set()
    a.join(10)
    b.join(10)
    for s in opened:
        s.close()
    assert errors == []
    assert len(opened) == 2


def test_a_list_for_some_audiences_is_filtered_before_its_limit(store, event):
    who = join(store, event)
    shared, _entries, _ = store.add_contribution(event["id"], who[0], who[1], str(uuid.uuid4()),
                                                 "question", "Partagée", False, NOW, audience="all")
    for i in range(3):  # newer items for the wall only must not push the shared one out
        post(store, event, who, text=f"Mur {i}")
    listed = store.contributions(event["id"], include_hidden=False, limit=2, audiences=("all",))
    assert [c["id"] for c in listed] == [shared["id"]]
    projector = store.contributions(event["id"], include_hidden=False, audiences=WALL)
    assert len(projector) == 4


def test_schema_versions_run_one_to_n_without_gaps_or_doubles():
    """features.migrations: one sequence across features; a gap or a number taken twice is a bug."""
    import pytest
    from facilitator import features
    noop = lambda db: None  # noqa: E731
    feature = lambda versions: features.Feature("x", migrations={v: noop for v in versions},  # noqa: E731
                                                log_types=(), handlers=None, snapshot=None)
    assert len(features.migrations((feature(list(range(1, 13))),))) == 12
    assert len(features.migrations()) == 12  # the landed features: 1-12
    with pytest.raises(RuntimeError, match="without gaps"):
        features.migrations((feature([1, 3]),))
    with pytest.raises(RuntimeError, match="without gaps"):
        features.migrations((feature(list(range(1, 9)) + [11]),))
    with pytest.raises(RuntimeError, match="claimed twice"):
        features.migrations((feature([1]), feature([1])))

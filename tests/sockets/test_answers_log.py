"""An evaluation's log grows by a small entry per answer, not by the whole summary (issue 7
item 9): the log keeps what each answer changed, the snapshot the whole summary."""
import sqlite3

from room_client import ask, updates


def _log_bytes(room) -> int:
    db = sqlite3.connect(room.store.path)
    try:
        return db.execute("SELECT COALESCE(SUM(LENGTH(data)), 0) FROM event_log"
                          " WHERE type = 'answers.updated'").fetchone()[0]
    finally:
        db.close()


def test_150_answers_grow_the_log_linearly_and_the_snapshot_keeps_the_summary(room):
    room.palabre.joins.burst = 1000  # 150 phones join from one test address
    boss = room.facilitator()
    assert ask(boss, "sync", {"since": 0})["ok"]
    ack = ask(boss, "agenda:add", {"format_id": "evaluation"})
    assert ask(boss, "agenda:start", {"activity_id": ack["agenda"]["activities"][-1]["id"]})["ok"]
    sizes = []
    for i in range(150):
        phone = room.phone(name=f"P{i}")
        answer = ask(phone, "answer:submit", {"answers": {"useful": 1 + i % 5,
                                                           "improve": f"Idée numéro {i}"}})
        assert answer["ok"], answer
        phone.disconnect()
        sizes.append(_log_bytes(room))
    steps = [b - a for a, b in zip(sizes, sizes[1:])]
    assert max(steps) < 400, max(steps)  # one small entry per answer, whatever came before
    assert max(steps) - min(steps) < 40   # ... the same size at the 150th as at the 2nd
    # Changing one's answer logs the change; sending the same again logs nothing.
    phone = room.phone(name="Again")
    assert ask(phone, "answer:submit", {"answers": {"useful": 2, "improve": "Avant"}})["ok"]
    updates(boss)
    assert ask(phone, "answer:submit", {"answers": {"improve": "Après"}})["ok"]
    (entry,) = updates(boss, "answers.updated")
    assert entry["data"]["changed"] == [{"id": "improve", "count": 151, "text": "Après",
                                         "replaces": "Avant"}]
    assert ask(phone, "answer:submit", {"answers": {"improve": "Après"}})["ok"]
    assert updates(boss, "answers.updated") == []
    # The dashboard's snapshot: the whole summary.
    summary = ask(boss, "sync", {"since": 0})["snapshot"]["answers"]["summary"]
    useful = next(s for s in summary if s["id"] == "useful")
    assert useful["count"] == 151 and sum(useful["histogram"]) == 151
    texts = next(s for s in summary if s["id"] == "improve")["texts"]
    assert len(texts) == 151 and "Après" in texts and "Avant" not in texts


def test_answered_counts_people_not_their_answers(room):
    """"x of y have answered": two phones answering three questions each are 2, not 6."""
    boss = room.facilitator()
    assert ask(boss, "sync", {"since": 0})["ok"]
    ack = ask(boss, "agenda:add", {"format_id": "evaluation"})
    assert ask(boss, "agenda:start", {"activity_id": ack["agenda"]["activities"][-1]["id"]})["ok"]
    for name in ("Awa", "Ben"):
        phone = room.phone(name=name)
        answers = {"useful": 4, "facilitation": 5, "improve": f"Plus de pauses, dit {name}"}
        assert ask(phone, "answer:submit", {"answers": answers})["ok"]
    assert updates(boss, "answers.updated")[-1]["data"]["answered"] == 2
    assert ask(boss, "sync", {"since": 0})["snapshot"]["answers"]["answered"] == 2

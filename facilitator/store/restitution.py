"""The restitution: the facilitator's synthesis, the themes as edited, and the published version.

Drafts are never stored: an export is built from the room as it is at that moment. What is kept
is what only the facilitator can say (the synthesis, the themes after their edits) and, once
published, the files every participant may open, frozen until the next publish.
"""
from __future__ import annotations

import json

import sqlite_utils

SYNTHESIS_MAX = 20_000          # characters: a few pages of synthesis, not a book


def migration_8(db: sqlite_utils.Database) -> None:
    """The restitution: one row per event (synthesis, published files), themes per scope."""
    db["restitutions"].create(
        {"event_id": int, "synthesis": str, "synthesis_at": float, "version": int,
         "published_at": float, "published_lang": str, "data": str, "html": bytes,
         "pdf": bytes, "docx": bytes},
        pk="event_id", foreign_keys=[("event_id", "events", "id")],
        defaults={"version": 0},
    )
    # scope: "all" for the whole event's ideas, "activity:<id>" for one activity's.
    db["themes"].create(
        {"event_id": int, "scope": str, "themes": str, "updated_at": float},
        pk=("event_id", "scope"), foreign_keys=[("event_id", "events", "id")],
    )


class RestitutionStore:
    def _restitution_row(self, conn, event_id: int) -> dict:
        conn.execute("INSERT OR IGNORE INTO restitutions (event_id) VALUES (?)", (event_id,))
        return dict(conn.execute("SELECT * FROM restitutions WHERE event_id = ?",
                                 (event_id,)).fetchone())

    def synthesis(self, event_id: int) -> str:
        with self.read() as conn:
            row = conn.execute("SELECT synthesis FROM restitutions WHERE event_id = ?",
                               (event_id,)).fetchone()
        return (row["synthesis"] if row else None) or ""

    def set_synthesis(self, event_id: int, text: str, now: float) -> list[dict]:
        with self.write() as conn:
            self._restitution_row(conn, event_id)
            conn.execute("UPDATE restitutions SET synthesis = ?, synthesis_at = ? WHERE event_id = ?",
                         (text, now, event_id))
            return [self._append_log(conn, event_id, "restitution.synthesis", "staff",
                                     {"text": text, "at": now}, now)]

    # --- themes --------------------------------------------------------------------------------

    def themes(self, event_id: int, scope: str) -> list[dict] | None:
        """[{id, name, note_ids}] as last computed or edited, or None when never computed."""
        with self.read() as conn:
            row = conn.execute("SELECT themes FROM themes WHERE event_id = ? AND scope = ?",
                               (event_id, scope)).fetchone()
        return json.loads(row["themes"]) if row else None

    def all_themes(self, event_id: int) -> dict[str, list[dict]]:
        with self.read() as conn:
            return {r["scope"]: json.loads(r["themes"]) for r in conn.execute(
                "SELECT scope, themes FROM themes WHERE event_id = ? ORDER BY scope", (event_id,))}

    def save_themes(self, event_id: int, scope: str, themes: list[dict], op: dict,
                    now: float) -> list[dict]:
        """Store the themes after an operation; the entry names the operation (the log keeps the
        facilitator's edits in order) and carries the themes the dashboard redraws."""
        with self.write() as conn:
            conn.execute("INSERT INTO themes (event_id, scope, themes, updated_at) VALUES (?,?,?,?)"
                         " ON CONFLICT DO UPDATE SET themes = excluded.themes,"
                         " updated_at = excluded.updated_at",
                         (event_id, scope, json.dumps(themes, ensure_ascii=False), now))
            return [self._append_log(conn, event_id, "themes.updated", "staff",
                                     {"scope": scope, "op": op, "themes": themes}, now)]

    # --- publishing ----------------------------------------------------------------------------

    def publish(self, event_id: int, lang: str, data: dict, files: dict[str, bytes],
                now: float) -> tuple[dict, list[dict]]:
        """Replace the published restitution (html, pdf, docx and its JSON) in one go."""
        with self.write() as conn:
            row = self._restitution_row(conn, event_id)
            version = (row["version"] or 0) + 1
            conn.execute("UPDATE restitutions SET version = ?, published_at = ?, published_lang = ?,"
                         " data = ?, html = ?, pdf = ?, docx = ? WHERE event_id = ?",
                         (version, now, lang, json.dumps(data, ensure_ascii=False),
                          files["html"], files["pdf"], files["docx"], event_id))
            info = {"version": version, "published_at": now}
            return info, [self._append_log(conn, event_id, "restitution.published", "all",
                                           info, now)]

    def published(self, event_id: int) -> dict | None:
        """{version, published_at, lang} of the published restitution, or None (no files)."""
        with self.read() as conn:
            row = conn.execute("SELECT version, published_at, published_lang FROM restitutions"
                               " WHERE event_id = ? AND version > 0", (event_id,)).fetchone()
        return ({"version": row["version"], "published_at": row["published_at"],
                 "lang": row["published_lang"]} if row else None)

    def published_file(self, event_id: int, ext: str) -> bytes | None:
        if ext not in ("html", "pdf", "docx", "data"):
            raise ValueError(ext)
        with self.read() as conn:
            row = conn.execute(f"SELECT {ext} FROM restitutions WHERE event_id = ? AND version > 0",
                               (event_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        return row[0].encode("utf-8") if isinstance(row[0], str) else bytes(row[0])

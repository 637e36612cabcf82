"""The features of the room, one list: what each adds to the database, the log, the sockets and
the snapshot. A feature has the same name in every layer (store/NAME.py, realtime/NAME.py,
room/NAME.py, the service, static/NAME_panel.js, docs); this list is where they meet.

- ``migrations``: schema version → the function that brings the database to it. Versions are
  one sequence across features (``PRAGMA user_version``), so a new feature takes the next number.
- ``log_types``: every ``event_log`` type the feature writes (docs/protocol.md names each one).
- ``handlers``: the realtime module whose ``@handler`` events the server answers.
- ``snapshot``: the feature's part of the snapshot a screen gets on ``sync``.
- ``restitution``: the feature's part of the restitution (``restitution/parts/NAME.py``):
  ``part(ctx)`` adds its sections, its data and its action rows (restitution/build.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Callable

from .realtime import agenda as agenda_realtime
from .realtime import background as background_realtime
from .realtime import contributions as contributions_realtime
from .realtime import events as events_realtime
from .realtime import fair as fair_realtime
from .realtime import groups as groups_realtime
from .realtime import restitution as restitution_realtime
from .realtime import staff as staff_realtime
from .restitution.parts import agenda as agenda_restitution
from .restitution.parts import contributions as contributions_restitution
from .restitution.parts import events as events_restitution
from .restitution.parts import fair as fair_restitution
from .restitution.parts import groups as groups_restitution
from .restitution.parts import restitution as restitution_restitution
from .store import agenda as agenda_store
from .store import background as background_store
from .store import contributions as contributions_store
from .store import events as events_store
from .store import fair as fair_store
from .store import groups as groups_store
from .store import restitution as restitution_store
from .store import sessions as sessions_store
from .store import staff as staff_store
from .store import sync as sync_store


@dataclass(frozen=True)
class Feature:
    name: str
    migrations: dict[int, Callable]
    log_types: tuple[str, ...]
    handlers: ModuleType | None
    snapshot: Callable | None  # (palabre, connection, event row) -> dict
    # (palabre, connection) -> audiences beyond the role's, e.g. "kiosk:<id>" for its presenters
    audiences: Callable | None = None
    restitution: Callable | None = None  # (restitution.build.Context) -> None


FEATURES: tuple[Feature, ...] = (
    Feature("events",
            migrations={1: events_store.migration_1},
            log_types=("event.updated", "projector.mode", "participant.joined"),
            handlers=events_realtime, snapshot=events_realtime.snapshot,
            restitution=events_restitution.part),
    Feature("contributions",
            migrations={3: contributions_store.migration_3, 4: contributions_store.migration_4,
                        10: contributions_store.migration_10},
            log_types=("contribution.created", "contribution.updated", "wall.pinned",
                       "contribution.mine"),
            handlers=contributions_realtime, snapshot=contributions_realtime.snapshot,
            restitution=contributions_restitution.part),
    Feature("agenda",
            migrations={2: agenda_store.migration_2},
            log_types=("agenda.state", "agenda.changed", "roles.updated", "votes.updated",
                       "answers.updated", "projector.counter"),
            handlers=agenda_realtime, snapshot=agenda_realtime.snapshot,
            restitution=agenda_restitution.part),
    Feature("groups",
            migrations={5: groups_store.migration_5},
            log_types=("organisations.updated", "groups.formed", "groups.changed", "groups.call",
                       "groups.message", "groups.time", "groups.shared", "groups.projected",
                       "groups.progress",
                       "sheet.updated", "sheet.submitted", "sheet.reopened", "report.state",
                       "report.reaction", "report.synthesis"),
            handlers=groups_realtime, snapshot=groups_realtime.snapshot,
            restitution=groups_restitution.part),
    # The facilitator's server-side sessions (docs/security.md); no log, no handlers.
    Feature("sessions", migrations={6: sessions_store.migration_6}, log_types=(),
            handlers=None, snapshot=None),
    Feature("fair",
            migrations={7: fair_store.migration_7},
            log_types=("fair.kiosks", "fair.groups", "fair.schedule", "fair.slot", "fair.visitors",
                       "fair.feedback", "fair.dots", "fair.rules", "fair.jury", "fair.projector"),
            handlers=fair_realtime, snapshot=fair_realtime.snapshot,
            audiences=fair_realtime.audiences, restitution=fair_restitution.part),
    Feature("restitution",
            migrations={8: restitution_store.migration_8},
            log_types=("restitution.synthesis", "restitution.published", "themes.updated"),
            handlers=restitution_realtime, snapshot=restitution_realtime.snapshot,
            restitution=restitution_restitution.part),
    # Snapshots and sync (realtime/connection.py): the indexes a screen's sync reads through.
    Feature("sync", migrations={9: sync_store.migration_9}, log_types=(), handlers=None,
            snapshot=None),
    # Activities running all day beside the current one (docs/background.md); their items are
    # contributions, so the restitution shows them in their activity's section (agenda part).
    Feature("background",
            migrations={12: background_store.migration_12},
            log_types=("agenda.background", "votes.background"),
            handlers=background_realtime, snapshot=background_realtime.snapshot),
    # What the facilitator writes to the room, staff links, phones in the browser's language.
    Feature("staff",
            migrations={11: staff_store.migration_11},
            log_types=("staff.announcement", "staff.brief"),
            handlers=staff_realtime, snapshot=staff_realtime.snapshot),
)

def migrations(features: tuple[Feature, ...] = FEATURES) -> list[Callable]:
    """Every feature's migrations in schema order; a gap or a number taken twice is a bug."""
    numbered: dict[int, Callable] = {}
    for feature in features:
        for version, migrate in feature.migrations.items():
            if version in numbered:
                raise RuntimeError(f"schema version {version} claimed twice ({feature.name})")
            numbered[version] = migrate
    if sorted(numbered) != list(range(1, len(numbered) + 1)):
        raise RuntimeError(f"schema versions must run 1..n without gaps: {sorted(numbered)}")
    return [numbered[v] for v in sorted(numbered)]


def log_types(features: tuple[Feature, ...] = FEATURES) -> set[str]:
    return {t for feature in features for t in feature.log_types}

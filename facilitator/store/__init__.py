"""The SQLite store: the single writer and the log (database.py), then one module a feature.

``Store`` is every feature's tables and queries on one database; callers use it as one object.
The shapes in which rows leave the server are in shapes.py.
"""
from __future__ import annotations

from .agenda import AgendaStore
from .background import BackgroundStore
from .contributions import ContributionsStore, owner_audiences
from .database import AUDIENCES_BY_ROLE, Database, DuplicateId, NotFound, StoreError
from .events import EventsStore
from .groups import GroupsStore
from .fair import FairStore
from .keys import answers_key, kiosk_key, owner_key, token_hash
from .restitution import RestitutionStore
from .sessions import SessionsStore
from .staff import StaffStore
from .sync import SyncStore
from .shapes import (export_contribution, own_contribution, public_contribution, public_participant,
                     staff_contribution)


class Store(EventsStore, ContributionsStore, AgendaStore, GroupsStore, SessionsStore, FairStore,
            RestitutionStore, BackgroundStore, StaffStore, SyncStore, Database):
    """One database, every feature's queries (each in its own module of this package)."""


__all__ = ["AUDIENCES_BY_ROLE", "DuplicateId", "export_contribution", "NotFound", "Store", "StoreError", "answers_key", "kiosk_key",
           "own_contribution", "owner_audiences", "owner_key", "public_contribution", "public_participant",
           "staff_contribution", "token_hash"]

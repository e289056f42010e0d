"""Reads from a PostgreSQL read replica, writes to the primary (DATABASE_REPLICA_URL).

A read goes to ``replica`` unless the primary is inside a transaction (an admin save,
an import: what it reads must be what it is about to write) or this thread has
written since its request began (so a page drawn after a write sees it, whatever the
replica's lag). Migrations run on the primary only; the replica copies them.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_state = threading.local()


def _forget_writes(**kwargs) -> None:
    _state.wrote = False


request_started.connect(_forget_writes, dispatch_uid="exhibition.db_routers.forget_writes")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or getattr(_state, "wrote", False):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        _state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS

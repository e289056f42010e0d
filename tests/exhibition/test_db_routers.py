"""Reads go to the replica when there is one; writes and transactions to the primary."""

import os
import subprocess
import sys
from unittest import mock

from django.conf import settings
from django.core.signals import request_started
from django.db import transaction
from django.test import SimpleTestCase, TransactionTestCase

from articles.models import Article
from booths.models import Exhibitor
from exhibition.db_routers import ReplicaRouter

REPLICA_SETTINGS = {"replica": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}


class ReplicaRouterTests(TransactionTestCase):
    databases = {"default"}

    def setUp(self):
        self.router = ReplicaRouter()
        request_started.send(sender=self.__class__)  # a new request: nothing written yet

    def test_without_a_replica_everything_reads_the_primary(self):
        self.assertEqual(self.router.db_for_read(Article), "default")

    @mock.patch.dict(settings.DATABASES, REPLICA_SETTINGS)
    def test_a_plain_read_goes_to_the_replica(self):
        self.assertEqual(self.router.db_for_read(Article), "replica")
        self.assertEqual(self.router.db_for_read(Exhibitor), "replica")

    @mock.patch.dict(settings.DATABASES, REPLICA_SETTINGS)
    def test_reads_inside_a_transaction_go_to_the_primary(self):
        with transaction.atomic():
            self.assertEqual(self.router.db_for_read(Article), "default")
        self.assertEqual(self.router.db_for_read(Article), "replica")

    @mock.patch.dict(settings.DATABASES, REPLICA_SETTINGS)
    def test_after_a_write_the_request_reads_its_own_write_until_the_next_request(self):
        self.assertEqual(self.router.db_for_write(Article), "default")
        self.assertEqual(self.router.db_for_read(Article), "default")
        request_started.send(sender=self.__class__)
        self.assertEqual(self.router.db_for_read(Article), "replica")

    def test_migrations_run_on_the_primary_only(self):
        self.assertTrue(self.router.allow_migrate("default", "articles"))
        self.assertFalse(self.router.allow_migrate("replica", "articles"))


class ReplicaSettingsTests(SimpleTestCase):
    def _databases(self, **env: str) -> str:
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
        code = (
            "import exhibition.settings.test as s; "
            "print(sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), "
            "s.DATABASES.get('replica', {}).get('HOST'))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={**environment, **env},
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip()

    def test_replica_url_adds_the_replica_and_the_router(self):
        out = self._databases(DATABASE_REPLICA_URL="postgres://u:p@replica.example:5432/x")
        self.assertEqual(
            out, "['default', 'replica'] ['exhibition.db_routers.ReplicaRouter'] replica.example"
        )

    def test_no_replica_url_no_router(self):
        self.assertEqual(self._databases(), "['default'] [] None")

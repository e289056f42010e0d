"""What browser tests of the admin share: where staff type an article's body."""

# The body's rich-text editor (articles/widgets.py); the textarea behind it is hidden.
BODY_EDITOR = ".prose-editor .ProseMirror[contenteditable=true]"


def create_role_groups() -> None:
    """The role groups as the migrations leave them. live_server flushes the database
    after each test, groups included, so a later test finds none: run the migrations'
    own steps again, with the news desk's permissions under their current name (the
    model was called Service when 0001 was written; 0015 renamed them in place)."""
    from importlib import import_module
    from types import SimpleNamespace
    from unittest import mock

    from django.apps import apps
    from django.db import connection

    def renamed(labels):
        return [label.replace("_service", "_desk") for label in labels]

    groups = import_module("exhibition.migrations.0001_staff_groups")
    gallery = import_module("exhibition.migrations.0003_gallery_permissions")
    schema = SimpleNamespace(connection=connection)
    with (
        mock.patch.object(groups, "REPORTER", renamed(groups.REPORTER)),
        mock.patch.object(groups, "EDITOR", renamed(groups.EDITOR)),
        mock.patch.object(groups, "TRANSLATOR", renamed(groups.TRANSLATOR)),
    ):
        groups.create_groups(apps, schema)
    gallery.grant(apps, schema)

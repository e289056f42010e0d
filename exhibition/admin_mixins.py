"""Admin pieces every app shares (apps never import each other's admin modules)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class DemoContentMixin:
    """The "demo content" column for models with ``is_demo`` (rows invented to show the
    site working, removed by ``manage.py delete_demo_content`` before going live)."""

    @admin.display(boolean=True, description=_("demo content"), ordering="is_demo")
    def demo_content(self, obj):
        return obj.is_demo

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme")
    # Kept for use offline before a visitor opens them (exhibition/offline.py).
    offline_pages = (
        ("programme:programme", _("Programme")),
        ("programme:visit", _("Visit")),
        ("programme:my_plan", _("My plan")),
    )
    # Their query names what they show (a plan's ids): offline, an address with a query
    # the worker has no copy of is not answered with the bare page.
    offline_query_pages = ("programme:my_plan",)
    # booths' delete_demo_content removes these too (it does not import this app).
    demo_content = (
        "programme.services.programme_demo_counts",
        "programme.services.programme_demo_delete",
    )

    def ready(self):
        from exhibition import pagecache

        pagecache.watch(*self.get_models())
        # The home page's "now / next" changes by itself when a session starts or ends.
        pagecache.register_scheduled_change(_next_session_boundary)


def _next_session_boundary():
    from django.utils import timezone

    from programme.models import Session

    return Session.objects.next_boundary(timezone.now())

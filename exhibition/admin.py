"""The admin of a library's models that the project shows in its Persian admin too:
django-axes' login records (attempts, the access log, failures) get the admin's Jalali
dates and Persian digits, as every app's admin does (``PersianAdminMixin``)."""

from axes import admin as axes_admin  # importing it registers axes' own admins
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from exhibition import display, jalali
from exhibition.admin_mixins import PersianAdminMixin


class LoginRecordAdminMixin(PersianAdminMixin):
    """Axes' admin, its dates in the admin's calendar."""

    @property
    def date_hierarchy(self):
        # Django's drill-down above the list is by Gregorian year, month and day: the
        # Persian admin goes without it (the list sorts and filters by time as well).
        return None if display.is_persian() else "attempt_time"


class AccessAttemptAdmin(LoginRecordAdminMixin, axes_admin.AccessAttemptAdmin):
    def expiration(self, obj):
        expiration = getattr(obj, "expiration", None)
        return jalali.local_moment(expiration.expires_at) if expiration else super().expiration(obj)


class AccessLogAdmin(LoginRecordAdminMixin, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(LoginRecordAdminMixin, axes_admin.AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):  # AXES_ENABLE_ADMIN may turn axes' admin off
        admin.site.unregister(model)
        admin.site.register(model, model_admin)

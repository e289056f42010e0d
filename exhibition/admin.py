"""The admin of a library's models that the project shows in its Persian admin too:
django-axes' login records (attempts, the access log, failures) get the admin's Jalali
dates and Persian digits, as every app's admin does (``PersianAdminMixin``)."""

from axes import admin as axes_admin  # importing it registers axes' own admins
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from exhibition import jalali
from exhibition.admin_mixins import PersianAdminMixin

# The date hierarchy above the list (Gregorian years and months) is left out of the Persian
# admin by templates/admin/change_list.html, as for every model; the mixin gives the
# columns and the date filters.


class AccessAttemptAdmin(PersianAdminMixin, axes_admin.AccessAttemptAdmin):
    def expiration(self, obj):
        expiration = getattr(obj, "expiration", None)
        return jalali.local_moment(expiration.expires_at) if expiration else super().expiration(obj)


class AccessLogAdmin(PersianAdminMixin, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(PersianAdminMixin, axes_admin.AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):  # AXES_ENABLE_ADMIN may turn axes' admin off
        admin.site.unregister(model)
        admin.site.register(model, model_admin)

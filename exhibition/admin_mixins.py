"""Admin pieces every app shares (apps never import each other's admin modules)."""

import datetime
import functools

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from exhibition import display, jalali, persian


class DemoContentMixin:
    """The "demo content" column for models with ``is_demo`` (rows invented to show the
    site working, removed by ``manage.py delete_demo_content`` before going live)."""

    @admin.display(boolean=True, description=_("demo content"), ordering="is_demo")
    def demo_content(self, obj):
        return obj.is_demo


class LabelledSplitDateTime(widgets.AdminSplitDateTime):
    """The English admin's date and time inputs, each named («Date», «Time»): Django's
    own write the words beside them but label neither (axe: "Form elements must have
    labels")."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = (context["date_label"], context["time_label"])
        parts = zip(context["widget"]["subwidgets"], labels, strict=True)
        for subwidget, label in parts:
            subwidget["attrs"]["aria-label"] = str(label).rstrip(":：")
        return context


def _drawn(widget):
    """The widget that is drawn: a RelatedFieldWidgetWrapper's inside (after a form's deep
    copy the wrapper's own attrs are still the class-level widget's)."""
    return widget.widget if isinstance(widget, widgets.RelatedFieldWidgetWrapper) else widget


class ColumnNamedFormSet:
    """A tabular inline's formset, each row's fields named after their column («Speaker»,
    «Order», «Delete»): Django draws no <label> in a tabular row, and a column heading
    names no field (axe: "Form elements must have labels")."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = _drawn(field.widget)
            if field.label and not widget.is_hidden:
                widget.attrs.setdefault("aria-label", field.label)


NUMBER_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)


@functools.cache
def _local_column(model, name: str):
    """A change-list column showing the model field ``name`` as the Persian admin reads
    it (Jalali dates, Persian digits), or None for a field shown as it is."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a method or an admin attribute: its own display
        return None
    if getattr(field, "choices", None) or field.is_relation:
        return None
    if isinstance(field, models.DateTimeField):
        show = jalali.local_moment
    elif isinstance(field, models.DateField):
        show = jalali.local_day
    elif isinstance(field, NUMBER_FIELDS):
        show = display.local_digits
    else:
        return None

    def column(obj):
        # A read-only form field prints None as "None"; the change list prints "-".
        value = getattr(obj, name)
        return admin.site.empty_value_display if value is None else show(value)

    column.__name__ = name  # the column keeps its CSS class, field-<name>
    return admin.display(description=field.verbose_name, ordering=name)(column)


class LocalDigitsValuesFilter(admin.AllValuesFieldListFilter):
    """A numeric field's filter (a year, a district) with its values, and their counts,
    in the admin's digits: «۱۴۰۳», not «1403», beside the Persian change list."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {**choice, "display": display.local_digits(choice["display"])}


class RecentDaysDateFilter(admin.DateFieldListFilter):
    """Django's date filter without «This month» and «This year», which are Gregorian
    periods: the Persian admin offers the last 30 days instead (today and the last 7
    days mean the same in either calendar)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        _any, (today_label, today), week, _month, _year, *nulls = self.links
        since, until = today[self.lookup_kwarg_since], today[self.lookup_kwarg_until]
        month = {
            self.lookup_kwarg_since: since - datetime.timedelta(days=30),
            self.lookup_kwarg_until: until,
        }
        self.links = (_any, (today_label, today), week, (_("Past 30 days"), month), *nulls)


def _local_filter(model, name: str):
    """The list filter showing the model field ``name`` (a path such as
    ``exhibitor__district`` too) in the Persian admin's digits, and a date without
    Gregorian months and years, or None to keep Django's own."""
    try:
        field = get_fields_from_path(model, name)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return None
    if getattr(field, "choices", None) or field.is_relation:
        return None
    if isinstance(field, models.DateField):  # DateTimeField too
        return (name, RecentDaysDateFilter)
    return (name, LocalDigitsValuesFilter) if isinstance(field, NUMBER_FIELDS) else None


class PersianAdminMixin:
    """What makes the admin one Persian staff work in, for any ModelAdmin or inline:

    - in the Persian admin, every date and date-time field is typed and picked in Jalali
      (exhibition/jalali.py) and the change list shows dates in Jalali and numbers in
      Persian digits («٫» before decimals), its numeric filters' values too; the
      English admin keeps Django's Gregorian widgets and Latin digits;
    - a field of one language (modeltranslation's ``title_fa``, ``title_en``) is laid out
      in that language's direction, wide, whatever the admin's language;
    - a tabular inline's fields are named after their columns (ColumnNamedFormSet);
    - with ``slug_sources`` set, the slug may be left empty: the form fills it in from the
      first of those fields that has text, through the text pipeline as the importer does
      (so the Tag "+" popup from an article needs no slug typed)."""

    slug_sources: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if display.is_persian() and db_field.editable and not db_field.choices:
            if isinstance(db_field, models.DateTimeField):
                kwargs.update(
                    form_class=jalali.JalaliDateTimeField, widget=jalali.AdminJalaliDateTimeInput
                )
            elif isinstance(db_field, models.DateField):
                kwargs.update(form_class=jalali.JalaliDateField, widget=jalali.AdminJalaliDateInput)
        elif isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("widget", LabelledSplitDateTime)
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        attrs = display.language_attrs(getattr(db_field, "language", None))
        if field is not None and attrs:
            field.widget.attrs.update(attrs)
        if field is not None and isinstance(_drawn(field.widget), widgets.AutocompleteMixin):
            # Select2 draws the box staff use, and names it from this (static/js/admin.js).
            _drawn(field.widget).attrs.setdefault("aria-label", field.label)
        return field

    def get_list_display(self, request):
        names = super().get_list_display(request)
        if not display.is_persian():
            return names
        keep = {*(self.list_display_links or ()), *self.list_editable}
        return [
            (_local_column(self.model, name) or name)
            if isinstance(name, str) and name not in keep
            else name
            for name in names
        ]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if not display.is_persian():
            return filters
        return [
            (_local_filter(self.model, name) or name) if isinstance(name, str) else name
            for name in filters
        ]

    # Read-only dates (created, updated) are shown by Django in the Gregorian calendar:
    # in the Persian admin they are Jalali columns instead. Only fields that can never be
    # on the form (editable=False) are swapped, so the fieldsets and the read-only list
    # stay in step whatever a subclass adds to either.
    def _shown_read_only(self, name):
        try:
            field = self.model._meta.get_field(name) if isinstance(name, str) else None
        except FieldDoesNotExist:
            return name
        if field is None or field.editable or not display.is_persian():
            return name
        return _local_column(self.model, name) or name

    def get_readonly_fields(self, request, obj=None):
        return [self._shown_read_only(f) for f in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        def shown(entry):
            if isinstance(entry, (list, tuple)):
                return tuple(self._shown_read_only(f) for f in entry)
            return self._shown_read_only(entry)

        return [
            (name, {**options, "fields": [shown(entry) for entry in options["fields"]]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def message_user(self, request, message, *args, **kwargs):
        # Django's own messages («Successfully deleted 3 …») count in Latin digits: plain
        # text ones are told in the admin's digits. Messages with markup (links to the
        # object) are left alone: their addresses hold digits too.
        if not hasattr(message, "__html__"):
            message = display.local_digits(message)
        super().message_user(request, message, *args, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        # Called on inlines only (a ModelAdmin has no formset of its own).
        formset = super().get_formset(request, obj, **kwargs)
        if not isinstance(self, admin.TabularInline):
            return formset
        return type(formset.__name__, (ColumnNamedFormSet, formset), {})

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not self.slug_sources or "slug" not in form.base_fields:
            return form
        return type(form.__name__, (SlugFilledForm, form), {"slug_sources": self.slug_sources})


class SlugFilledForm(forms.ModelForm):
    """A form whose slug, left empty, is made from ``slug_sources`` as imports make it
    (normalized, then ``persian.slugify``); a slug another row has is a form error."""

    slug_sources: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Left empty, it is made from the name, as imported ones are."
        )

    def clean(self):
        data = super().clean()
        if not data.get("slug"):
            text = next((data[f] for f in self.slug_sources if data.get(f)), "")
            limit = self.fields["slug"].max_length or 200
            data["slug"] = persian.slugify(persian.normalize(text), max_length=limit)
            if not data["slug"] and text:
                self.add_error("slug", _("The name has no letters to make a slug of; type one."))
        return data

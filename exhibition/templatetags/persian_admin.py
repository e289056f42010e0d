"""The admin's change-list pieces in the admin's digits (templates/admin/pagination.html)."""

from django import template
from django.contrib.admin.templatetags.admin_list import paginator_number
from django.contrib.admin.views.main import PAGE_VAR
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from exhibition import display

register = template.Library()


@register.simple_tag
def local_paginator_number(cl, i):
    """Django's ``paginator_number``, the page shown in Persian digits in the Persian
    admin (its address keeps Latin ones)."""
    if i == cl.paginator.ELLIPSIS or not display.is_persian():
        return paginator_number(cl, i)
    if i == cl.page_num:
        return format_html('<span class="this-page">{}</span> ', display.local_digits(i))
    return format_html(
        '<a href="{}"{}>{}</a> ',
        cl.get_query_string({PAGE_VAR: i}),
        mark_safe(' class="end"' if i == cl.paginator.num_pages else ""),
        display.local_digits(i),
    )

"""{% articles_in_review as count %}: the editors' queue on the admin index."""

from django import template

from articles.models import Article

register = template.Library()


@register.simple_tag
def articles_in_review():
    return Article.objects.in_review().count()

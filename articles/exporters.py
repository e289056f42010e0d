"""The JSON Lines record of an article (docs/import-format.md)."""

from articles.importers import SCHEMA_VERSION
from articles.models import Article


def _names(obj) -> dict:
    return {"slug": obj.slug, "name_fa": obj.name_fa or "", "name_en": obj.name_en or ""}


def article_record(article: Article) -> dict:
    return {
        "schema": SCHEMA_VERSION,
        "news_code": article.news_code,
        "language": article.language,
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "slug": article.slug,
        "kicker": article.kicker,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "service": _names(article.desk) if article.desk else None,
        "tags": [_names(tag) for tag in article.tags.all()],
        "reporter": article.reporter,
        "source_agency": article.source_agency,
        "source_url": article.source_url,
        "image": article.image.name or "",
        "image_caption": article.image_caption,
        "image_alt_fa": article.image_alt_fa,
        "image_alt_en": article.image_alt_en,
        "view_count": article.view_count,
        "paired_news_code": article.paired.news_code if article.paired else None,
        "source_text": article.source_text,
        "content_hash": article.content_hash,
        "translation_outdated": article.translation_outdated,
    }

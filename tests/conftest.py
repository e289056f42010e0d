def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    where = db.get("HOST") or "embedded"
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} ({where})"

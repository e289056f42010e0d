"""What a browser posts for an admin form as it was shown (its initial values)."""


def posted_form(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = getattr(field.widget, "widget", field.widget)  # inside a related wrapper
        if hasattr(widget, "widgets"):  # split date and time
            for index, part in enumerate(widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif value is not None and (value or value == 0):
            data[name] = str(value)
    return data


# The article admin's inlines with no rows (their management forms), for a test that
# posts the article form: the gallery (articles) and the exhibitors named (booths).
ARTICLE_INLINES_EMPTY = {
    f"{prefix}-{count}": "0"
    for prefix in ("images", "exhibitor_mentions")
    for count in ("TOTAL_FORMS", "INITIAL_FORMS")
}

"""What every public form (the news search, the directory's filters) shares.

Labels on the public pages follow one style: sentence case, no trailing colon, the same
words for the same thing ("Sort by", "From", "To"; a search box says what it searches,
"Search the news", "Search the exhibitors"; a choice left empty is "All …"). The admin
keeps Django's own style."""

from django import forms


class PublicForm(forms.Form):
    """No colon after a label, whether a template writes ``{{ field.label }}`` or
    ``{{ field.label_tag }}`` (Django adds «:» by default)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

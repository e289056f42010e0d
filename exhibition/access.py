"""Who may do what, beyond Django's own permissions."""

TRANSLATORS_GROUP = "translators"


def can_translate(user) -> bool:
    """Rosetta: superusers, and staff in the translators group."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=TRANSLATORS_GROUP).exists()

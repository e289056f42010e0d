"""Side-effecting workflows and the seam the news side matches exhibitors with."""

from django.db import transaction

from booths.models import Achievement, Exhibitor, Hall, Stand
from exhibition import persian


def exhibitor_alias_token_sequences(*, exhibitor: Exhibitor) -> list[tuple[str, ...]]:
    """The canonical token sequences that name ``exhibitor`` in running text.

    Names and short names in both languages plus every alias line, each
    through ``persian.search_tokens`` (the same canonical form the news text
    gets), so ي/ی, ZWNJ and digit variants match. Longest first, no repeats,
    no empty sequences.
    """
    sequences = []
    for name in exhibitor.names_and_aliases():
        tokens = tuple(persian.search_tokens(name))
        if tokens and tokens not in sequences:
            sequences.append(tokens)
    return sorted(sequences, key=len, reverse=True)


def exhibitor_alias_index(*, exhibitors=None) -> dict[tuple[str, ...], list[int]]:
    """Token sequence -> ids of the exhibitors it names, for matching a whole article at once.

    One query; a sequence shared by two exhibitors maps to both, so the
    caller decides what an ambiguous name means.
    """
    index: dict[tuple[str, ...], list[int]] = {}
    queryset = exhibitors if exhibitors is not None else Exhibitor.objects.all()
    fields = [
        "pk",
        "name_fa",
        "name_en",
        "short_name_fa",
        "short_name_en",
        "aliases",
    ]
    for exhibitor in queryset.only(*fields):
        for sequence in exhibitor_alias_token_sequences(exhibitor=exhibitor):
            ids = index.setdefault(sequence, [])
            if exhibitor.pk not in ids:
                ids.append(exhibitor.pk)
    return index


def demo_content_counts() -> dict[str, int]:
    """What ``demo_content_delete`` would remove, by kind of row."""
    demo_exhibitors = Exhibitor.objects.filter(is_demo=True)
    return {
        "achievements": Achievement.objects.filter(is_demo=True).count()
        + Achievement.objects.filter(is_demo=False, exhibitor__in=demo_exhibitors).count(),
        "stands": Stand.objects.filter(is_demo=True).count(),
        "exhibitors": demo_exhibitors.count(),
        "halls": _deletable_demo_halls().count(),
    }


def _deletable_demo_halls():
    # A demo hall that still holds a real stand stays, so no real stand loses its hall.
    return Hall.objects.filter(is_demo=True).exclude(stands__is_demo=False)


@transaction.atomic
def demo_content_delete() -> dict[str, int]:
    """Delete every row marked as demo content, all or nothing; returns the counts."""
    counts = demo_content_counts()
    Achievement.objects.filter(is_demo=True).delete()
    Stand.objects.filter(is_demo=True).delete()
    # Their remaining (non-demo) achievements go with them by cascade; counted above.
    Exhibitor.objects.filter(is_demo=True).delete()
    _deletable_demo_halls().delete()
    return counts

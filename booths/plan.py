"""Geometry for the server-drawn SVG floor plans (no JavaScript needed).

Coordinates are metres on the hall's plan. Every hall is drawn at one scale
(``PX_PER_METRE``), the full plan and the mini-maps alike, so a 4 m stand is the
same size on every page. Every number is formatted here as a plain string so
templates never localize a decimal separator into an SVG attribute.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from booths.models import Amenity, Hall, Stand
from exhibition.display import local_digits, translated_text

# One scale for every drawing: 20 px a metre puts the smallest label at 11 px.
PX_PER_METRE = 20
LABEL_MAX_FONT = 0.8
# The readable minimum (11 px at PX_PER_METRE); a label never gets smaller.
LABEL_MIN_FONT = 0.55
FONT_STEP = 0.05
LINE_HEIGHT = 1.15
CODE_FONT_SIZE = 0.55
# Advance of a character in Vazirmatn, as a share of the font size, a little on the wide
# side (measured in Chromium; tests/booths/test_browser.py checks labels stay inside).
CHAR_WIDTH = 0.6  # anything not listed below
_NARROW = 0.3
_WIDTHS = {
    **dict.fromkeys("ijlt.,'’!|:; -()", _NARROW),
    **dict.fromkeys("abcdeghknopqsuvxyzrf", 0.58),
    **dict.fromkeys("0123456789۰۱۲۳۴۵۶۷۸۹", 0.58),
    **dict.fromkeys("\u200c\u200d\u200e\u200f", 0),
}
PERSIAN_WIDTH = 0.56
UPPER_WIDTH = 0.72
PADDING = 0.25
ELLIPSIS = "…"
# Mini-maps show at least this much of the hall around the stand (metres), then grow
# until no stand is cut.
MINIMAP_WIDTH = 16
MINIMAP_DEPTH = 10
MINIMAP_MARGIN = 0.3
# ...and at least this much on each side of the stands, so a big stand has neighbours.
MINIMAP_AROUND = 2
AMENITY_SIZE = 1.6


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _char_width(char: str) -> float:
    if char in _WIDTHS:
        return _WIDTHS[char]
    if "\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff":
        return PERSIAN_WIDTH
    if char.isupper():
        return UPPER_WIDTH
    return CHAR_WIDTH


def _text_width(text: str, font_size: float) -> float:
    return sum(map(_char_width, text)) * font_size


def _wrap(text: str, width: float, font_size: float) -> list[str] | None:
    """``text`` on as few lines as fit ``width`` at ``font_size`` (greedy, by measured
    width); None if a word alone is too long for a line."""
    lines: list[str] = []
    for word in text.split():
        if _text_width(word, font_size) > width:
            return None
        if lines and _text_width(f"{lines[-1]} {word}", font_size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _shorten(text: str, width: float, font_size: float) -> str:
    """The start of ``text`` and an ellipsis, as much as fits ``width``."""
    while text and _text_width(text + ELLIPSIS, font_size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def label_layout(label: str, width: float, depth: float) -> tuple[list[str], float]:
    """The label's lines and font size inside a ``width`` × ``depth`` stand under its
    code: the largest size at which the wrapped label fits, down to LABEL_MIN_FONT; at
    that size, a label that still does not fit is shortened with an ellipsis (the stand
    list and the link's accessible name keep the whole name)."""
    label = " ".join((label or "").split())
    if not label:
        return [], 0
    inner_width = width - 2 * PADDING
    room = depth - CODE_FONT_SIZE - 3 * PADDING
    size = LABEL_MAX_FONT
    while size >= LABEL_MIN_FONT - 1e-9:
        lines = _wrap(label, inner_width, size)
        if lines and len(lines) * size * LINE_HEIGHT <= room:
            return lines, round(size, 2)
        size -= FONT_STEP
    size = LABEL_MIN_FONT
    max_lines = max(1, math.floor(room / (size * LINE_HEIGHT)))
    words = [
        word if _text_width(word, size) <= inner_width else _shorten(word, inner_width, size)
        for word in label.split()
    ]
    lines = _wrap(" ".join(words), inner_width, size) or []
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _shorten(lines[-1], inner_width, size)
    return lines, size


def _fallback_language(obj, field: str) -> str:
    """ "fa" where an English page shows ``field``'s Persian value for a missing English one."""
    if obj is None or (get_language() or "fa").startswith("fa") or getattr(obj, f"{field}_en"):
        return ""
    return "fa"


def stand_accessible_name(stand: Stand) -> str:
    area = local_digits(stand.area)
    if stand.exhibitor_id and stand.exhibitor:
        return _("Stand %(code)s: %(name)s, %(area)s m²") % {
            "code": stand.code,
            "name": translated_text(stand.exhibitor, "name"),
            "area": area,
        }
    return _("Stand %(code)s: not yet assigned, %(area)s m²") % {"code": stand.code, "area": area}


@dataclass
class LabelLine:
    text: str
    y: str


@dataclass
class PlanStand:
    stand: Stand
    href: str
    accessible_name: str
    is_current: bool
    x: str
    y: str
    width: str
    depth: str
    text_x: str
    code_y: str
    lines: list[LabelLine]
    font_size: str
    # "fa" when the label is the Persian fallback of a missing English short name.
    label_lang: str = ""

    @property
    def label(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class PlanAmenity:
    amenity: Amenity
    kind: str
    name: str
    # The symbol's box (top-left corner and size) on the plan.
    x: str
    y: str
    size: str


@dataclass
class HallPlan:
    hall: Hall
    view_box: str
    width: str
    depth: str
    # Size of the drawing on screen, at PX_PER_METRE.
    width_px: str
    height_px: str
    is_focused: bool
    # Each stand's element id (``stand-A-12``): only the one full plan on a page has them.
    with_ids: bool = True
    stands: list[PlanStand] = field(default_factory=list)
    amenities: list[PlanAmenity] = field(default_factory=list)

    @property
    def current_stands(self):
        return [s for s in self.stands if s.is_current]

    @property
    def amenity_kinds(self):
        """The kinds of facility on this plan, once each, in the legend's order."""
        present = {a.kind for a in self.amenities}
        return [(kind, label) for kind, label in Amenity.Kind.choices if kind in present]


def _crop_box(
    hall: Hall, stands: list[Stand], focus: list[Stand]
) -> tuple[float, float, float, float]:
    """A box around the focused stands, at least MINIMAP_WIDTH × MINIMAP_DEPTH, inside
    the hall, grown until every stand it touches is whole (no label cut mid-stand), and
    a margin (``hall_plan`` draws only the stands inside the box)."""
    left = min(s.x for s in focus)
    top = min(s.y for s in focus)
    right = max(s.x + s.width for s in focus)
    bottom = max(s.y + s.depth for s in focus)
    box_w = min(hall.width, max(MINIMAP_WIDTH, right - left + 2 * MINIMAP_AROUND))
    box_h = min(hall.depth, max(MINIMAP_DEPTH, bottom - top + 2 * MINIMAP_AROUND))
    cx, cy = (left + right) / 2, (top + bottom) / 2
    x0 = min(max(cx - box_w / 2, 0), hall.width - box_w)
    y0 = min(max(cy - box_h / 2, 0), hall.depth - box_h)
    x1, y1 = x0 + box_w, y0 + box_h
    x0, y0 = min(x0, left), min(y0, top)
    x1, y1 = max(x1, right), max(y1, bottom)
    changed = True
    while changed:
        changed = False
        for s in stands:
            inside = s.x < x1 and s.x + s.width > x0 and s.y < y1 and s.y + s.depth > y0
            if inside and (s.x < x0 or s.y < y0 or s.x + s.width > x1 or s.y + s.depth > y1):
                x0, y0 = min(x0, s.x), min(y0, s.y)
                x1, y1 = max(x1, s.x + s.width), max(y1, s.y + s.depth)
                changed = True

    # A little air on each side; a neighbour it reaches into is left out of the drawing.
    x0, y0 = max(0, x0 - MINIMAP_MARGIN), max(0, y0 - MINIMAP_MARGIN)
    x1, y1 = min(hall.width, x1 + MINIMAP_MARGIN), min(hall.depth, y1 + MINIMAP_MARGIN)
    return x0, y0, x1 - x0, y1 - y0


def _inside(x, y, width, depth, box_x, box_y, box_w, box_h) -> bool:
    eps = 1e-9
    return (
        x >= box_x - eps
        and y >= box_y - eps
        and x + width <= box_x + box_w + eps
        and y + depth <= box_y + box_h + eps
    )


def hall_plan(
    hall: Hall,
    stands: Iterable[Stand],
    *,
    current: Iterable[int] = (),
    amenities: Iterable[Amenity] = (),
    link_to_exhibitors: bool = True,
    floor_plan_url: str = "",
    cropped: bool = False,
    with_ids: bool = True,
) -> HallPlan:
    """The drawing of one hall; ``current`` stand ids are highlighted. ``cropped``: a
    mini-map around the current stands instead of the whole hall."""
    current = set(current)
    stands = list(stands)
    floor_plan_url = floor_plan_url or reverse("booths:floor_plan")
    focus = [s for s in stands if s.pk in current]
    if cropped and focus:
        x, y, w, h = _crop_box(hall, stands, focus)
        # Only what the crop shows whole: a stand outside it would still take a Tab stop.
        stands = [s for s in stands if _inside(s.x, s.y, s.width, s.depth, x, y, w, h)]
        amenities = [
            a
            for a in amenities
            if _inside(
                a.x - AMENITY_SIZE / 2,
                a.y - AMENITY_SIZE / 2,
                AMENITY_SIZE,
                AMENITY_SIZE,
                x,
                y,
                w,
                h,
            )
        ]
    else:
        x, y, w, h = 0, 0, hall.width, hall.depth
    plan = HallPlan(
        hall=hall,
        view_box=" ".join(_num(v) for v in (x, y, w, h)),
        width=_num(hall.width),
        depth=_num(hall.depth),
        width_px=_num(w * PX_PER_METRE),
        height_px=_num(h * PX_PER_METRE),
        is_focused=bool(focus) and cropped,
        with_ids=with_ids,
    )
    for stand in stands:
        exhibitor = stand.exhibitor if stand.exhibitor_id else None
        if exhibitor and link_to_exhibitors:
            href = exhibitor.get_absolute_url()
        else:
            href = f"{floor_plan_url}?stand={stand.code}#stand-{stand.code}"
        label = translated_text(exhibitor, "short_name") if exhibitor else ""
        lines, size = label_layout(label, stand.width, stand.depth)
        code_y = stand.y + PADDING + CODE_FONT_SIZE
        # The label's lines sit in the middle of the room under the code.
        room_top = code_y + PADDING
        block = len(lines) * size * LINE_HEIGHT
        first = room_top + (stand.y + stand.depth - PADDING - room_top - block) / 2 + size
        plan.stands.append(
            PlanStand(
                stand=stand,
                href=href,
                accessible_name=stand_accessible_name(stand),
                is_current=stand.pk in current,
                x=_num(stand.x),
                y=_num(stand.y),
                width=_num(stand.width),
                depth=_num(stand.depth),
                text_x=_num(stand.x + stand.width / 2),
                code_y=_num(code_y),
                lines=[
                    LabelLine(text=line, y=_num(first + i * size * LINE_HEIGHT))
                    for i, line in enumerate(lines)
                ],
                font_size=_num(size),
                label_lang=_fallback_language(exhibitor, "short_name"),
            )
        )
    for amenity in amenities:
        plan.amenities.append(
            PlanAmenity(
                amenity=amenity,
                kind=amenity.kind,
                name=amenity.get_kind_display(),
                x=_num(amenity.x - AMENITY_SIZE / 2),
                y=_num(amenity.y - AMENITY_SIZE / 2),
                size=_num(AMENITY_SIZE),
            )
        )
    return plan


def exhibitor_plans(
    stands: list[Stand], hall_stands: Iterable[Stand], amenities: Iterable[Amenity] = (), **kwargs
) -> list[HallPlan]:
    """One mini-map per hall ``stands`` are in, from rows already read: ``hall_stands``
    (every stand of those halls, with exhibitors) and ``amenities`` (theirs, optional).
    The hall cropped around the stands so no stand is cut, at the plan's one scale."""
    halls = {s.hall_id: s.hall for s in stands}
    by_hall: dict[int, list[Stand]] = {}
    for stand in hall_stands:
        by_hall.setdefault(stand.hall_id, []).append(stand)
    facilities: dict[int, list[Amenity]] = {}
    for amenity in amenities:
        facilities.setdefault(amenity.hall_id, []).append(amenity)
    current = [s.pk for s in stands]
    ordered = sorted(halls.items(), key=lambda item: (item[1].position, item[1].code))
    return [
        hall_plan(
            hall,
            by_hall.get(hall_id, []),
            current=current,
            amenities=facilities.get(hall_id, []),
            cropped=True,
            with_ids=False,
            **kwargs,
        )
        for hall_id, hall in ordered
    ]


def stand_minimaps(stands: list[Stand], **kwargs) -> list[HallPlan]:
    """``exhibitor_plans`` reading what it needs: two queries (stands, amenities)."""
    if not stands:
        return []
    halls = {s.hall_id for s in stands}
    return exhibitor_plans(
        stands,
        Stand.objects.filter(hall__in=halls).select_related("exhibitor"),
        Amenity.objects.filter(hall__in=halls),
        **kwargs,
    )

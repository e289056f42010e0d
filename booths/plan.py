"""Geometry for the server-drawn SVG floor plans (no JavaScript needed).

Coordinates are metres on the hall's plan. Every number is formatted here
as a plain string so templates never localize a decimal separator into an
SVG attribute.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from booths.models import Hall, Stand
from exhibition.display import local_digits, translated_text

LABEL_FONT_SIZE = 0.8
CODE_FONT_SIZE = 0.6
# Rough advance of one character, as a share of the font size (Persian and Latin alike).
CHAR_WIDTH = 0.55
PADDING = 0.3
# A focused view shows at least this share of the hall's width.
ZOOM_SHARE = 0.5


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def label_fits(label: str, width: float, depth: float) -> bool:
    needed_width = len(label) * CHAR_WIDTH * LABEL_FONT_SIZE + 2 * PADDING
    needed_depth = LABEL_FONT_SIZE + CODE_FONT_SIZE + 3 * PADDING
    return bool(label) and needed_width <= width and needed_depth <= depth


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
    label_y: str
    label: str
    # "fa" when the label is the Persian fallback of a missing English short name.
    label_lang: str = ""


@dataclass
class HallPlan:
    hall: Hall
    view_box: str
    width: str
    depth: str
    is_focused: bool
    stands: list[PlanStand] = field(default_factory=list)

    @property
    def current_stands(self):
        return [s for s in self.stands if s.is_current]


def _focus_box(hall: Hall, focus: list[Stand]) -> tuple[float, float, float, float]:
    """A box with the hall's proportions, centred on the focused stands, inside the hall."""
    left = min(s.x for s in focus)
    top = min(s.y for s in focus)
    right = max(s.x + s.width for s in focus)
    bottom = max(s.y + s.depth for s in focus)
    aspect = hall.depth / hall.width
    box_w = max(hall.width * ZOOM_SHARE, (right - left) * 2, (bottom - top) * 2 / aspect)
    box_w = min(box_w, hall.width)
    box_h = box_w * aspect
    cx, cy = (left + right) / 2, (top + bottom) / 2
    x = min(max(cx - box_w / 2, 0), hall.width - box_w)
    y = min(max(cy - box_h / 2, 0), hall.depth - box_h)
    return x, y, box_w, box_h


def hall_plan(
    hall: Hall,
    stands: Iterable[Stand],
    *,
    current: Iterable[int] = (),
    link_to_exhibitors: bool = True,
    floor_plan_url: str = "",
) -> HallPlan:
    """The drawing of one hall; ``current`` stand ids are highlighted and centred."""
    current = set(current)
    stands = list(stands)
    floor_plan_url = floor_plan_url or reverse("booths:floor_plan")
    focus = [s for s in stands if s.pk in current]
    if focus:
        x, y, w, h = _focus_box(hall, focus)
    else:
        x, y, w, h = 0, 0, hall.width, hall.depth
    plan = HallPlan(
        hall=hall,
        view_box=" ".join(_num(v) for v in (x, y, w, h)),
        width=_num(hall.width),
        depth=_num(hall.depth),
        is_focused=bool(focus),
    )
    for stand in stands:
        exhibitor = stand.exhibitor if stand.exhibitor_id else None
        if exhibitor and link_to_exhibitors:
            href = exhibitor.get_absolute_url()
        else:
            href = f"{floor_plan_url}?stand={stand.code}#hall-{hall.code}"
        label = exhibitor.short_name if exhibitor else ""
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
                code_y=_num(stand.y + PADDING + CODE_FONT_SIZE),
                label_y=_num(stand.y + 2 * PADDING + CODE_FONT_SIZE + LABEL_FONT_SIZE),
                label=label if label_fits(label, stand.width, stand.depth) else "",
                label_lang=_fallback_language(exhibitor, "short_name"),
            )
        )
    return plan


def exhibitor_plans(stands: list[Stand], hall_stands: Iterable[Stand], **kwargs) -> list[HallPlan]:
    """One focused excerpt per hall an exhibitor has stands in."""
    by_hall: dict[int, list[Stand]] = {}
    for stand in hall_stands:
        by_hall.setdefault(stand.hall_id, []).append(stand)
    halls = {s.hall_id: s.hall for s in stands}
    current = [s.pk for s in stands]
    ordered = sorted(halls.items(), key=lambda item: (item[1].position, item[1].code))
    return [
        hall_plan(hall, by_hall.get(hall_id, []), current=current, **kwargs)
        for hall_id, hall in ordered
    ]

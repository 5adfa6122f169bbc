"""The planner's helpers for one brand: labels on posts, calendar notes, holidays, sharing (no Qt).

:class:`Planner` keeps an in-memory copy of the brand's labels and assignments so the calendar's
paint only reads a dict; every change goes to the :class:`~dashdesk.store.planning.PlanningStore`
at once. Hook it to a ``PostService`` with :meth:`Planner.follow` so a deleted post's labels go
(and come back with the post if the deletion is undone).

Team file (``export_json`` / ``import_json``), version 1::

    {"format": "dashdesk-planning", "version": 1,
     "snippets": [{"name": str, "body": str, "kind": "text|hashtags|signature|cta|link",
                   "utm": {"utm_source": str, ...}}],
     "labels": [{"brand_id": int, "name": str, "color": "#rrggbb"}],
     "notes": [{"first_day": "YYYY-MM-DD", "last_day": "YYYY-MM-DD", "text": str, "color": "#rrggbb"|"",
                "no_posting": bool, "brand_id": int|null, "source": str}]}

Label assignments stay on the machine (post ids mean nothing to a teammate's account). Importing
merges: snippets and labels with the same name are replaced, identical notes are skipped.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dashdesk.i18n import tr
from dashdesk.store.planning import SNIPPET_KINDS, Label, Note, PlanningStore, Snippet

FORMAT = "dashdesk-planning"
VERSION = 1
HOLIDAY_COLOR = "#8e44ad"
LABEL_COLORS = ("#e0484e", "#f28c28", "#e6b800", "#3aa655", "#1f9bb8", "#3d6fd9", "#8e5bd6", "#d64fa6")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

PostKey = tuple[str, int]


class PlanningFileError(ValueError):
    """A team file DashDesk can't read; ``str(exc)`` says what is wrong in plain words."""


class Planner:
    """Labels, assignments and notes of one brand, cached for painting, stored at once."""

    def __init__(self, store: PlanningStore, brand_id: int) -> None:
        self.store = store
        self.brand_id = brand_id
        self.listeners: list[Callable[[], None]] = []
        self._trash: dict[PostKey, list[int]] = {}
        self.reload()

    def reload(self) -> None:
        """Read the brand's labels and assignments again."""
        self.labels: dict[int, Label] = {label.id: label for label in self.store.labels(self.brand_id)}
        self.assigned: dict[PostKey, list[int]] = self.store.assignments(self.brand_id)
        self.all_notes: list[Note] = [n for n in self.store.all_notes() if n.brand_id in (None, self.brand_id)]
        self._changed()

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()

    # --- labels ----------------------------------------------------------------------------

    def label_list(self) -> list[Label]:
        """The brand's labels by name."""
        return sorted(self.labels.values(), key=lambda label: label.name.casefold())

    def add_label(self, name: str, color: str | None = None) -> Label:
        """Create (or recolour) the label ``name``."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("Give the label a name.")
        color = color if color and _COLOR.match(color) else LABEL_COLORS[len(self.labels) % len(LABEL_COLORS)]
        label = self.store.save_label(self.brand_id, name, color)
        self.labels[label.id] = label
        self._changed()
        return label

    def remove_label(self, label_id: int) -> None:
        """Delete a label everywhere."""
        self.store.delete_label(label_id)
        self.reload()

    def labels_of(self, key: PostKey) -> list[Label]:
        """The labels ``key`` carries."""
        return [self.labels[i] for i in self.assigned.get(key, ()) if i in self.labels]

    def colors_of(self, key: PostKey) -> tuple[str, ...]:
        """The colours of ``key``'s labels (what a chip paints), fast."""
        ids = self.assigned.get(key)
        if not ids:
            return ()
        return tuple(self.labels[i].color for i in ids if i in self.labels)

    def set_labels(self, key: PostKey, label_ids: Iterable[int]) -> None:
        """Give post ``key`` exactly ``label_ids``."""
        ids = [i for i in dict.fromkeys(label_ids) if i in self.labels]
        self.store.set_post_labels(key, ids)
        if ids:
            self.assigned[key] = sorted(ids, key=lambda i: self.labels[i].name.casefold())
        else:
            self.assigned.pop(key, None)
        self._changed()

    def set_label_names(self, key: PostKey, names: Iterable[str]) -> None:
        """Give ``key`` the labels called ``names`` (creating missing ones), as the CSV import does."""
        by_name = {label.name.casefold(): label.id for label in self.labels.values()}
        ids = []
        for name in names:
            clean = " ".join(name.split())
            if clean:
                ids.append(by_name.get(clean.casefold()) or self.add_label(clean).id)
        self.set_labels(key, ids)

    def post_deleted(self, key: PostKey) -> None:
        """Drop the labels of a deleted post (kept in memory in case the deletion is undone)."""
        self._trash[key] = self.store.drop_post(key)
        self.assigned.pop(key, None)
        self._changed()

    def post_recreated(self, old: PostKey, new: PostKey) -> None:
        """A deleted post came back (as ``new``): give it its labels again."""
        ids = self._trash.pop(old, None)
        if ids:
            self.set_labels(new, ids)

    def follow(self, service: Any) -> None:
        """Hook a ``PostService``: its confirmed deletions and re-creations update the labels."""
        service.on_deleted(self.post_deleted)
        service.on_recreated(self.post_recreated)

    def mix(self, keys: Iterable[PostKey]) -> list[tuple[Label | None, int]]:
        """How many of ``keys`` carry each label (most first); ``None`` counts the unlabelled ones."""
        counts: Counter[int | None] = Counter()
        for key in keys:
            ids = [i for i in self.assigned.get(key, ()) if i in self.labels]
            counts.update(ids or [None])
        out = [(self.labels.get(i) if i is not None else None, n) for i, n in counts.items()]
        return sorted(out, key=lambda item: (item[0] is None, -item[1], item[0].name if item[0] else ""))

    # --- notes -----------------------------------------------------------------------------

    def notes(self, first: date, last: date) -> list[Note]:
        """The notes on ``first``..``last`` for this brand (and for every brand), from memory."""
        return [n for n in self.all_notes if n.first_day <= last and n.last_day >= first]

    def add_note(self, first: date, last: date, text: str, *, color: str = "", no_posting: bool = False,
                 every_brand: bool = False) -> Note:
        """Add a note on ``first``..``last`` (this brand's, or every brand's)."""
        text = " ".join(text.split())
        if not text:
            raise ValueError("Write the note's text.")
        note = self.store.add_note(first, last, text, color=color, no_posting=no_posting,
                                   brand_id=None if every_brand else self.brand_id)
        self.reload()
        return note

    def update_note(self, note: Note) -> None:
        """Store a changed note."""
        self.store.update_note(note)
        self.reload()

    def remove_note(self, note_id: int) -> None:
        """Delete a note."""
        self.store.delete_note(note_id)
        self.reload()

    def notes_by_day(self, first: date, last: date) -> dict[date, list[Note]]:
        """The notes of each day in ``first``..``last``."""
        out: dict[date, list[Note]] = {}
        for note in self.notes(first, last):
            day = max(note.first_day, first)
            while day <= min(note.last_day, last):
                out.setdefault(day, []).append(note)
                day = date.fromordinal(day.toordinal() + 1)
        return out

    def is_blackout(self, day: date) -> Note | None:
        """The "no posting" note on ``day``, if any (from memory)."""
        return next((n for n in self.notes(day, day) if n.no_posting), None)

    def blackout_at(self, when: datetime, tz: ZoneInfo) -> Note | None:
        """The "no posting" note on the local day of the instant ``when`` in ``tz``."""
        return self.is_blackout(when.astimezone(tz).date())


def no_posting_days(first: date, last: date, brand_id: int | None,
                    store: PlanningStore | None = None) -> set[date]:
    """Every day in ``first``..``last`` that a "no posting" note covers for ``brand_id`` (or every
    brand): the days the queue skips. ``store``: the user's store by default (blocking, as
    :func:`is_blackout`)."""
    own = store is None
    store = store or open_store()
    try:
        notes = store.notes(first, last, brand_id)
    finally:
        if own:
            store.close()
    days: set[date] = set()
    for note in notes:
        if note.no_posting:
            day = max(note.first_day, first)
            while day <= min(note.last_day, last):
                days.add(day)
                day = date.fromordinal(day.toordinal() + 1)
    return days


def is_blackout(day: date, brand_id: int | None, store: PlanningStore | None = None) -> Note | None:
    """The "no posting" note on ``day`` for ``brand_id`` (or for every brand), if any.

    The query "Add to queue" and other Qt-free callers use before placing a post on ``day`` (a local
    calendar day: convert an instant with ``when.astimezone(zone).date()`` first). ``store``: the
    user's store by default (opened for the call; blocking: call it off the UI thread, or use
    ``Planner.is_blackout``, which reads memory).
    """
    own = store is None
    store = store or open_store()
    try:
        notes = store.notes(day, day, brand_id)
    finally:
        if own:
            store.close()
    for note in notes:
        if note.no_posting:
            return note
    return None


# --- holidays ---------------------------------------------------------------------------------


def holiday_countries() -> dict[str, str]:
    """Country code -> country name, for every country the holidays library knows."""
    from holidays import registry

    out = {}
    for _module, (class_name, code, *_rest) in registry.COUNTRIES.items():
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)
        out[code] = name
    return dict(sorted(out.items(), key=lambda item: item[1]))


def import_holidays(store: PlanningStore, country: str, years: Iterable[int], *, brand_id: int | None = None,
                    subdiv: str | None = None, no_posting: bool = False) -> int:
    """Add the public holidays of ``country`` in ``years`` as notes; returns how many were new."""
    import holidays

    try:
        days = holidays.country_holidays(country.upper(), subdiv=subdiv, years=list(years))
    except (NotImplementedError, KeyError) as exc:
        raise ValueError(tr("No holiday list is known for “{country}”. Choose a country from the list.",
                            country=country)) \
            from exc
    added = 0
    source = f"holidays:{country.upper()}" + (f"-{subdiv}" if subdiv else "")
    for day, name in sorted(days.items()):
        if store.has_note(day, day, name, brand_id):
            continue
        store.add_note(day, day, name, color=HOLIDAY_COLOR, no_posting=no_posting, brand_id=brand_id,
                       source=source)
        added += 1
    return added


# --- team file --------------------------------------------------------------------------------


def export_data(store: PlanningStore, brand_ids: Iterable[int]) -> dict[str, Any]:
    """The team file's content: every snippet and note, and the labels of ``brand_ids``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "snippets": [{"name": s.name, "body": s.body, "kind": s.kind, "utm": dict(s.utm)}
                     for s in store.snippets()],
        "labels": [{"brand_id": lab.brand_id, "name": lab.name, "color": lab.color}
                   for b in brand_ids for lab in store.labels(b)],
        "notes": [{"first_day": n.first_day.isoformat(), "last_day": n.last_day.isoformat(), "text": n.text,
                   "color": n.color, "no_posting": n.no_posting, "brand_id": n.brand_id, "source": n.source}
                  for n in store.all_notes()],
    }


def export_json(store: PlanningStore, path: Path | str, brand_ids: Iterable[int]) -> None:
    """Write the team file to ``path``."""
    text = json.dumps(export_data(store, brand_ids), indent=2, ensure_ascii=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


def _need(obj: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = obj.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
        raise PlanningFileError(tr("{where} has no valid “{key}”. The file may be damaged; export it again.",
                                   where=where, key=key))
    return value


def _items(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise PlanningFileError(tr("The file's {key} are not readable. The file may be damaged; export it again.",
                                   key=key))
    return value


def import_data(store: PlanningStore, data: Any) -> dict[str, int]:
    """Merge a team file's content; returns how many snippets, labels and notes were added or replaced."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise PlanningFileError(tr("This is not a DashDesk snippets, labels and notes file."))
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise PlanningFileError(tr("This file comes from a newer DashDesk. Update DashDesk, then import it."))
    snippets, labels, notes = [], [], []
    for i, s in enumerate(_items(data, "snippets")):
        where = tr("Snippet {n}", n=i + 1)
        if not isinstance(s, Mapping):
            raise PlanningFileError(tr("{where} is not readable. The file may be damaged; export it again.",
                                       where=where))
        utm = s.get("utm") or {}
        kind = s.get("kind") if s.get("kind") in SNIPPET_KINDS else "text"
        if not isinstance(utm, Mapping):
            raise PlanningFileError(tr("{where} has unreadable tracking parameters.", where=where))
        snippets.append(Snippet(_need(s, "name", str, where).strip(), _need(s, "body", str, where), kind,
                                {str(k): str(v) for k, v in utm.items()}))
    for i, lab in enumerate(_items(data, "labels")):
        where = tr("Label {n}", n=i + 1)
        if not isinstance(lab, Mapping):
            raise PlanningFileError(tr("{where} is not readable. The file may be damaged; export it again.",
                                       where=where))
        color = lab.get("color") if isinstance(lab.get("color"), str) and _COLOR.match(lab["color"]) else "#3d6fd9"
        labels.append((_need(lab, "brand_id", int, where), _need(lab, "name", str, where).strip(), color))
    for i, n in enumerate(_items(data, "notes")):
        where = tr("Note {n}", n=i + 1)
        if not isinstance(n, Mapping):
            raise PlanningFileError(tr("{where} is not readable. The file may be damaged; export it again.",
                                       where=where))
        try:
            first = date.fromisoformat(_need(n, "first_day", str, where))
            last = date.fromisoformat(_need(n, "last_day", str, where))
        except ValueError as exc:
            raise PlanningFileError(tr("{where} has a date DashDesk can't read.", where=where)) from exc
        brand = n.get("brand_id")
        notes.append((first, last, _need(n, "text", str, where),
                      n.get("color") if isinstance(n.get("color"), str) else "",
                      bool(n.get("no_posting")), brand if isinstance(brand, int) else None,
                      n.get("source") if isinstance(n.get("source"), str) else ""))
    for snip in snippets:
        if snip.name:
            store.save_snippet(snip)
    for brand_id, name, color in labels:
        if name:
            store.save_label(brand_id, name, color)
    added_notes = 0
    for first, last, text, color, no_posting, brand, source in notes:
        if not store.has_note(min(first, last), max(first, last), text, brand):
            store.add_note(first, last, text, color=color, no_posting=no_posting, brand_id=brand, source=source)
            added_notes += 1
    return {"snippets": len(snippets), "labels": len(labels), "notes": added_notes}


def import_json(store: PlanningStore, path: Path | str) -> dict[str, int]:
    """Read the team file at ``path`` and merge it (see :func:`import_data`)."""
    try:
        raw = Path(path).read_bytes()
        if len(raw) > 20_000_000:
            raise PlanningFileError(tr("This file is too large to be a snippets, labels and notes file."))
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, PlanningFileError):
            raise
        raise PlanningFileError(tr("DashDesk can't read this file: it is not a snippets, labels and notes file, or it "
                                   "is damaged.")) from exc
    return import_data(store, data)


def label_names_of(store: PlanningStore, brand_id: int) -> Callable[[str, int], list[str]]:
    """``(platform, post id) -> label names`` of a brand, read once (for the CSV export)."""
    labels = {lab.id: lab.name for lab in store.labels(brand_id)}
    assigned = store.assignments(brand_id)
    return lambda platform, post_id: [labels[i] for i in assigned.get((platform, post_id), ()) if i in labels]


def open_store(folder: Path | None = None) -> PlanningStore:
    """The store in the user data folder (``planning.sqlite3``)."""
    if folder is None:
        from dashdesk.paths import data_dir

        folder = data_dir()
    return PlanningStore(folder / "planning.sqlite3")

"""Wires the composer's planning parts (Add to queue, Repeat) to the dialog, holding no reference to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from .queue_part import QueueController
from .repeat_part import RepeatController


def install_planning(dialog: Any, client: Any, service: Any,
                     clock: Callable[[], datetime]) -> tuple[QueueController, RepeatController]:
    """Make the queue and repeat controllers (children of ``dialog``) and connect them to it."""
    parts = SimpleNamespace(state=dialog.state, when_part=dialog.when_part, flow=dialog.flow, client=client,
                            brand_id=dialog.brand_id, zone=dialog.zone, clock=clock, editing=dialog.editing,
                            posts=service)
    queue = QueueController(parts, dialog)
    repeat = RepeatController(parts, dialog.repeat_picker, dialog.occurrence_bar, dialog)
    queue.changed.connect(dialog.revalidate)
    queue.saveRequested.connect(dialog.save)
    dialog.repeat_picker.changed.connect(dialog.revalidate)
    dialog.saved.connect(repeat.saved)
    repeat.skipped.connect(dialog._discard_and_close)
    repeat.failed.connect(dialog.bar.show_failed)
    return queue, repeat

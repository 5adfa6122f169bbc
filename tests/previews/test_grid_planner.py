"""The Instagram grid planner window against the sandbox: tiles in grid order with their real pictures,
drag a tile onto another to swap times (undo puts them back), refusals in words, double-click opens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from test_grid_swap import client_for, make_posts

from dashdesk.services.post import Post
from dashdesk.services.posts import PostService
from dashdesk.ui.previews.grid_planner import GridPlanner
from dashdesk.ui.undo import UndoAdaptor

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def drag(qtbot, canvas, src: QPoint, dst: QPoint) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=src)
    for f in (0.3, 0.7, 1.0):
        qtbot.mouseMove(canvas, src + (dst - src) * f)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=dst)


def test_drag_swaps_times_and_undo_restores(qtbot, sandbox, run, tmp_path) -> None:
    async def scenario() -> None:
        client = client_for(sandbox)
        base = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=3)
        whens = [base, base + timedelta(days=1), base + timedelta(days=2)]
        ids = await make_posts(client, sandbox.brand_id, tmp_path, whens)
        service = PostService(client, sandbox.brand_id)
        await service.load(base - timedelta(days=1), base + timedelta(days=10), ["instagram"])
        posted = Post.from_json("instagram", {"id": 999999, "status": "POSTED", "post_type": "FEED",
                                              "timestamp": "2025-01-01T10:00:00Z"})
        service.set_posts([*service.posts.values(), posted])
        undo = UndoAdaptor(service)
        opened: list = []
        planner = GridPlanner(service, UTC, open_post=opened.append, undo_stack=undo.stack)
        qtbot.addWidget(planner)
        planner.resize(700, 800)
        planner.show()
        canvas = planner.canvas
        assert [p.id for p in canvas.posts] == [ids[2], ids[1], ids[0], 999999]
        outcomes: list = []
        planner.outcome.connect(lambda *args: outcomes.append(args))
        undone: list = []
        undo.finished.connect(lambda: undone.append(True))

        # drag the top-left (latest) onto the third tile (earliest upcoming)
        drag(qtbot, canvas, canvas.tile_rect(0).center(), canvas.tile_rect(2).center())
        await qtbot_wait(lambda: outcomes)
        assert outcomes[0][1] is True and "Ctrl+Z" in outcomes[0][0]
        assert (await client.get_post("instagram", ids[2])).timestamp == whens[0]
        assert (await client.get_post("instagram", ids[0])).timestamp == whens[2]
        assert [p.id for p in canvas.posts] == [ids[0], ids[1], ids[2], 999999]
        assert planner.undo_button is not None and planner.undo_button.isEnabled()

        planner.undo_button.click()
        await qtbot_wait(lambda: undone)
        assert (await client.get_post("instagram", ids[2])).timestamp == whens[2]
        assert (await client.get_post("instagram", ids[0])).timestamp == whens[0]
        planner._timer.start(0)
        await qtbot_wait(lambda: [p.id for p in canvas.posts][:3] == [ids[2], ids[1], ids[0]])

        # a published post can't move: refused in words, nothing changes
        drag(qtbot, canvas, canvas.tile_rect(3).center(), canvas.tile_rect(1).center())
        await qtbot_wait(lambda: len(outcomes) == 2)
        assert outcomes[1][1] is False and outcomes[1][2] is True
        assert "can't be rescheduled" in planner.status.text()
        assert (await client.get_post("instagram", ids[1])).timestamp == whens[1]

        qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.tile_rect(1).center())
        assert opened == [("instagram", ids[1])]
        await planner.aclose()
        await client.aclose()

    async def qtbot_wait(cond, limit: float = 20.0) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        end = loop.time() + limit
        while not cond():
            assert loop.time() < end, "timed out"
            await asyncio.sleep(0.02)

    run(scenario())


def test_view_menu_opens_the_planner(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from dashdesk.services.session import LazyClient, Session
    from dashdesk.settings import Settings
    from dashdesk.ui.main_window import MainWindow

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(Session(LazyClient(None), 1, "Brand"), settings)
    qtbot.addWidget(win)
    action = win.actions.actions["grid_planner"]
    assert action in win.view_menu.actions()
    action.trigger()
    planner = win.grid_planner
    assert isinstance(planner, GridPlanner) and planner.isVisible()
    assert planner.empty.isVisible()  # nothing loaded: says so in words
    action.trigger()
    assert win.grid_planner is planner
    _ = QUndoStack  # (the planner uses the window's undo stack)
    assert planner.undo_button is not None


def test_the_whole_feed_is_read_not_only_the_loaded_weeks(qtbot, sandbox, run, tmp_path) -> None:
    async def scenario() -> None:
        client = client_for(sandbox)
        base = datetime.now(UTC).replace(microsecond=0, second=0)
        near, far = base + timedelta(days=2), base + timedelta(days=120)  # far: months past the calendar's weeks
        ids = await make_posts(client, sandbox.brand_id, tmp_path, [near, far])
        service = PostService(client, sandbox.brand_id)
        await service.load(base - timedelta(days=1), base + timedelta(days=14), ["instagram"])
        assert {p.id for p in service.posts.values()} == {ids[0]}
        planner = GridPlanner(service, UTC)
        qtbot.addWidget(planner)
        assert [p.id for p in planner.canvas.posts] == [ids[0]]
        assert await planner.load_feed() == 2
        assert [p.id for p in planner.canvas.posts] == [ids[1], ids[0]]  # the later one is top-left
        assert planner.feed_loaded and planner.status.text() == ""
        await planner.aclose()

    run(scenario())


def test_a_feed_that_cant_be_read_says_so_and_keeps_the_loaded_weeks(qtbot, sandbox, run, tmp_path) -> None:
    async def scenario() -> None:
        client = client_for(sandbox)
        base = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=2)
        ids = await make_posts(client, sandbox.brand_id, tmp_path, [base])
        service = PostService(client, sandbox.brand_id)
        await service.load(base - timedelta(days=3), base + timedelta(days=14), ["instagram"])
        planner = GridPlanner(service, UTC)
        qtbot.addWidget(planner)
        sandbox.faults.next_statuses = [503, 503, 503, 503, 503]
        assert await planner.load_feed() == 0
        assert "whole feed couldn't be read" in planner.status.text()
        assert [p.id for p in planner.canvas.posts] == ids
        await planner.aclose()

    run(scenario())

"""The application shell on the qasync loop: sign-in or main window, demo mode, screenshots.

``dashdesk.startup`` creates the QApplication (and may already show the cached calendar) before
this module, asyncio and qasync are imported.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Any

from dashdesk.i18n import tr

os.environ.setdefault("QT_API", "pyside6")

import qasync
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from dashdesk.paths import data_dir
from dashdesk.secure_transport import origin_problem
from dashdesk.services.posts import is_connection_error, user_message
from dashdesk.services.session import LazyClient, Session, open_api, open_sandbox
from dashdesk.settings import Settings
from dashdesk.startup import prepare_window
from dashdesk.store import PostsCache

log = logging.getLogger(__name__)
DEFAULT_ACCOUNT = "default"

SCREENSHOT_WAIT_ENV = "DASHDESK_SCREENSHOT_WAIT"
"""Seconds ``--screenshot`` waits for the calendar to load before it gives up (default 90)."""


def screenshot_wait() -> float:
    """How long ``--screenshot`` may take, in seconds (from :data:`SCREENSHOT_WAIT_ENV`, default 90)."""
    try:
        return max(1.0, float(os.environ.get(SCREENSHOT_WAIT_ENV, "") or 90))
    except ValueError:
        return 90.0


class AppController(QObject):
    """Decides what to show and swaps windows: sign-in, the main window, back on sign-out."""

    def __init__(self, app: QApplication, args: argparse.Namespace, settings: Settings | None = None, *,
                 painted: Any = None) -> None:
        """``painted``: the main window ``dashdesk.startup`` showed from the cache (its key not read yet)."""
        super().__init__(app)
        self.app = app
        self.args = args
        self.settings = settings or Settings.default()
        self.session: Session | None = None
        self.window: Any = None
        self.sign_in: Any = None
        self.exit_code = 0
        self._closing: asyncio.Future[Any] | None = None
        self._brands_task: asyncio.Future[Any] | None = None
        self._restores_offered: set[str] = set()
        self._painted_window = painted
        self.done = asyncio.Event()
        self._painted = asyncio.Event()  # a main window has painted its calendar once
        from dashdesk.credentials import CredentialStore

        self.credentials = CredentialStore()
        app.setQuitOnLastWindowClosed(False)
        app.lastWindowClosed.connect(self._last_window_closed)

    def _last_window_closed(self) -> None:
        self.done.set()

    async def main(self) -> int:
        """Run until the last window closes; returns the exit code.

        With ``--screenshot`` the whole run is bounded: if no picture was saved within
        :func:`screenshot_wait` seconds (Dash unreachable, a load that never ends), it says so and
        exits 1.
        """
        try:
            if self.args.screenshot:
                await self._screenshot_run(screenshot_wait())
            else:
                await self._start()
                await self.done.wait()
        finally:
            await self._teardown()
        return self.exit_code

    async def _screenshot_run(self, limit: float) -> None:
        async def start_and_wait() -> None:
            await self._start()
            await self.done.wait()

        try:
            await asyncio.wait_for(start_and_wait(), limit)
        except TimeoutError:
            self._screenshot_failed(tr("The calendar did not load within {limit:g} seconds: Dash did not answer. "
                                       "Check the connection and try again.",
                                       limit=limit))

    def _screenshot_failed(self, why: str) -> None:
        """End a ``--screenshot`` run that cannot take its picture: one message, exit code 1."""
        print(f"dashdesk --screenshot: no screenshot saved. {why}", file=sys.stderr)
        self.exit_code = 1
        self.args.screenshot = None
        self.done.set()

    async def _start(self) -> None:
        args = self.args
        if self._painted_window is not None:
            window, self._painted_window = self._painted_window, None
            await self._go_live(window)
            return
        if args.demo:
            await self.start_sandbox()
            return
        problem = origin_problem(args.api_url or self.settings.api_url)
        if problem:  # a plain-HTTP address off this computer: the key is not sent, not even read
            self.show_sign_in(problem)
            return
        if args.api_key:
            try:
                session = await open_api(args.api_key, api_url=args.api_url, brand_id=args.brand or
                                         self.settings.brand_id)
            except Exception as exc:
                self.show_sign_in(tr("The API key given on the command line didn't work: {reason}",
                                     reason=user_message(exc)))
                return
            await self.show_main(session)
            return
        account = self.settings.account or DEFAULT_ACCOUNT
        creds = await self.credentials.load(account)
        if creds is None:
            self.show_sign_in(self.credentials.notice)
            return
        api_url = args.api_url or self.settings.api_url or None
        brand = args.brand or creds.brand_id or self.settings.brand_id
        if brand is None:
            try:
                session = await open_api(creds.api_key, api_url=api_url, account=account)
            except Exception as exc:
                self.show_sign_in(tr("Your saved key didn't work: {exc}", exc=user_message(exc)))
                return
            await self.show_main(session)
            return
        # The brand is known: show the cached calendar at once; who-am-I (the brand list) follows.
        # The API client is built on first use, so httpx & co. are imported after the first paint.
        session = Session(LazyClient(creds.api_key, api_url=api_url), int(brand), self.settings.brand_name,
                          account=account, api_url=api_url)
        self._brands_task = asyncio.ensure_future(self._refresh_brands(session))
        await self.show_main(session)

    async def _go_live(self, window: Any) -> None:
        """Adopt the window the start-up painted from the cache: read the key, then refresh."""
        session: Session = window.session
        self._adopt(window, session)
        self._painted.set()
        creds = await self.credentials.load(session.account)
        if creds is None:
            notice = self.credentials.notice or tr("Your saved API key is no longer in this computer's keyring. "
                                                   "Paste it again to continue.")
            self.show_sign_in(notice)
            return
        session.client.set_key(creds.api_key)
        window.go_live()
        self._brands_task = asyncio.ensure_future(self._refresh_brands(session))
        self.offer_restores(window)

    def _adopt(self, window: Any, session: Session) -> None:
        """Make ``window`` (showing ``session``) the main window: its signals reach the controller."""
        window.firstPainted.connect(self._painted.set)
        window.signOutRequested.connect(self._sign_out)
        window.signOutAndForgetRequested.connect(self._sign_out_and_forget)
        window.brandSwitchRequested.connect(self._switch_brand)
        self.window, self.session = window, session

    async def _refresh_brands(self, session: Session) -> None:
        """Fill the brand list of a session started from the saved key; a refused key goes to sign-in."""
        from dashdesk.services.session import identify

        await self._painted.wait()  # who-am-I builds the client (imports httpx, pydantic): paint first
        try:
            brands = await identify(session.client)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if is_connection_error(exc):
                return  # offline: the window shows cached posts and retries its loads
            self.show_sign_in(tr("Your saved key didn't work: {exc}", exc=user_message(exc)))
            return
        session.brands = brands
        for b in brands:
            if int(b.id) == session.brand_id:
                session.brand_name = b.label
                self.settings.brand_name = b.label
        window = self.window
        if window is not None and window.session is session:
            window.nav.set_brands([(int(b.id), b.label) for b in brands], session.brand_id)
            window._update_title()

    async def start_sandbox(self) -> None:
        """Start the embedded sandbox with demo data and open it."""
        session = await open_sandbox()
        await self.show_main(session)

    def show_sign_in(self, notice: str | None = None) -> None:
        """Show the first-run screen (a ``--screenshot`` run ends instead: nobody is there to sign in)."""
        if self.args.screenshot:
            self._screenshot_failed(notice or tr("Nobody is signed in: sign in once in the app, or pass --api-key."))
            return
        from dashdesk.ui.sign_in import SignInScreen

        screen = SignInScreen(api_url=self.args.api_url or self.settings.api_url or None, notice=notice)
        screen.signedIn.connect(self._signed_in)
        screen.sandboxRequested.connect(self._sandbox_requested)
        screen.show()
        old, self.sign_in = self.sign_in, screen
        if old is not None:
            old.close()
        self._close_window()

    @qasync.asyncSlot(object)
    async def _signed_in(self, session: Session) -> None:
        key = self.sign_in.api_key() if self.sign_in is not None else ""
        account = DEFAULT_ACCOUNT
        session.account = account
        self.settings.account = account
        self.settings.api_url = session.api_url or ""
        if key:
            await self.credentials.save(account, key, session.brand_id)
        await self.show_main(session)

    @qasync.asyncSlot()
    async def _sandbox_requested(self) -> None:
        if self.sign_in is not None:
            self.sign_in.status.setText("Starting the sandbox with demo data…")
            self.sign_in.sandbox_button.setEnabled(False)
        try:
            await self.start_sandbox()
        except Exception as exc:
            if self.sign_in is not None:
                self.sign_in.status.setText(tr("The sandbox didn't start: {exc}", exc=user_message(exc)))
                self.sign_in.sandbox_button.setEnabled(True)

    async def show_main(self, session: Session) -> None:
        """Open the main window for ``session`` (replacing what is shown)."""
        from dashdesk.ui.main_window import MainWindow

        old_session, old_window = self.session, self.window
        self.settings.brand_id = session.brand_id
        self.settings.brand_name = session.brand_name
        if self.args.view:
            self.settings.last_view = self.args.view
        cache = await asyncio.to_thread(PostsCache, data_dir() / session.cache_name)
        session.key_session_only = self.credentials.session_only and not session.is_sandbox
        window = MainWindow(session, self.settings, cache=cache)
        prepare_window(window, self.args, self.settings)
        self._adopt(window, session)
        await window.open()  # shows the window holding the cached posts, then refreshes
        if self.sign_in is not None:
            self.sign_in.close()
            self.sign_in = None
        if old_window is not None and old_window is not window:
            old_window.close()
            await old_window.aclose()
        if old_session is not None and old_session is not session:
            await old_session.aclose()
        if self.args.screenshot:
            await self.take_screenshot(window, Path(self.args.screenshot))
        else:
            self.offer_restores(window)

    def offer_restores(self, window: Any) -> Any:
        """Offer (non-blocking) the composers a crash or kill left unsaved for this brand; once per run.

        Restored composers open through ``window.open_composer`` (the window's media hub and service).
        """
        from dashdesk.store.autosave import pending_restores

        brand = window.session.brand_id
        entries = [e for e in pending_restores() if e.session_id not in self._restores_offered
                   and e.state.get("brand_id") in (None, brand)]
        if not entries:
            return None
        self._restores_offered.update(e.session_id for e in entries)
        from dashdesk.ui.composer import restore_composers

        return restore_composers(window, window.session.client, brand, window.tz, service=window.service,
                                 entries=entries, open_state=lambda state: window.open_composer(state=state))

    async def take_screenshot(self, window: Any, path: Path) -> None:
        """Wait for the load (and thumbnails), save the window as PNG, then quit."""
        if window.load_task is not None:
            with contextlib.suppress(BaseException):
                await asyncio.shield(window.load_task)  # bounded by the whole run's wait (main)
        for _ in range(200):  # thumbnails: at most ~10 s
            if window.thumbnails.pending == 0:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.05)
        window.current_view.update()
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(path))
        print(f"saved {path}" if ok else f"could not save {path}", file=sys.stderr)
        self.exit_code = 0 if ok else 1
        self.args.screenshot = None
        window.close()
        self.done.set()

    @qasync.asyncSlot()
    async def _sign_out(self) -> None:
        await self.sign_out()

    @qasync.asyncSlot()
    async def _sign_out_and_forget(self) -> None:
        await self.sign_out(remove_local_data=True)

    async def sign_out(self, *, remove_local_data: bool = False) -> None:
        """Forget the key (and, if asked, this account's local data); show the sign-in screen."""
        session = self.session
        if session is not None and not session.is_sandbox:
            await self.credentials.delete(session.account)
        self.settings.brand_id = None
        self.settings.brand_name = ""
        notice = tr("Signed out. The key was removed from this computer.")
        if not remove_local_data:
            self.show_sign_in(notice)
            self.session = None
            if session is not None:
                await session.aclose()
            return
        # Close what holds the files first: the window (posts cache, media index) and the session
        # (an embedded sandbox's database), then delete in a worker thread.
        from dashdesk.services.local_data import remove_local_data as remove

        window, self.window, self.session = self.window, None, None
        if window is not None:
            window.close()
            with contextlib.suppress(Exception):
                await window.aclose()
        if session is not None:
            await session.aclose()
        try:
            removal = await asyncio.to_thread(remove, sandbox=session is not None and session.is_sandbox)
            notice = f"{notice} {removal.summary()}"
        except OSError as exc:
            log.warning("couldn't remove local data: %s", exc)
            notice = (tr("{notice} This account's local data could not be removed ({reason}); sign in and out again "
                         "to retry.",
                         notice=notice, reason=exc.strerror or exc))
        self.show_sign_in(notice)

    @qasync.asyncSlot(int)
    async def _switch_brand(self, brand_id: int) -> None:
        session = self.session
        if session is None:
            return
        name = next((b.label for b in session.brands if int(b.id) == brand_id), "")
        new = Session(session.client, brand_id, name, session.brands, sandbox=session.sandbox,
                      account=session.account, api_url=session.api_url)
        self.session = None  # the client is shared: don't close it
        await self.show_main(new)

    def _close_window(self) -> None:
        if self.window is not None:
            window, self.window = self.window, None
            window.close()
            self._closing = asyncio.ensure_future(window.aclose())

    async def _teardown(self) -> None:
        composer = sys.modules.get("dashdesk.ui.composer")  # only if a composer was ever opened
        if composer is not None:
            with contextlib.suppress(Exception):
                composer.keep_open_composers()  # unsaved work is offered again at the next start
        from dashdesk.store.autosave import close_shared_writer

        close_shared_writer()  # the last autosave reaches the disk before the process ends
        if self.window is not None:
            with contextlib.suppress(Exception):
                await self.window.aclose()
        if self.session is not None:
            with contextlib.suppress(Exception):
                await self.session.aclose()
        self.settings.sync()


def run_app(app: QApplication, args: argparse.Namespace, settings: Settings, painted: Any = None) -> int:
    """Run the controller on the qasync loop (``painted``: a main window ``dashdesk.startup`` showed)."""
    controller = AppController(app, args, settings, painted=painted)
    # asyncio.Runner with a loop factory instead of qasync.run(): qasync.run installs a global event
    # loop policy, so threads that call asyncio.run() (the embedded sandbox's uvicorn thread) would
    # get a Qt event loop too. Python 3.11's Runner takes a loop factory without touching the policy.
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        code = runner.run(controller.main())
    return int(code or 0)


__all__ = ["AppController", "run_app"]

"""Type-ahead: keys that arrive together are handled one after the other, each by what
has the focus once the key before it was handled.

Textual routes a key to the focused widget the moment the app takes it from its queue,
and moves the focus later (``Widget.focus`` is deferred; a pushed screen focuses its
input once it is mounted).  Over a laggy link a whole burst — ``e``, some text,
``ctrl+s`` — arrives in one read, so every key of it went to the list that had the focus
before ``e``: the text was lost, and its letters ran the list's one-key commands
(``d`` deleted a note).  Here the app hands keys over one at a time: a key is routed
only when the key before it has been handled by every widget it bubbled through, and
by whatever that handling left queued on the app and on a newly pushed screen (the
focus move among them).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

WAIT_SECONDS = 0.5  # a pump that never answers (closing) holds a key no longer


class TypeAhead:
    """The app's queue of keys (and pastes) not yet routed."""

    def __init__(self, app: App[None], route: Callable[[events.Event], Awaitable[None]]
                 ) -> None:
        self.app = app
        self.route = route  # Textual's own routing of one input event
        self.waiting: deque[events.Event] = deque()
        self.task: asyncio.Task[None] | None = None

    def take(self, event: events.Event) -> bool:
        """Queue a key or paste from the terminal (True), or leave it to Textual."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        self.waiting.append(event)
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._drain())
        return True

    def stop(self) -> None:
        """The app is closing: drop what was not routed."""
        self.waiting.clear()
        if self.task is not None:
            self.task.cancel()

    async def _drain(self) -> None:
        while self.waiting and self.app.is_running:
            event = self.waiting.popleft()
            try:
                screen = self.app.screen
            except Exception:  # no screen: the app is shutting down
                return
            target: MessagePump = self.app.focused or screen
            await self.route(event)
            await self._handled(target, screen)

    async def _handled(self, target: MessagePump, screen: MessagePump) -> None:
        """Wait until the event went all the way up from ``target`` and what it set off
        on the app (twice: a handler there may queue a callback behind ours) and on a
        screen it pushed is done."""
        chain: list[MessagePump] = [target]
        parent = target._parent
        while parent is not None:
            chain.append(parent)
            parent = parent._parent
        for pump in chain:
            await self._flushed(pump)
        await self._flushed(self.app)
        await self._flushed(self.app)
        if self.app.screen is not screen:
            await self._flushed(self.app.screen)
            await self._flushed(self.app)

    @staticmethod
    async def _flushed(pump: MessagePump) -> None:
        """Wait until ``pump`` has handled what is in its queue now."""
        done = asyncio.Event()
        if pump.call_later(done.set):
            try:
                await asyncio.wait_for(done.wait(), WAIT_SECONDS)
            except TimeoutError:
                pass

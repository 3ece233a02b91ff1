"""Group commit of delivery results: each result is recorded before its sender goes on, and
results that arrive while a transaction is being committed share the next one.

The SMTP backend (notifier.mail.smtp) awaits `on_result` before a connection sends the next
message's content (its envelope goes meanwhile), so each message is in the database before
the next leaves on that connection: a crash re-sends at most the messages on the wire, as
with one transaction per message. Results that come while a commit runs share the next one,
up to one per connection: where commits are slow (an fsync, a database across the network)
they carry several, where they are quick most carry one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")


class GroupRecorder(Generic[Item]):
    """`await recorder.record(item)` returns once `item` is committed by `save` (which gets
    every item queued since its last call, runs in a thread, and raises to fail them all)."""

    def __init__(self, save: Callable[[Sequence[Item]], None]) -> None:
        self._save = save
        self._queued: list[tuple[Item, asyncio.Future[None]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def record(self, item: Item) -> None:
        """Queue `item` and return once the group holding it is saved (its error raised)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queued.append((item, done))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        await asyncio.shield(done)  # a cancelled sender must not cancel the others' commit

    async def idle(self) -> None:
        """Return once no commit is running (its errors went to the items it carried)."""
        while self._flushing is not None and not self._flushing.done():
            await asyncio.wait([self._flushing])

    async def _flush(self) -> None:
        while self._queued:
            group, self._queued = self._queued, []
            try:
                await asyncio.to_thread(self._save, [item for item, _ in group])
            except BaseException as exc:
                for _, done in group:
                    if not done.done():
                        done.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
            else:
                for _, done in group:
                    if not done.done():
                        done.set_result(None)

"""GroupRecorder: each result committed before its sender goes on, concurrent ones together."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

import pytest

from notifier.jobs.recorder import GroupRecorder

pytestmark = pytest.mark.anyio


async def test_each_record_returns_after_its_commit_and_waiting_ones_share_one() -> None:
    committed: list[list[int]] = []
    first_started = threading.Event()
    release = threading.Event()

    def save(group: Sequence[int]) -> None:
        if not committed:
            first_started.set()
            release.wait(60)  # hold the first commit until the others have queued
        committed.append(list(group))

    recorder: GroupRecorder[int] = GroupRecorder(save)
    first = asyncio.create_task(recorder.record(0))
    await asyncio.to_thread(first_started.wait, 60)
    others = [asyncio.create_task(recorder.record(i)) for i in (1, 2, 3)]
    await asyncio.sleep(0)  # let them queue behind the commit in progress
    assert not any(t.done() for t in others)
    release.set()
    await asyncio.gather(first, *others)
    assert committed == [[0], [1, 2, 3]]


async def test_a_failed_commit_fails_every_record_of_its_group_and_the_next_one_goes_on() -> None:
    calls: list[list[int]] = []

    def save(group: Sequence[int]) -> None:
        calls.append(list(group))
        if 1 in group:
            raise OSError("disk full")

    recorder: GroupRecorder[int] = GroupRecorder(save)
    with pytest.raises(OSError, match="disk full"):
        await recorder.record(1)
    await recorder.record(2)
    assert calls == [[1], [2]]


async def test_idle_returns_once_the_commit_in_progress_is_done_even_a_cancelled_senders() -> None:
    started, release = threading.Event(), threading.Event()
    committed: list[list[int]] = []

    def save(group: Sequence[int]) -> None:
        started.set()
        release.wait(60)
        committed.append(list(group))

    recorder: GroupRecorder[int] = GroupRecorder(save)
    await recorder.idle()  # nothing running: returns at once
    sender = asyncio.create_task(recorder.record(7))
    await asyncio.to_thread(started.wait, 60)
    sender.cancel()  # the sender goes; its commit still runs (shielded)
    waiting = asyncio.create_task(recorder.idle())
    await asyncio.sleep(0)
    assert not waiting.done()
    release.set()
    await waiting
    assert committed == [[7]]

"""A local SMTP sink for the benchmarks: accepts and discards every message, counting them.

Runs in its own process (`python _smtp_sink.py SMTP_PORT CONTROL_PORT [KEEP_DIR KEEP]`), so
the process measured is not also the server. A connection to CONTROL_PORT answers
"messages bytes connections" and closes. The first KEEP messages are saved to KEEP_DIR, so a
baseline can push exactly what the reminder pass sent.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP


class CountingHandler:
    def __init__(self, keep_dir: Path | None, keep: int) -> None:
        self.messages = 0
        self.bytes = 0
        self.connections = 0
        self.keep_dir, self.keep = keep_dir, keep

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        self.messages += 1
        self.bytes += len(data)
        if self.keep_dir is not None and self.messages <= self.keep:
            (self.keep_dir / f"{self.messages:06d}.eml").write_bytes(data)
        return "250 2.0.0 Message accepted for delivery"


class CountingSMTP(SMTP):
    def connection_made(self, transport: Any) -> None:
        self.event_handler.connections += 1
        super().connection_made(transport)


async def serve(port: int, control_port: int, keep_dir: Path | None, keep: int) -> None:
    handler = CountingHandler(keep_dir, keep)
    loop = asyncio.get_running_loop()
    smtp = await loop.create_server(
        lambda: CountingSMTP(handler, hostname="sink.example.org", enable_SMTPUTF8=True),
        host="127.0.0.1",
        port=port,
    )

    async def control(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(f"{handler.messages} {handler.bytes} {handler.connections}\n".encode())
        await writer.drain()
        writer.close()

    ctl = await asyncio.start_server(control, host="127.0.0.1", port=control_port)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    print("ready", flush=True)
    await stop.wait()
    smtp.close()
    ctl.close()


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    port, control_port = int(sys.argv[1]), int(sys.argv[2])
    keep_dir = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    keep = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    asyncio.run(serve(port, control_port, keep_dir, keep))


if __name__ == "__main__":
    main()

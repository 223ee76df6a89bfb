"""A real SMTP server on loopback (aiosmtpd) for the outbox tests."""

from __future__ import annotations

import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message


class Inbox(Message):
    """Keeps every message the server accepted (with ``X-RcptTo``: the envelope)."""

    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server(port: int, handler: Inbox | None = None):
    handler = handler or Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()

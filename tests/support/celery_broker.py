"""Point the Celery app at another broker for one test, and put everything back afterwards; a
fake broker that counts the connections made to it."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.test import override_settings
from kombu import pools

from config.celery import app


def _drop_connections() -> None:
    # kombu keeps producer pools in a process-wide registry keyed by connection; closing one
    # app pool without resetting that registry leaves "Acquire on closed pool" for the next test.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def celery_broker(url: str, *, result_backend: str | None = None) -> Iterator[None]:
    keys = ("broker_url", "result_backend", "task_always_eager")
    old = {key: app.conf[key] for key in keys}
    app.conf.broker_url = url
    if result_backend is not None:
        app.conf.result_backend = result_backend
    app.conf.task_always_eager = False
    _drop_connections()
    try:
        # Celery 5.6 reads the namespaced keys (CELERY_..., the Django settings) before the ones
        # set on app.conf above, so the Django settings are changed too.
        django = {"CELERY_BROKER_URL": url, "CELERY_TASK_ALWAYS_EAGER": False}
        if result_backend is not None:
            django["CELERY_RESULT_BACKEND"] = result_backend
        with override_settings(**django):
            yield
    finally:
        app.conf.update(old)
        _drop_connections()


class DeadBroker:
    """A TCP listener standing in for a broker that is down: it counts every connection made to
    it and either closes each one at once ("close") or accepts it and never answers ("silent";
    each is dropped after `hold` seconds anyway, so a client without a read timeout fails a test
    rather than hanging it)."""

    def __init__(self, mode: str, hold: float = 15.0) -> None:
        self.mode, self.hold, self.connections = mode, hold, 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.url = f"redis://127.0.0.1:{self._server.getsockname()[1]}/0"
        self._stop = threading.Event()
        self._held: list[tuple[socket.socket, threading.Timer]] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            if self.mode == "close":
                conn.close()
            else:
                timer = threading.Timer(self.hold, conn.close)
                timer.start()
                self._held.append((conn, timer))

    def __enter__(self) -> "DeadBroker":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._server.close()
        for conn, timer in self._held:
            timer.cancel()
            conn.close()

"""Point the Celery app at another broker for one test, and put everything back afterwards."""

from collections.abc import Iterator
from contextlib import contextmanager

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
        yield
    finally:
        app.conf.update(old)
        _drop_connections()

"""Queuing with the broker down: how long sending a job task takes to give up, and how many
connections it makes, against a closed port, a listener that drops every connection, and one
that accepts and never answers (docs/jobs.md). Sends nothing anywhere else; writes nothing.
"""

import socket
import time


def _closed_port_url() -> str:
    with socket.create_server(("127.0.0.1", 0)) as probe:  # a port nobody listens on afterwards
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def _time_send(url: str) -> tuple[float, str]:
    from reports.tasks import aggregate_inspection
    from tests.support.celery_broker import celery_broker

    # the result backend at the same address, as it used to default to the broker
    with celery_broker(url, result_backend=url):
        started = time.perf_counter()
        try:
            aggregate_inspection.apply_async(args=[0, 0], retry=False)
            outcome = "sent (unexpected)"
        except Exception as exc:  # what `_send` catches and records as "not queued"
            outcome = type(exc).__name__
        return time.perf_counter() - started, outcome


def main() -> None:
    from bench import setup_django

    setup_django()
    from tests.support.celery_broker import DeadBroker

    _time_send(_closed_port_url())  # warm up: the first send imports and sets up the transport
    print(f"{'broker':<28} {'seconds':>8} {'connections':>12}  outcome")
    seconds, outcome = _time_send(_closed_port_url())
    print(f"{'closed port':<28} {seconds:>8.2f} {'-':>12}  {outcome}")
    for mode, label in (("close", "drops every connection"), ("silent", "accepts, never answers")):
        with DeadBroker(mode, hold=30) as dead:
            seconds, outcome = _time_send(dead.url)
        print(f"{label:<28} {seconds:>8.2f} {dead.connections:>12}  {outcome}")


if __name__ == "__main__":
    main()

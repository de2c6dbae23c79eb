"""WSGI entry point: `flask --app app run` or `gunicorn app:app`."""
import gc

from tracker import create_app

app = create_app()

# What is loaded by now (modules, models, mappers, some 190,000 objects) lives as long as the process: moved out of
# the garbage collector's sight, a full collection no longer walks it. A request that reads a few thousand rows
# (a province's .xlsx) set off full collections of 120 ms, every third request (bench/results/2026-11-30-gc.md).
gc.collect()
gc.freeze()
# A young generation of 20,000 objects rather than 700: a page that reads a few thousand rows (a cascade's 3,300
# plans, a duties matrix) ran dozens of young collections, each promoting the request's live rows towards the old
# generation and its full collections. Measured beside the default in one run: duties .xlsx (central) p50/p95
# 267/342 → 228/271 ms, 7.4 → 9.4 requests/s with 8 clients; the cascade's p95 57 → 45 ms.
gc.set_threshold(20_000, 20, 20)

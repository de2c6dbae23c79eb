"""WSGI entry point: `flask --app app run` or `gunicorn app:app`."""
import gc

from tracker import create_app

app = create_app()

# What is loaded by now (modules, models, mappers, some 190,000 objects) lives as long as the process: moved out of
# the garbage collector's sight, a full collection no longer walks it. A request that reads a few thousand rows
# (a province's .xlsx) set off full collections of 120 ms, every third request (bench/results/2026-11-30-gc.md).
gc.collect()
gc.freeze()

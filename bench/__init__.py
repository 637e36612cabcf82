"""Load benchmark: `python -m bench.load --phones 200` (see docs/performance.md).

Nothing is imported here on purpose: `python -m bench.bare_relay` must let eventlet patch the
standard library before anything else is loaded.
"""

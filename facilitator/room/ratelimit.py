"""Flood control: a token bucket per key, on an injected clock."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``burst`` actions at once, then one every ``interval`` seconds."""

    def __init__(self, burst: int, interval: float):
        self.burst = burst
        self.interval = interval
        self._buckets: dict[object, _Bucket] = {}

    def _refill(self, key, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        # max(): the laptop's clock may step back (NTP on a new network); that refills nothing,
        # it must not lock every phone out for as long as the step.
        elapsed = max(0.0, now - bucket.updated)
        refill = elapsed / self.interval if self.interval > 0 else self.burst
        bucket.tokens = min(float(self.burst), bucket.tokens + refill)
        bucket.updated = now
        return bucket

    def blocked(self, key, now: float) -> bool:
        """True when ``take`` would refuse, without spending anything."""
        return key in self._buckets and self._refill(key, now).tokens < 1

    def take(self, key, now: float) -> float:
        """Spend one token. Returns 0 when allowed, else the seconds to wait."""
        bucket = self._refill(key, now)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) * self.interval

    def forget_idle(self, now: float) -> None:
        """Drop full buckets so memory does not grow with every address ever seen."""
        full_after = self.burst * self.interval
        for key in [k for k, b in self._buckets.items() if now - b.updated > full_after]:
            del self._buckets[key]

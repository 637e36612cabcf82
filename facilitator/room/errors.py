"""The one error type the rules raise. Its code is stable; its message comes from i18n."""
from __future__ import annotations


class RoomError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

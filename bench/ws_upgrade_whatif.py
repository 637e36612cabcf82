"""What-if for bench.phone_network: Palabre with its phones' WebSocket upgrade working.

    python -m bench.ws_upgrade_whatif serve --host 127.0.0.1 --port P ...   (= palabre serve ...)

Today a browser's Socket.IO connection never leaves HTTP long-polling: it opens with polling,
then tries to upgrade to a WebSocket by sending the Engine.IO probe "2probe". python-engineio
decodes the probe's data with the server's JSON module and expects json.loads("probe") to fail
(ValueError) and leave the text "probe". Palabre's codec (facilitator/realtime/packets.py)
turns every ValueError into ["", UNDECODABLE] so that an undecodable event still gets its ack;
the probe's data is then not "probe", and the server closes the WebSocket ("Failed websocket
upgrade, no PING packet" in python-engineio's log). Every phone stays on long-polling.

This wrapper changes nothing in the app's files: before running `python -m facilitator`, it
makes the codec raise again for a text that is not a JSON array (so a Socket.IO event that
cannot be decoded still decodes to [name, UNDECODABLE], as packets.py means it to).
"""
from __future__ import annotations

import json
import runpy
import sys
import warnings


def patch() -> None:
    from facilitator.realtime import packets

    loads = packets.loads

    def patched(text, *args, **kwargs):
        if isinstance(text, str) and not text.lstrip().startswith("["):
            return json.loads(text, *args, **kwargs)  # raises as engine.io expects
        return loads(text, *args, **kwargs)

    packets.loads = patched


def main() -> None:
    # As bench/wrap.py: eventlet patches the standard library before Flask is imported.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    import eventlet
    eventlet.monkey_patch()
    patch()
    sys.argv = ["facilitator", *sys.argv[1:]]
    runpy.run_module("facilitator", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()

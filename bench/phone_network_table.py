"""The table of bench.phone_network: medians per profile, the EDGE targets (issue 9)."""
from __future__ import annotations

import statistics

# Issue 9's targets, on the EDGE profile: figure -> (limit, unit).
TARGETS = {
    "join_form_ms": (1500, "ms"),
    "join_connected_ms": (3500, "ms"),
    "offline_all_sent_ms": (4000, "ms"),
    "reconnect_socket_bytes": (2048, "bytes"),
    "step_bytes": (3072, "bytes"),
    # The 17 KB "step change" is this one: the median over the day's 6 activity
    # changes (a feature's script, loaded the first time, is the max; feature_bytes sums them).
    "activity_bytes": (3072, "bytes"),
}

# The table: figure, label, unit (ms shown as s, bytes as KB of 1024 bytes).
ROWS = [
    ("join_form_ms", "join form usable, cold (s)", "s"),
    ("first_load_bytes", "  downloaded until then (KB)", "KB"),
    ("ready_ms", "scripts ready, cold (s)", "s"),
    ("ready_bytes", "  downloaded until then (KB)", "KB"),
    ("join_connected_ms", "join -> connected (s)", "s"),
    ("join_socket_bytes", "  socket bytes of that connect (KB)", "KB"),
    ("join_plain_connected_ms", "join at first paint -> connected (s)", "s"),
    ("send_sent_ms", "send -> sent, median of 3 (s)", "s"),
    ("reconnect_ms", "blip: back -> connected again (s)", "s"),
    ("reconnect_socket_bytes", "  bytes per connect (KB)", "KB"),
    ("step_shown_ms", "step change -> shown, median (s)", "s"),
    ("step_bytes", "  bytes per step change, median (KB)", "KB"),
    ("step_bytes_max", "  bytes per step change, max (KB)", "KB"),
    ("activity_shown_ms", "activity change -> shown, median (s)", "s"),
    ("activity_bytes", "  bytes per activity change, median (KB)", "KB"),
    ("activity_bytes_max", "  bytes per activity change, max (KB)", "KB"),
    ("activity_socket_bytes", "  socket bytes per activity change (KB)", "KB"),
    ("feature_bytes", "  feature scripts over the day (KB)", "KB"),
    ("offline_all_sent_ms", "back online -> 3 posts sent (s)", "s"),
]


def summarise(runs: list[dict]) -> dict:
    """profile -> figure -> median over its runs."""
    out: dict = {}
    for name in dict.fromkeys(r["profile"] for r in runs):
        mine = [r for r in runs if r["profile"] == name]
        out[name] = {key: statistics.median(r[key] for r in mine if r.get(key) is not None)
                     for key, _label, _unit in ROWS if any(r.get(key) is not None for r in mine)}
        out[name]["runs"] = len(mine)
    return out


def cell(value, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value / 1000:.2f}" if unit == "s" else f"{value / 1024:.1f}"


def table(saved: dict) -> str:
    summary = summarise(saved["runs"])
    names = list(summary)
    meta = saved["meta"]
    lines = [f"Palabre phone-network benchmark, medians of {meta['repeat']} run(s), "
             f"offline {meta['offline_s']} s ({meta['offline_how']}), {meta['date']}"
             + (", what-if: WebSocket upgrade" if meta.get("what_if_ws_upgrade") else ""),
             f"{meta['machine']}",
             "profiles: " + "; ".join(
                 f"{n} {p['rtt_ms']} ms RTT, {p['down_kbps']}/{p['up_kbps']} kbit/s, CPU {p['cpu']}x"
                 for n, p in meta["profiles"].items() if n in names), ""]
    head = f"{'':40}" + "".join(f"{n:>10}" for n in names) + f"{'EDGE target':>13}"
    lines += [head, "-" * len(head)]
    for key, label, unit in ROWS:
        target = TARGETS.get(key)
        t = "" if not target else (f"<= {target[0] / 1000:g}" if unit == "s" else f"<= {target[0] / 1024:g}")
        lines.append(f"{label:40}" + "".join(f"{cell(summary[n].get(key), unit):>10}" for n in names)
                     + f"{t:>13}")
    if "edge" in summary:
        lines += ["", "targets on EDGE (issue 9)"]
        for key, (limit, _u) in TARGETS.items():
            value = summary["edge"].get(key)
            if value is not None:
                unit = next(u for k, _l, u in ROWS if k == key)
                label = next(lbl for k, lbl, _u in ROWS if k == key).strip()
                lines.append(f"  [{'met' if value <= limit else 'NOT met'}] {label}: "
                             f"{cell(value, unit)} (target {cell(limit, unit)})")
    loads = [r.get("load_before") for r in saved["runs"]]
    lines += ["", f"machine load average at the start of the runs: "
                  f"{min(loads):.2f}-{max(loads):.2f} (2 cores shared with other work)"]
    return "\n".join(lines)

"""The addresses phones can reach this laptop on. Read from the interfaces; nothing is sent."""
from __future__ import annotations

import ipaddress
import socket
import sys


def _linux_interface_addresses() -> list[str]:
    import fcntl
    import struct
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(s.fileno(), 0x8915,  # SIOCGIFADDR
                                     struct.pack("256s", name[:15].encode()))
            except OSError:
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def lan_addresses() -> list[str]:
    """IPv4 addresses other than loopback, private ranges first (the room's Wi-Fi)."""
    candidates: list[str] = []
    if sys.platform.startswith("linux"):
        try:
            candidates += _linux_interface_addresses()
        except OSError:
            pass
    try:
        candidates += [info[4][0] for info in
                       socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    unique = []
    for address in candidates:
        ip = ipaddress.ip_address(address)
        if not ip.is_loopback and not ip.is_link_local and address not in unique:
            unique.append(address)
    return sorted(unique, key=lambda a: (not ipaddress.ip_address(a).is_private, a))


def base_url(host: str, port: int, public_url: str = "") -> str:
    """The address put in links and the QR code."""
    if public_url:
        return public_url.rstrip("/")
    if host not in ("0.0.0.0", "", "::"):
        return f"http://{host}:{port}"
    addresses = lan_addresses()
    return f"http://{addresses[0] if addresses else '127.0.0.1'}:{port}"

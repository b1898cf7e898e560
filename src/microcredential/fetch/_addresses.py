"""Which addresses a fetch may connect to: public ones, unless the caller names the host."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence

from . import _errors

#: Looks up a host name: returns its IP addresses (as text) in the order to try them, or
#: raises :class:`OSError` when it has none.  The default asks the system (DNS, hosts file);
#: pass your own to pin names to addresses (tests, split-horizon intranets).
HostResolver = Callable[[str], Sequence[str]]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_addresses(host: str) -> list[str]:
    """The system's addresses for ``host``: IPv4 first, then IPv6, each in the system's order."""
    found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    v4 = [str(info[4][0]) for info in found if info[0] == socket.AF_INET]
    v6 = [str(info[4][0]) for info in found if info[0] == socket.AF_INET6]
    return list(dict.fromkeys([*v4, *v6]))


def non_public(address: Address) -> str | None:
    """What kind of non-public address ``address`` is, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, flag in (
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a private", address.is_private),
        ("a reserved", address.is_reserved),
    ):
        if flag:
            return kind
    if not address.is_global:
        return "a non-public"
    return None


def parse_address(text: str) -> Address | None:
    """``text`` as an IP address (a scope id dropped), or None when it is not one."""
    try:
        return ipaddress.ip_address(text.partition("%")[0])
    except ValueError:
        return None


def addresses_to_try(host: str, resolver: HostResolver, *, private_allowed: bool) -> list[Address]:
    """The addresses of ``host`` that may be connected to, in order; a ``FetchError`` when
    the name does not resolve or every address is refused.

    Each address is checked as it will be connected to, so a name that resolves to a public
    address once and to a private one later (DNS rebinding) never reaches the private one.
    """
    literal = parse_address(host)
    if literal is not None:
        candidates = [literal]
    else:
        try:
            found = list(resolver(host))
        except (OSError, UnicodeError) as exc:
            raise _errors.refusal(
                _errors.UNRESOLVABLE, f"the host name {host!r} does not resolve ({exc})"
            ) from None
        candidates = [a for a in (parse_address(text) for text in found) if a is not None]
        if not candidates:
            raise _errors.refusal(_errors.UNRESOLVABLE, f"the host name {host!r} has no address")
    if private_allowed:
        return candidates
    allowed = [a for a in candidates if non_public(a) is None]
    if not allowed:
        first = candidates[0]
        raise _errors.refusal(
            _errors.ADDRESS_REFUSED,
            f"refusing to connect to {host!r}: it resolves to {first}, {non_public(first)} "
            "address; documents are fetched from public addresses only (allow this host "
            "explicitly if it is yours: private_hosts=[...], --allow-host)",
        )
    return allowed

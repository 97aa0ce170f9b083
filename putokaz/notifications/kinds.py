"""What a notification says, per kind, registered by the apps that send them.

A notification stores its kind and parameters, not its text: the reader sees it in their
own language whenever they open the list, and the e-mail goes out in the recipient's.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    text: str | Promise  # with %(name)s placeholders filled from the notification's params


_kinds: dict[str, Kind] = {}


def register(name: str, text: str | Promise) -> None:
    _kinds[name] = Kind(text=text)


def text_of(name: str, params: dict[str, str]) -> str:
    kind = _kinds.get(name)
    if kind is None:
        return name
    try:
        return str(kind.text) % params
    except (KeyError, TypeError, ValueError):
        return str(kind.text)

"""Translation catalogues made by a test, so that a test of "in French" (or in a language
the site does not ship) reads translated strings whatever the repository's catalogues hold."""

import array
import struct
from pathlib import Path

MO_MAGIC = 0x950412DE


def _compiled(messages: dict[str, str]) -> bytes:
    """`messages` (English -> translation) in GNU gettext's binary .mo format."""
    catalogue = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    keys = sorted(key.encode() for key in catalogue)
    ids = strs = b""
    offsets = []
    for key in keys:
        value = catalogue[key.decode()].encode()
        offsets.append((len(ids), len(key), len(strs), len(value)))
        ids += key + b"\0"
        strs += value + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    table = [n for id_at, id_len, _, _ in offsets for n in (id_len, id_at + key_start)]
    table += [n for _, _, str_at, str_len in offsets for n in (str_len, str_at + value_start)]
    header = struct.pack("Iiiiiii", MO_MAGIC, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    return header + array.array("i", table).tobytes() + ids + strs


def write_catalogue(locale: Path, language: str, messages: dict[str, str]) -> None:
    """A catalogue for `language` in the folder `locale` (one of settings.LOCALE_PATHS)."""
    folder = locale / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "django.mo").write_bytes(_compiled(messages))

"""Safety checks on a DOCX (a ZIP of XML parts) before any parser sees it.

Refused, before a member is decompressed into a parser:

* zip bombs: a total declared uncompressed size above the limit, an overall compression
  ratio above :data:`MAX_RATIO`, a large member above that ratio, or too many members;
* member names that escape the archive (``../``, absolute paths, drive letters), which an
  extracting tool would write outside its folder;
* XML parts with a DTD or entity declarations (billion laughs, external entities): Word
  never writes them, so their presence is itself the attack.

Python's ``zipfile`` never yields more bytes than a member declares, so checking the
declared sizes bounds the work even when a member lies about its size.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from cchc_kg.errors import LoaderError

MAX_RATIO = 100
MAX_MEMBERS = 5000
# Below this size a member's ratio says nothing (a 20 KB run of spaces compresses 200×).
_RATIO_FLOOR = 1024 * 1024
DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts or "\x00" in name


def _xml_text(raw: bytes) -> bytes:
    """The part as ASCII-compatible bytes, so a UTF-16 part cannot hide a DTD."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return raw
    return raw


def check_zip(name: str, data: bytes, limit: int) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP and vet it; the caller closes the returned archive.

    :raises LoaderError: ``corrupt-docx``, ``zip-bomb`` or ``xml-entities``.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as e:
        raise LoaderError(name, "corrupt-docx", f"not a readable ZIP archive ({type(e).__name__})") from e
    try:
        _check_members(name, infos, limit)
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                with zf.open(info) as member:
                    if DTD.search(_xml_text(member.read())):
                        raise LoaderError(
                            name, "xml-entities", f"part {info.filename} declares a DTD or entities"
                        )
    except LoaderError:
        zf.close()
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ) as e:
        # RuntimeError: an encrypted member; zlib.error: a damaged deflate stream.
        zf.close()
        raise LoaderError(name, "corrupt-docx", f"damaged archive member ({type(e).__name__})") from e
    return zf


def _check_members(name: str, infos: list[zipfile.ZipInfo], limit: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise LoaderError(name, "zip-bomb", f"{len(infos)} members")
    total = packed = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise LoaderError(name, "corrupt-docx", f"member name escapes the archive: {info.filename!r}")
        total += info.file_size
        packed += info.compress_size
        if info.file_size >= _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise LoaderError(
                name,
                "zip-bomb",
                f"member {info.filename} expands {info.file_size // max(info.compress_size, 1)}×",
            )
    if total > limit:
        raise LoaderError(name, "zip-bomb", f"expands to {total} bytes, above the limit of {limit}")
    if total >= _RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise LoaderError(name, "zip-bomb", f"compression ratio {total // max(packed, 1)} above {MAX_RATIO}")

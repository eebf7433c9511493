"""Write a .docx (an OPC zip package) the same way every time, so equal inputs give equal bytes.

A zip records each member's modification time, and python-docx stamps the current time;
the order of members and the compression may also vary. Rewriting the package with a fixed
time (1980-01-01, the earliest a zip can hold), a fixed member order and fixed deflate
settings removes every source of difference other than the content.
"""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
COMPRESSION = zipfile.ZIP_DEFLATED
COMPRESS_LEVEL = 6
# [Content_Types].xml first, then the package relationships: what readers expect to meet first.
FIRST = ("[Content_Types].xml", "_rels/.rels")


def member_order(names: list[str]) -> list[str]:
    """Return the zip member names in the fixed order used for every package."""
    first = [name for name in FIRST if name in names]
    return first + sorted(name for name in names if name not in FIRST)


def normalize_package(data: bytes) -> bytes:
    """Rewrite the zip ``data`` with fixed timestamps, member order and compression."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in member_order(list(members)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = COMPRESSION
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, members[name], compresslevel=COMPRESS_LEVEL)
    return output.getvalue()

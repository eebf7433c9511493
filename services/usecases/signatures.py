"""Who signs a paper and with what authority (Điều 13 NĐ 30/2020/NĐ-CP).

A signer is ``{name, position, authority?, deputy?}``: the head signs with a position
alone; "TM. Ban Thường vụ" for a collective; "KT. Chủ tịch" for a deputy; a deputy signing
for a collective carries both lines, ``authority`` "TM. Ban Thường vụ" and ``deputy`` "KT.
Chủ tịch" ("TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"). The shapes allowed are
``docgen.vietnamese.signature_problem``'s, the same the NĐ 30 checker applies to a file.
"""

from __future__ import annotations

from typing import Any

from docgen.vietnamese import AUTHORITY_PREFIXES, signature_block, signature_problem
from events.errors import InvalidInputError
from events.text import clean_text


def _authority(signer: dict[str, Any], key: str, field: str) -> tuple[str, str] | None:
    """One authority line of ``signer`` ("TM. Ban Thường vụ") as (prefix, holder)."""
    text = clean_text(signer.get(key), f"{field}.{key}", required=False, max_length=200)
    if not text:
        return None
    prefix, _, holder = text.partition(" ")
    if prefix not in AUTHORITY_PREFIXES or not holder.strip():
        raise InvalidInputError(
            f"Thẩm quyền ký «{text}» không hợp lệ: bắt đầu bằng "
            f"{', '.join(AUTHORITY_PREFIXES)} rồi tên tập thể hoặc người đứng đầu (ví dụ "
            "«TM. Ban Thường vụ», «KT. Chủ tịch»).", f"{field}.{key}")
    return prefix, holder.strip()


def clean_signer(signer: object, field: str = "signer") -> dict[str, str]:
    """``{name, position, authority?, deputy?}`` cleaned, refused unless it signs as Điều
    13 NĐ 30/2020 allows: ``authority`` "TM. <collective>" for a collective, "KT. <head>"
    for a deputy (or Q., TL., TUQ.); ``deputy`` "KT. <head>" under "TM. …" when a deputy
    signs for a collective ("TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")."""
    if not isinstance(signer, dict):
        raise InvalidInputError(f"Trường «{field}» phải là một đối tượng.", field)
    cleaned = {"name": clean_text(signer.get("name"), f"{field}.name", max_length=200),
               "position": clean_text(signer.get("position"), f"{field}.position",
                                      max_length=200)}
    authority = _authority(signer, "authority", field)
    deputy = _authority(signer, "deputy", field)
    cleaned["authority"] = " ".join(authority) if authority else ""
    if deputy is not None:
        if deputy[0] != "KT." or authority is None or authority[0] != "TM.":
            raise InvalidInputError(
                f"Dòng ký thay «{field}.deputy» là «KT. <người đứng đầu>» dưới dòng «TM. <tập "
                "thể>» (cấp phó ký thay mặt tập thể); cấp phó ký thay người đứng đầu chỉ ghi "
                "«KT. …» ở trường «authority».", f"{field}.deputy")
        cleaned["deputy"] = " ".join(deputy)
    problem = signature_problem(block_of(cleaned)["lines"])  # type: ignore[arg-type]
    if problem is not None:
        raise InvalidInputError(f"Khối chữ ký không hợp lệ: {problem[1]}.",
                                f"{field}.deputy" if deputy else f"{field}.authority")
    return cleaned


def block_of(signer: dict[str, Any]) -> dict[str, Any]:
    """The signature block of a signer as stored (``clean_signer``'s dict): a paper issued
    before a rule was added still prints as it was signed."""
    lines = [tuple(signer[key].split(" ", 1)) for key in ("authority", "deputy")
             if signer.get(key)]
    return signature_block(signer["name"], signer["position"], *lines)


def signature_of(signer: object, field: str = "signer") -> dict[str, Any]:
    """The signature block of ``{name, position, authority?, deputy?}`` (``clean_signer``)."""
    return block_of(clean_signer(signer, field))

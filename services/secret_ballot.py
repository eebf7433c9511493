"""Phiếu kín: sealing a secret vote so that the event log never shows how a member voted.

How the log keeps a secret ballot secret:

- A vote records ``Ballot.MemberVoted(member, written, sealed)``: *that* the member voted
  (needed for "each member votes once", and the Biên bản lists who took part), never how.
- ``sealed`` is the choice encrypted with AES-256-GCM. The key is
  HMAC-SHA256(application secret key, "thidua/ballot/" + ballot id): one key per ballot,
  derived from the secret every worker shares (``THIDUA_SECRET_KEY``) and never stored.
  The nonce is random (12 bytes), so two equal choices give different envelopes; the
  choice is one byte, so every envelope has the same length (a "không đồng ý" is not
  longer than a "đồng ý"); the ballot id and the member are authenticated data, so an
  envelope cannot be moved to another member or ballot.
- Closing opens the envelopes in the service and records ``Ballot.Closed`` with the
  counts only. Aggregate state, views, the API and exports carry counts and the list of
  who voted; the history browser and NDJSON export show the envelope as an opaque string.

What this does not hide: someone holding both the stored events *and* the secret key can
open the envelopes (as a sealed ballot box can be opened by who holds the box). Keep the
secret key out of backups of the store; rotating it before a ballot closes makes that
ballot's envelopes unreadable (closing then refuses, saying why).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from uuid import UUID

from Crypto.Cipher import AES

from events.council import CHOICES, NO, YES
from events.errors import ConflictError

_CODES = {YES: b"\x01", NO: b"\x00"}
_CHOICES = {code: choice for choice, code in _CODES.items()}
assert set(_CODES) == set(CHOICES)
NONCE_SIZE = 12
TAG_SIZE = 16


def ballot_key(secret: bytes, ballot_id: UUID) -> bytes:
    return hmac.new(secret, b"thidua/ballot/" + ballot_id.bytes, hashlib.sha256).digest()


def _associated_data(ballot_id: UUID, member: str) -> bytes:
    return b"thidua/vote/" + ballot_id.bytes + member.encode("utf-8")


def seal(secret: bytes, ballot_id: UUID, member: str, choice: str) -> str:
    """The sealed envelope of ``member``'s ``choice`` on ``ballot_id`` (URL-safe base64)."""
    nonce = os.urandom(NONCE_SIZE)
    cipher = AES.new(ballot_key(secret, ballot_id), AES.MODE_GCM, nonce=nonce,
                     mac_len=TAG_SIZE)
    cipher.update(_associated_data(ballot_id, member))
    sealed, tag = cipher.encrypt_and_digest(_CODES[choice])
    return base64.urlsafe_b64encode(nonce + sealed + tag).decode("ascii")


def unseal(secret: bytes, ballot_id: UUID, member: str, envelope: str) -> str:
    """Open an envelope; refuse (naming no member) when it was not sealed with this key."""
    try:
        raw = base64.urlsafe_b64decode(envelope.encode("ascii"))
        nonce, sealed, tag = raw[:NONCE_SIZE], raw[NONCE_SIZE:-TAG_SIZE], raw[-TAG_SIZE:]
        cipher = AES.new(ballot_key(secret, ballot_id), AES.MODE_GCM, nonce=nonce,
                         mac_len=TAG_SIZE)
        cipher.update(_associated_data(ballot_id, member))
        return _CHOICES[cipher.decrypt_and_verify(sealed, tag)]
    except (ValueError, KeyError):
        raise ConflictError(
            "Không mở được phiếu kín: khóa bí mật của hệ thống đã thay đổi hoặc phiếu bị "
            "sửa. Không thể kiểm phiếu.", "ballot_id") from None


def count(secret: bytes, ballot_id: UUID, envelopes: dict[str, str]) -> tuple[int, int]:
    """Yes and no of a secret ballot; the individual choices stay in this function."""
    choices = [unseal(secret, ballot_id, member, envelope)
               for member, envelope in envelopes.items()]
    yes = sum(1 for choice in choices if choice == YES)
    return yes, len(choices) - yes

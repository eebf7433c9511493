"""Công khai before a decision: the secretary publishes the proposed list for the number
of working days its organisation sets (``notice_days`` in its award settings, else the
rule table's row); the public reads it on /cong-khai without signing in and may comment;
the secretary reads the comments. A decision awarding a nomination whose window is open,
or that has none while the organisation requires one, is refused (services/usecases/
decisions.py asks ``Nomination.check_notice_over``).

What the public sees is built here and nowhere else (``public_view``): names, units,
award forms, decision numbers and dates — no dates of birth, sex, accounts or internal
ids beyond the notice's id, which its comment form needs.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from events.decision import AwardDecision
from events.errors import ConflictError, DomainError, InvalidInputError, ThrottledError
from events.nomination import STATUSES, Nomination
from events.notice import (
    MAX_COMMENT,
    MAX_ENTRIES,
    PUBLIC,
    CommentAttempts,
    Notice,
    address_digest,
    attempts_id,
    comment_wait,
)
from events.rules import add_working_days
from events.text import clean_text
from events.values import parse_uuid
from services.actors import Actor, check_allowed
from services.app import ThiduaApplication
from services.commands import CommandRunner
from services.usecases.award_settings import AwardSettingsCases
from services.usecases.campaigns import Campaigns
from services.usecases.nominations import Nominations
from services.usecases.organisation import Organisation

NOT_FOUND = "Không tìm thấy danh sách công khai."
PUBLIC_ACTOR = Actor(username=PUBLIC, role="public")


@dataclass
class Notices:
    """Publishing proposed lists, the public page, the public's comments."""

    app: ThiduaApplication
    runner: CommandRunner
    organisation: Organisation
    campaigns: Campaigns
    nominations: Nominations
    settings: AwardSettingsCases
    address_key: bytes = b""
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)

    def notice(self, notice_id: object, field: str = "notice_id") -> Notice:
        return self.app.load(Notice, parse_uuid(notice_id, field), NOT_FOUND, field)

    def get_notice(self, notice_id: object, *, actor: Actor) -> dict[str, Any]:
        check_allowed(actor, "notices.read")
        return self.notice(notice_id).as_dict(self.app.clock())

    def list_notices(self, *, actor: Actor, campaign_id: object = None) -> list[dict[str, Any]]:
        """Every notice with its comments, newest first (for the secretary)."""
        check_allowed(actor, "notices.read")
        campaign = parse_uuid(campaign_id, "campaign_id") if campaign_id else None
        today = self.app.clock()
        return [n.as_dict(today) for n in reversed(list(self.app.all_of(Notice, "Published")))
                if campaign is None or n.campaign_id == campaign]

    def candidates(self, campaign_id: object, *, actor: Actor) -> list[dict[str, Any]]:
        """The nominations of a campaign that may go on a list now (not withdrawn, not
        awarded, not on a list still open), for the secretary's publishing form."""
        check_allowed(actor, "notices.publish")
        campaign = parse_uuid(campaign_id, "campaign_id")
        today = self.app.clock()
        found = []
        for nomination in self.app.all_of(Nomination, "Submitted"):
            if nomination.campaign_id != campaign:
                continue
            try:
                nomination.check_noticeable("nomination_ids")
            except DomainError:
                continue
            current = nomination.notice
            if current is not None and current["closes_on"] >= today:
                continue
            found.append({"id": str(nomination.id), "subject_name": nomination.subject_name,
                          "unit_name": self.organisation.get_unit(nomination.unit_id).name,
                          "award_name": nomination.award_name,
                          "status_name": STATUSES[nomination.status]})
        return found

    def publish(self, *, campaign_id: object, unit_code: str, nomination_ids: object,
                actor: Actor, on: date | None = None,
                idempotency_key: str | None = None) -> dict[str, Any]:
        """Publish the proposed list of a unit's council for a campaign: its window ends
        with the ``notice_days``-th working day after today."""
        check_allowed(actor, "notices.publish")
        unit = self.organisation.get_unit_by_code(unit_code, "unit_code")
        campaign = self.campaigns.get_campaign(str(campaign_id))
        if not isinstance(nomination_ids, list) or not nomination_ids:
            raise InvalidInputError("Danh sách công khai phải có ít nhất một hồ sơ đề nghị.",
                                    "nomination_ids")
        if len(nomination_ids) > MAX_ENTRIES:
            raise InvalidInputError(f"Một danh sách công khai có tối đa {MAX_ENTRIES} hồ sơ.",
                                    "nomination_ids")
        day = on or self.app.clock()
        rule = self.settings.notice_rule(unit.id, day)
        closes = add_working_days(day, rule.days)

        def attempt(_: int) -> tuple[list[Any], Notice]:
            nominations, entries, seen = [], [], set()
            for index, raw in enumerate(nomination_ids):
                where = f"nomination_ids[{index}]"
                nomination = self.nominations.nomination(raw, where)
                if nomination.campaign_id != campaign.id:
                    raise InvalidInputError("Hồ sơ thuộc phong trào khác.", where)
                if nomination.id in seen:
                    raise InvalidInputError(
                        f"«{nomination.subject_name}» bị lặp trong danh sách.", where)
                seen.add(nomination.id)
                nomination.check_noticeable(where)
                current = nomination.notice
                if current is not None and current["closes_on"] >= day:
                    raise ConflictError(
                        f"«{nomination.subject_name}» đang trong một danh sách công khai đến "
                        f"hết ngày {current['closes_on']:%d/%m/%Y}.", where)
                nominations.append(nomination)
                entries.append({
                    "nomination_id": nomination.id, "subject_kind": nomination.subject_kind,
                    "subject_name": nomination.subject_name,
                    "unit_name": self.organisation.get_unit(nomination.unit_id).name,
                    "award": nomination.award, "award_name": nomination.award_name,
                    "year": nomination.year})
            notice = Notice(campaign_id=campaign.id, unit_id=unit.id, unit_name=unit.name,
                            entries=entries, published_on=day, closes_on=closes,
                            days=rule.days, source=rule.source, confidence=rule.confidence,
                            actor=actor.username)
            for nomination in nominations:
                nomination.publish_notice(notice.id, day, closes, actor.username)
            return [notice, *nominations], notice

        saved = self.runner.run(attempt, actor=actor, command="notices.publish",
                                key=idempotency_key, earlier=self.notice,
                                busy="Hồ sơ đang được cập nhật; vui lòng thử lại.",
                                field="nomination_ids")
        return saved.as_dict(self.app.clock())

    # --- the public -----------------------------------------------------------------------

    def _digest(self, address: str) -> str:
        key = hashlib.sha256(b"thidua comment address:" + self.address_key).digest()
        return address_digest(address or "-", key)

    def comment(self, notice_id: object, *, text: object, nomination_id: object = None,
                entry: object = None, address: str = "") -> dict[str, Any]:
        """A comment from the public on an open notice: NFC, at most MAX_COMMENT
        characters, no control characters; at most a few an hour from one address. What
        it is about: a nomination of the list, or (from the public page, which shows no
        ids) the entry's place in the list, counted from 0."""
        body = clean_text(text, "text", max_length=MAX_COMMENT, multiline=True)
        about = parse_uuid(nomination_id, "nomination_id") if nomination_id else None
        if entry not in (None, ""):
            listed = self.notice(notice_id).entries
            if not (isinstance(entry, (int, str)) and str(entry).isdigit()
                    and int(entry) < len(listed)):
                raise InvalidInputError("Người được chọn không có trong danh sách công khai "
                                        "này.", "nomination_id")
            about = listed[int(entry)]["nomination_id"]
        now = self.now()
        digest = self._digest(address)
        days = sorted({(now - timedelta(hours=1)).date(), now.date()})
        buckets = [b for b in (self.app.find(CommentAttempts, attempts_id(digest, d))
                               for d in days) if b is not None]
        until = comment_wait(buckets, now)
        if until is not None:
            seconds = max(1, math.ceil((until - now).total_seconds()))
            raise ThrottledError(
                f"Địa chỉ này đã gửi nhiều ý kiến trong một giờ; hãy gửi lại sau {seconds} "
                "giây.", "text", retry_after=seconds)
        today = self.app.clock()

        def attempt(_: int) -> tuple[list[Any], Notice]:
            notice = self.notice(notice_id)
            notice.comment(body, about, today, now)
            bucket = self.app.find(CommentAttempts, attempts_id(digest, now.date())) or \
                CommentAttempts(digest=digest, day=now.date())
            bucket.send(at=now)
            return [notice, bucket], notice

        self.runner.run(attempt, actor=PUBLIC_ACTOR, command="notices.comment",
                        busy="Danh sách đang nhận nhiều ý kiến; vui lòng gửi lại.",
                        field="notice_id")
        return {"received": True}

    def public_view(self) -> dict[str, Any]:
        """What /cong-khai shows: the notices open today and the issued decisions, each
        with only what the public needs."""
        today = self.app.clock()
        notices = [{
            "id": str(n.id), "unit_name": n.unit_name, "published_on": n.published_on,
            "closes_on": n.closes_on, "days": n.days,
            "entries": [{"subject_name": e["subject_name"], "unit_name": e["unit_name"],
                         "award_name": e["award_name"]} for e in n.entries]}
            for n in self.app.all_of(Notice, "Published") if n.is_open(today)]
        decisions = []
        names: dict[UUID, str] = {}  # each unit loaded once, not once per recipient

        def unit_name(unit_id: UUID) -> str:
            if unit_id not in names:
                names[unit_id] = self.organisation.get_unit(unit_id).name
            return names[unit_id]

        for d in self.app.all_of(AwardDecision, "Drafted"):
            data = d.as_dict()
            if data.get("status") != "issued":
                continue
            decisions.append({
                "number": data["number"], "issued_on": data["issued_on"],
                "issuer_name": unit_name(d.issuer_unit_id),
                "award_name": data["award_name"],
                "recipients": [{"subject_name": r["subject_name"],
                                "unit_name": unit_name(r["unit_id"])}
                               for r in d.recipients]})
        decisions.sort(key=lambda d: d["issued_on"], reverse=True)
        return {"today": today, "notices": notices, "decisions": decisions}

    def check_decision(self, nomination: Any, issuer_unit_id: UUID, on: date,
                       field: str) -> None:
        """Refuse a decision on ``on`` for a nomination still in its notice window, or
        without one when the issuer requires it."""
        rule = self.settings.notice_rule(issuer_unit_id, on)
        nomination.check_notice_over(on, rule.required, field)

"""An aggregate's state at a version in words, for the audit history's "Trạng thái sau bước
này": each field with a Vietnamese label and its value as people read it (dates dd/MM/yyyy,
points and money in vi_VN, award forms by name, people by name, Có/Không), nested lists
and records as readable lines. A field nobody has named yet reads as its words, never as
JSON; the API keeps the raw state (``history.state_at``)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from events import ids
from events.award_form import SUBJECT_KINDS, AwardForm, entry_of_snapshot
from events.campaign import CLASSIFICATIONS
from events.council import CHOICES
from events.periods import CADENCE_NAMES
from events.rules import CATEGORIES, CONFIDENCE, RECUSAL_MODES, ROUTES, SYSTEMS
from events.user import ROLES
from services import formatting
from services.audit.history import Names

LABELS = {
    "id": "Mã định danh", "actor": "Người thực hiện", "code": "Mã", "name": "Tên",
    "full_name": "Họ và tên",
    "display_name": "Tên hiển thị", "username": "Tên đăng nhập", "role": "Vai trò",
    "disabled": "Đã khóa", "person_id": "Cá nhân", "unit_id": "Đơn vị",
    "parent_id": "Trực thuộc", "sector": "Ngành", "position": "Chức vụ",
    "is_leader": "Là lãnh đạo", "sex": "Giới tính", "birth_date": "Ngày sinh",
    "campaign_id": "Phong trào", "subject_kind": "Đối tượng", "subject_kinds": "Đối tượng",
    "subject_id": "Tập thể, cá nhân", "subject_name": "Tên tập thể, cá nhân",
    "pledge": "Nội dung cam kết", "registered_on": "Ngày đăng ký", "period": "Kỳ",
    "status": "Trạng thái", "status_name": "Trạng thái", "self_scores": "Điểm tự chấm",
    "reviewed_scores": "Điểm duyệt", "corrections": "Các lần đính chính",
    "scores": "Điểm", "total": "Tổng", "version": "Phiên bản", "before": "Điểm trước",
    "changed": "Tiêu chí thay đổi", "reason": "Lý do", "number": "Số",
    "title": "Tiêu đề", "movement": "Phong trào", "issuer_unit_id": "Đơn vị ban hành",
    "start": "Từ ngày", "end": "Đến ngày", "registration_deadline": "Hạn đăng ký",
    "tracks": "Đối tượng và tiêu chí chấm", "cadence": "Chấm điểm", "criteria": "Tiêu chí",
    "max_points": "Điểm tối đa", "thresholds": "Ngưỡng xếp loại", "quotas": "Chỉ tiêu",
    "award_form": "Hình thức", "max": "Tối đa", "reserved": "Dành riêng",
    "plan": "Kế hoạch", "signer": "Người ký", "authority": "Thẩm quyền ký",
    "parent_agency": "Cơ quan cấp trên", "place": "Địa danh", "archive": "Nơi lưu",
    "basis": "Căn cứ", "notice": "Thông báo", "submitting_unit_id": "Đơn vị đề nghị",
    "award": "Danh hiệu, hình thức", "award_name": "Danh hiệu, hình thức",
    "category": "Loại khen thưởng", "system": "Hệ thống khen thưởng", "year": "Năm",
    "route": "Loại thành tích", "route_name": "Loại thành tích", "summary": "Tóm tắt thành tích",
    "women": "Nữ", "women_text": "Tỷ lệ nữ", "returns": "Các lần trả lại",
    "ballot_id": "Phiếu bầu", "votes": "Kết quả bỏ phiếu", "rank": "Thứ tự",
    "decision_id": "Quyết định", "decision_number": "Số quyết định",
    "submitted_by": "Người gửi", "dossier_id": "Hồ sơ", "kind": "Loại",
    "effective_from": "Áp dụng từ", "effective_to": "Áp dụng đến",
    "prize_coefficients": "Hệ số tiền thưởng", "created_by": "Người tạo",
    "counts": "Số lượng", "awards": "Khen thưởng", "under_discipline": "Đang bị kỷ luật",
    "discipline": "Kỷ luật", "held_on": "Ngày họp", "members": "Thành viên",
    "chair": "Chủ trì", "quorum": "Tỷ lệ có mặt tối thiểu",
    "quorum_needed": "Số thành viên phải có mặt", "present": "Có mặt",
    "has_quorum": "Đủ số thành viên có mặt", "ballots": "Phiếu bầu",
    "concluded": "Đã kết luận", "results": "Kết quả", "cancelled": "Đã hủy",
    "cancel_reason": "Lý do hủy", "issuer_symbol": "Ký hiệu cơ quan ban hành",
    "issued_on": "Ngày ban hành", "base_salary": "Mức lương cơ sở", "amount": "Số tiền",
    "source": "Nguồn", "confidence": "Độ tin cậy của nguồn", "recipients": "Người được khen",
    "revocation": "Hủy quyết định", "type_code": "Loại văn bản",
    "last_number": "Số cuối đã cấp", "documents": "Văn bản", "nomination_id": "Hồ sơ đề nghị",
    "session_id": "Phiên họp", "secret": "Bỏ phiếu kín", "threshold": "Ngưỡng thông qua",
    "priority": "Ưu tiên", "votes_cast": "Số phiếu đã bỏ",
    "written_opinions": "Số ý kiến bằng văn bản", "recused": "Không tham gia biểu quyết",
    "recusal_count": "Cách tính khi có người không tham gia",
    "base": "Số thành viên làm căn cứ tính", "result": "Kết quả", "voted": "Đã bỏ phiếu",
    "choices": "Lựa chọn", "yes": "Đồng ý", "no": "Không đồng ý", "cast": "Số phiếu",
    "written": "Ý kiến bằng văn bản", "percent": "Tỷ lệ", "passed": "Đạt",
    "strict": "Phải vượt ngưỡng", "text": "Nội dung", "numerator": "Tử số",
    "denominator": "Mẫu số", "entry": "Số thứ tự", "decided_on": "Ngày quyết định",
    "prize": "Tiền thưởng", "note": "Ghi chú", "caps": "Giới hạn số lượng",
    "council": "Hội đồng", "authority_basis": "Căn cứ thẩm quyền",
    "governing_body": "Cơ quan chủ quản",
    "recusal": "Không tham gia biểu quyết", "recused_confidence": "Độ tin cậy của nguồn đó",
    "member": "Thành viên", "automatic": "Tự động", "form": "Mục trong danh mục",
    "sha256": "Mã băm SHA-256", "file_format": "Định dạng", "link": "Mắt xích",
    "selected": "Được chọn", "tie_break": "Cách phân định khi bằng nhau",
    "recused_text": "Cách tính khi có người không tham gia",
    "recused_source": "Nguồn quy định khi có người không tham gia",
    "coefficient": "Hệ số", "coefficient_source": "Nguồn hệ số",
    "coefficient_confidence": "Độ tin cậy của hệ số", "revoked": "Đã hủy",
    "revoked_on": "Ngày hủy", "revoked_reason": "Lý do hủy", "since": "Từ ngày",
    "achievement": "Thành tích", "arrived_on": "Ngày đến", "assessment": "Đánh giá",
    "attachments": "Tài liệu kèm theo", "award_results": "Kết quả khen thưởng",
    "basis_name": "Căn cứ", "by": "Người thực hiện", "campaign_results": "Kết quả phong trào",
    "closes_on": "Hạn cuối", "comments": "Ý kiến", "created_at": "Tạo lúc",
    "days": "Số ngày", "decision": "Quyết định", "directions": "Phương hướng",
    "eligible": "Đủ điều kiện", "entries": "Các mục", "female": "Nữ", "fields": "Các trường",
    "findings": "Nhận xét", "first_sent_on": "Gửi lần đầu ngày",
    "from_unit_id": "Từ đơn vị", "to_unit_id": "Đến đơn vị", "intro": "Mở đầu",
    "issued_at": "Ban hành lúc", "issued_by": "Người ban hành", "lines": "Các dòng",
    "missing": "Còn thiếu", "month": "Tháng", "nominations": "Hồ sơ đề nghị",
    "nominees": "Người được đề nghị", "notice_id": "Thông báo", "of_award": "Của khen thưởng",
    "paper_id": "Văn bản", "place_date": "Địa danh, ngày tháng",
    "published_on": "Ngày công bố", "received_at": "Nhận lúc",
    "recipient_name": "Người nhận", "reference_id": "Đối tượng liên quan",
    "required": "Bắt buộc", "sections": "Các phần", "sent_by": "Người gửi",
    "sent_on": "Ngày gửi", "signer_name": "Người ký", "signer_title": "Chức vụ người ký",
    "situation": "Tình hình", "specialists": "Chuyên viên", "tier": "Cấp",
    "tier_unit_id": "Đơn vị cấp xét", "type": "Loại", "unit": "Đơn vị",
    "unit_name": "Tên đơn vị", "updated_at": "Sửa lúc", "updated_by": "Người sửa",
    "used": "Đã dùng", "verdicts": "Kết luận", "emulation": "Thi đua",
    "commendation": "Khen thưởng", "regular": "Thường", "bold": "Đậm",
    "italic": "Nghiêng", "size": "Cỡ", "width": "Chiều rộng", "page_size": "Khổ giấy",
    "orientation": "Hướng giấy", "font_size": "Cỡ chữ", "align": "Căn lề",
}
USERS = frozenset({"actor", "chair", "submitted_by", "created_by", "members", "present",
                   "voted", "member", "recused", "council", "reviewer", "returned_by", "by",
                   "sent_by", "issued_by", "updated_by", "specialists"})
AWARDS = frozenset({"award", "award_form"})
MONEY = frozenset({"amount", "prize", "money"})
POINTS = frozenset({"self_scores", "reviewed_scores", "scores", "before"})
# Said by a sibling field in words: the code is not shown again.
SAID_BY = {"status": "status_name", "route": "route_name", "award": "award_name",
           "women": "women_text", "tier": "tier_unit_id", "from_tier": "from_unit_id",
           "to_tier": "to_unit_id"}
# Internal indexes (a record's place in its list, counted from 0): nothing a user names.
INTERNAL = frozenset({"entry"})
STATUSES = {"open": "Đang mở", "closed": "Đã kiểm phiếu", "cancelled": "Đã hủy",
            "concluded": "Đã kết luận", "pending": "Chờ duyệt", "reviewed": "Đã duyệt",
            "draft": "Dự thảo", "issued": "Đã ban hành", "revoked": "Đã hủy"}
SEXES = {"female": "Nữ", "male": "Nam", "nu": "Nữ", "nam": "Nam"}
CODES = {
    "subject_kind": SUBJECT_KINDS, "subject_kinds": SUBJECT_KINDS, "role": ROLES,
    "cadence": CADENCE_NAMES, "route": ROUTES, "system": SYSTEMS, "kind": CATEGORIES,
    "recusal_count": RECUSAL_MODES, "status": STATUSES, "sex": SEXES, "choices": CHOICES,
    "choice": CHOICES, "recused": RECUSAL_MODES, "confidence": CONFIDENCE,
    "coefficient_confidence": CONFIDENCE, "recused_confidence": CONFIDENCE,
    "source": {"decision": "quyết định khen thưởng", "import": "nhập từ tệp",
               "manual": "nhập tay"},
}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def label(key: str) -> str:
    """The field's Vietnamese label; a field nobody named yet reads as its words."""
    found = LABELS.get(key)
    if found is not None:
        return found
    if key.endswith("_id"):
        return label(key[:-3])
    return key.replace("_", " ").strip().capitalize() or key


def _uuid(value: Any) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str) and len(value) == 36


class StateWords:
    """Renders one aggregate's plain state (``history.state_of``) as labelled lines."""

    def __init__(self, names: Names, kind: str) -> None:
        self.names = names
        self.kind = kind

    def award(self, code: str) -> str:
        found = self.names.app.find(AwardForm, ids.award_form_id(code))
        return found.name if found is not None else entry_of_snapshot(code, None).name

    def scalar(self, key: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return "Có" if value else "Không"
        if isinstance(value, (int, float, Decimal)):
            if key in MONEY or (key == "total" and self.kind == "AwardDecision"):
                return f"{formatting.money(value)} đồng"
            if key == "percent":
                return formatting.percent(value)
            return formatting.number(value) if key not in ("year", "entry") else str(value)
        text = str(value)
        if key in CODES and text in CODES[key]:
            return CODES[key][text]
        if key in USERS:
            return self.names.user(text)
        if key in AWARDS or key == "category":
            return self.award(text)
        if key == "sector":
            return self.names.sector(text)
        if key == "period":
            return formatting.period(text)
        if key != "id" and _uuid(text):
            return self.names(text)
        if ISO_DAY.match(text):
            return formatting.day(date.fromisoformat(text))
        if ISO_MOMENT.match(text):
            try:
                return formatting.moment(datetime.fromisoformat(text))
            except ValueError:
                return text
        return text

    def inline(self, key: str, value: Any) -> str:
        """A value on one line: records as "Nhãn: giá trị; …", lists joined by commas."""
        if isinstance(value, dict):
            if not value:
                return "không có"
            if set(value) == {"numerator", "denominator"}:
                return f"{value['numerator']}/{value['denominator']}"
            return "; ".join(f"{self.key_label(key, k)}: {self.nested(self.inner(key, k), v)}"
                             for k, v in value.items() if not self.said_elsewhere(k, value))
        if isinstance(value, list):
            if not value:
                return "không có"
            return ", ".join(f"({self.inline(key, v)})" if isinstance(v, dict)
                             else self.inline(key, v) for v in value)
        return self.scalar(key, value)

    def nested(self, key: str, value: Any) -> str:
        """A record inside a record, in brackets so that its parts stay together."""
        text = self.inline(key, value)
        return f"({text})" if isinstance(value, dict) and value and "; " in text else text

    def lines(self, key: str, value: Any) -> list[str]:
        """A top-level value: a record or a list of records one line per item."""
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return [self.inline(key, v) for v in value]
        if isinstance(value, dict) and len(value) > 1 \
                and set(value) != {"numerator", "denominator"}:
            return [f"{self.key_label(key, k)}: {self.inline(self.inner(key, k), v)}"
                    for k, v in value.items() if not self.said_elsewhere(k, value)]
        return [self.inline(key, value)]

    def key_label(self, parent: str, key: str) -> str:
        """A key of a record: a field's label, a person or an aggregate by name, a code."""
        if parent in POINTS or parent == "prize_coefficients":
            return key  # a criterion's code (TT1) or an award's
        if parent in ("choices",):
            return self.names.user(key)
        if parent == "thresholds":
            return CLASSIFICATIONS.get(key, key)
        if _uuid(key):
            return self.names(key)
        if parent == "counts":
            return self.award(key)
        return label(key)

    @staticmethod
    def inner(parent: str, key: str) -> str:
        """The key a nested value is read by: a record keyed by ids reads by its parent."""
        if _uuid(key) or parent in POINTS or parent in ("choices", "counts"):
            return "choice" if parent == "choices" else parent
        return key

    @staticmethod
    def said_elsewhere(key: str, record: dict[str, Any]) -> bool:
        return key in INTERNAL or SAID_BY.get(key) in record


def state_rows(names: Names, kind: str, state: dict[str, Any]) -> list[dict[str, Any]]:
    """[{"label": …, "lines": [...]}, …] in the state's order, codes said in words."""
    words = StateWords(names, kind)
    return [{"label": label(key), "lines": words.lines(key, value)}
            for key, value in state.items() if not StateWords.said_elsewhere(key, state)]

"""What every page's frame shows: the organisation's name, the signed-in person's name,
the navigation grouped by the work each role does, and the formatting filters of
``services.formatting`` (one style for numbers, money, dates and periods)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, url_for
from flask_login import current_user

from services.actors import allowed
from services.formatting import FILTERS
from services.web.pages.common import bp, thidua


@dataclass(frozen=True)
class Link:
    label: str
    endpoint: str
    action: str | None = None  # shown only to roles allowed to do this
    args: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Group:
    label: str
    links: tuple[Link, ...]


# The menu, grouped by the work: each role sees the groups and links of its own work.
MENU = (
    Group("Thi đua", (
        Link("Trang chủ, việc cần làm", "pages.index"),
        Link("Đơn vị", "pages.units"),
        Link("Cá nhân", "pages.people"),
    )),
    Group("Khen thưởng", (
        Link("Hồ sơ đề nghị theo tuyến", "pages.dossiers"),
        Link("Hội đồng Thi đua – Khen thưởng", "pages.councils", "council.manage"),
        Link("Quyết định khen thưởng", "pages.decisions"),
        Link("Công khai, ý kiến công chúng", "pages.notices", "notices.read"),
        Link("Trang công khai", "pages.public_notices"),
        Link("Tra cứu khen thưởng", "pages.history"),
        Link("Báo cáo thống kê, quỹ khen thưởng", "pages.reports", "reports.read"),
        Link("Danh mục khen thưởng", "pages.award_forms"),
        Link("Quy định riêng về khen thưởng", "pages.award_settings"),
        Link("Văn bản đã phát hành", "pages.documents"),
    )),
    Group("Quản trị", (
        Link("Tài khoản", "pages.users", "users.create"),
        Link("Ngành", "pages.sectors", "sectors.manage"),
    )),
    Group("Kiểm toán", (
        Link("Sổ sự kiện", "pages.audit_events", "audit.read"),
        Link("Kiểm tra chuỗi băm", "pages.audit_verify", "audit.read"),
    )),
    Group("Trợ giúp", (
        Link("Hướng dẫn sử dụng", "pages.guide"),
        Link("Đổi mật khẩu", "pages.change_password"),
        Link("Tài liệu API", "pages.api_docs"),
    )),
)


def menu_of(actor: Any) -> list[dict[str, Any]]:
    """The groups of links the actor sees (a group with no link for them is left out)."""
    groups = []
    for group in MENU:
        links = [{"label": link.label, "href": url_for(link.endpoint, **dict(link.args))}
                 for link in group.links if link.endpoint in current_app.view_functions
                 and (link.action is None or allowed(actor, link.action))]
        if links:
            groups.append({"label": group.label, "links": links})
    return groups


def organisation_name() -> str:
    """The top unit's name (the organisation the system serves), or a general title."""
    roots = [u for u in thidua().organisation.list_units() if not u.get("parent_code")]
    return roots[0]["name"] if roots else "Hệ thống quản lý thi đua, khen thưởng"


def guide_href() -> str | None:
    """Where the user guide is, when this build serves one."""
    return url_for("pages.guide") if "pages.guide" in current_app.view_functions else None


@bp.app_context_processor
def _frame() -> dict[str, Any]:
    frame = {"organisation": organisation_name(), "guide_href": guide_href(), "menu": [],
             "user_name": ""}
    if current_user.is_authenticated:
        actor = current_user.actor
        frame.update(menu=menu_of(actor),
                     user_name=thidua().accounts.display_name(actor.username))
    return frame


@bp.app_template_filter("person")
def person(username: str) -> str:
    """An account's person's name, where a page would show a username (council members,
    the chair, who wrote an opinion); looked up once per request."""
    names = g.setdefault("person_names", {})
    if username not in names:
        names[username] = thidua().accounts.display_name(str(username))
    return names[username]


for _name, _filter in FILTERS.items():
    bp.add_app_template_filter(_filter, _name)

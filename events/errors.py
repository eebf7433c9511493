"""One family of domain errors; each names the offending field in Vietnamese."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain and the use cases raise on purpose."""

    code = "domain_error"

    def __init__(self, message: str, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInputError(DomainError):
    """Input that breaks a rule of the domain (bad value, wrong form, out of range)."""

    code = "invalid"


class NotFoundError(DomainError):
    """A referenced unit, person, campaign or other record does not exist."""

    code = "not_found"


class ConflictError(DomainError):
    """The command clashes with what is already recorded (duplicate, concurrent write)."""

    code = "conflict"


class AuthenticationError(DomainError):
    """No valid credentials were presented."""

    code = "unauthenticated"


class ThrottledError(DomainError):
    """Too many attempts: try again later (``retry_after`` seconds)."""

    code = "throttled"

    def __init__(self, message: str, field: str | None = None, code: str | None = None, *,
                 retry_after: int = 0) -> None:
        super().__init__(message, field, code)
        self.retry_after = retry_after


class PermissionDeniedError(DomainError):
    """The acting user may not do this."""

    code = "forbidden"

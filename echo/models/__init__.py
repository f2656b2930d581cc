"""Typed SQLAlchemy 2.x models, one module per aggregate."""
from .case import Case, CaseRevision, CaseState, CaseTag, CaseView, PrivacyDismissal
from .library import LibraryDocument, LibraryState, SavedCase
from .live import Endorsement, LiveEvent, PresenceInterval, Question, Recommendation, RecommendationEdit, Summary
from .program import Invite, Membership, MembershipStatus, Program, Role, Visibility
from .session import Session, SessionStatus
from .user import AuditLog, Notification, PasswordReset, User, UserLogin

__all__ = [
    "AuditLog", "Case", "CaseRevision", "CaseState", "CaseTag", "CaseView", "Endorsement", "Invite", "LibraryDocument", "LibraryState", "LiveEvent",
    "Membership", "MembershipStatus", "Notification", "PasswordReset", "PresenceInterval", "PrivacyDismissal", "Program",
    "Question", "Recommendation", "RecommendationEdit", "Role", "SavedCase", "Session", "SessionStatus",
    "Summary", "User", "UserLogin", "Visibility",
]

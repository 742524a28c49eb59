"""Forum models, one module per concern, re-exported here."""

from .boards import Board, BoardQuerySet
from .members import ForumProfile, ReadPosition, Subscription
from .moderation import Flag, ModerationLog
from .notifications import Notification
from .threads import Attachment, Post, PostRevision, Reaction, Status, Thread

__all__ = [
    "Attachment",
    "Board",
    "BoardQuerySet",
    "Flag",
    "ForumProfile",
    "ModerationLog",
    "Notification",
    "Post",
    "PostRevision",
    "Reaction",
    "ReadPosition",
    "Status",
    "Subscription",
    "Thread",
]

"""Who may see what: the one place that decides the visibility of restricted content.

- ``accounts.access.tokens``: the audience tokens (PUBLIC, MEMBERS, NOBODY, group_token), a reader's tokens
  (reader_audience, and reader_audiences for many readers at once, with the tokens apps grant through
  register_audience_source) and how view restrictions
  combine into an audience (simplify, merge, combine);
- ``accounts.access.pages``: pages (page_audience, serving_audience, can_view_page, page_audiences for many pages,
  and the bulk, cached subtrees hidden from a reader: hidden_for);
- ``accounts.access.media``: uploaded images and documents (media_audience, decide).

Every surface calls these evaluators; none decides visibility on its own. The tokens and page rules are
re-exported here (``from accounts.access import MEMBERS, page_audience``); the media rules import Wagtail's
documents and permissions, so they are imported from their module.
"""

from accounts.access.pages import (
    AudienceByPath,
    can_view_page,
    hidden_for,
    page_audience,
    page_audiences,
    restricted_audiences,
    serving_audience,
    subtree_filter,
)
from accounts.access.tokens import (
    MEMBERS,
    NOBODY,
    PUBLIC,
    combine,
    extra_tokens,
    forget_extra_tokens,
    group_token,
    merge,
    reader_audience,
    reader_audiences,
    register_audience_source,
    restriction_tokens,
    simplify,
)

__all__ = [
    "MEMBERS",
    "NOBODY",
    "PUBLIC",
    "AudienceByPath",
    "can_view_page",
    "combine",
    "extra_tokens",
    "forget_extra_tokens",
    "group_token",
    "hidden_for",
    "merge",
    "page_audience",
    "page_audiences",
    "reader_audience",
    "reader_audiences",
    "register_audience_source",
    "restricted_audiences",
    "restriction_tokens",
    "serving_audience",
    "simplify",
    "subtree_filter",
]

"""Which library pages a reader may not open: the rule and its cache live in accounts.access.pages.

Kept as the library's name for them (library.listing and LibraryPage.objects.visible_to read them from here);
the library's listing version is the restrictions version the cache is keyed by (library.apps registers it).
"""

from accounts.access.pages import MAX_LISTED_IDS, TREE_PATH_END, hidden_for, subtree_filter

__all__ = ["MAX_LISTED_IDS", "TREE_PATH_END", "hidden_for", "subtree_filter"]

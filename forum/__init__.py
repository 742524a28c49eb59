"""The forum: boards, threads, posts, following, notifications and moderation, built into the site.

Why our own app rather than a forum package: Spirit 0.14.3 supports Django 5.2 but is a standalone
site with its own accounts, Haystack search and task runner; django-machina 1.3.1 predates Django 5.2;
Misago is a separate React site. Building on well-kept parts (markdown-it-py for Markdown, nh3 for
sanitizing, Django's email and signing) gives officers one sign-in, one search and one set of
restrictions: a board's audience uses the same tokens as library pages and search documents
(see ``accounts.access``), and every list, count, feed and notification goes through
``Board.objects.for_reader(user)`` / ``Thread.objects.for_reader(user)`` / ``Post.objects.for_reader(user)``
(what a reader may open; ``.published()`` narrows a list to what it shows).
"""

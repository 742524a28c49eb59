"""Followed searches: a member follows a search (text + filters) and hears of new documents that match it.

From /search/ or the library listing a signed-in member follows what they are looking at (``follow_button``
template tag: a POST form). The worker checks every followed search once per run (``tasks.check_followed_searches``,
``register_periodic``) with ONE query through ``search.service.newest_matches`` as that member (their audience at
the time of the check), records an in-app alert per new document (``SearchAlert``, unique per follow and document)
and emails it at once or in the daily digest (forum.notifications.send_digests asks ``digest_items``), in the
member's language, with a signed unsubscribe link. Visibility is checked again whenever an alert is shown or sent
(``visible_entries``). See checks.py for the run itself.
"""

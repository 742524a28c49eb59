"""Import library pages from JSON Lines (manage.py import_library): check every line, write them all or none.

validate.py checks the structure of every line against the taxonomy and the page kinds (``LibraryPage.kinds()``);
scan.py runs the anonymity check of every line (in worker processes from pool.py for large files) while
write.py writes the pages table by table in bulk in one transaction, and index.py indexes them for search
through search's public API. A refused line rolls the whole import back.
"""

"""Text processing shared by search and the anonymization guard: one pipeline for documents and queries.

Foundation layer: imports no app of the project. ``pipeline`` normalizes, segments (ICU), folds and builds the
index fields; ``scripts`` is the one table of the scripts written without spaces; ``dictionary`` reads ICU's
segmentation dictionaries.
"""

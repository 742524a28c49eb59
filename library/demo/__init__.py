"""Illustrative demo content: fictional, anonymized library pages and demo members for every role."""

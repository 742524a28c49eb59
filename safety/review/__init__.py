"""Anonymity review of guarded pages: what the check finds (findings), how values are replaced (redaction), and the
editors' decisions recorded with the audit log (workflow: redact, override)."""

"""Workshops: workshop pages, cohorts, knowledge tests before and after, results, certificates, follow-up."""

"""Insights: what the library says across the region, as aggregates and pictures, without exposing anyone."""

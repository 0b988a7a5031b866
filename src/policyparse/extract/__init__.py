"""Extractors: small typed functions from layout + language annotations to record fields."""

"""Helpers shared by the tests: stores, world builders, an API client, projections."""

"""Domain core of thidua: aggregates, domain events, domain errors and rule tables.

Imports only the standard library and ``eventsourcing.domain``.
"""

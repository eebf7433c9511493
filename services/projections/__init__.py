"""Projections: the event log turned into views, exactly once, in batches, replayable."""

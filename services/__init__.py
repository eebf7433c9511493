"""Application services of thidua: use cases, persistence set-up, web and CLI entry points."""

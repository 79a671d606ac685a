"""Benchmarks of issue 6: synthetic databases and the measurements against their budgets."""

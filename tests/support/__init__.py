"""Helpers the tests (and the benchmarks) share: test data generators."""

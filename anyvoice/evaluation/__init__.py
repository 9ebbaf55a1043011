"""Evaluation: metrics for every task, and the benchmarks built on them."""

"""Ingest stages: clean -> segment -> references -> resolve -> edges -> rows.

Each stage is a plain function with typed input and output (see ``model``).
"""

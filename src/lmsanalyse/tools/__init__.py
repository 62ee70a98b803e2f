"""Analyst tools: explain, diff and the synthetic-data generator."""

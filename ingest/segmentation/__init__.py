"""Segmentation: cleaned text into paragraphs with deterministic, hierarchical local ids."""

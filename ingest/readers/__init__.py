"""Readers: files in, text out. Discover files, read each format, refuse what cannot be read."""

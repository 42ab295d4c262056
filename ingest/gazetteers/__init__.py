"""Gazetteers: bodies, summits and conventions named in a text, each resolved to one key."""

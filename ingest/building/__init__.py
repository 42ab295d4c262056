"""Graph building: a parsed document to node rows and edges, each edge with its evidence."""

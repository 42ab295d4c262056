"""The graph: schema as data, and the stores (embedded FalkorDB, Neo4j) behind one interface."""

"""mandate-lineage: a graph of where intergovernmental mandates come from."""

__version__ = "0.1.0"

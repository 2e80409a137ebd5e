"""argmap: policy-argument maps in curated YAML, checked against their sources."""

__version__ = "0.1.0"
__all__ = ["__version__"]

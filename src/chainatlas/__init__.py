"""ChainAtlas (产业链图谱): industrial-chain maps, enterprise registry and gap analysis."""

__version__ = "0.1.0"

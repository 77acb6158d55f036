"""askbio: an LLM-free retrieval question-answering chatbot with cited answers."""

__version__ = "0.1.0"

__all__ = ["__version__"]

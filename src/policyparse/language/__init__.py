"""Language stage: a spaCy ``blank("sv")`` pipeline with Swedish rule components."""

from policyparse.language.nlp import get_nlp

__all__ = ["get_nlp"]

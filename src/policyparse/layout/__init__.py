"""Layout stage: pages of characters → lines (column segments) → blocks with roles."""

from policyparse.layout.model import Block, Layout, Line, PageLayout

__all__ = ["Block", "Layout", "Line", "PageLayout"]

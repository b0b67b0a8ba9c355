"""Extractor output → our blocks: one block per paragraph, heading, list item, table or
image, each with its plain text and its HTML element.

Two renderers, one module each, on the shared :mod:`.blocks` (``Block``, ``tidy``, the
link and image rules, ``blocks_to_html``): :mod:`.xml` reads trafilatura's XML,
:mod:`.html` an HTML subtree.
"""

from .blocks import Block, blocks_to_html, tidy
from .html import render_html_blocks
from .xml import render_blocks

__all__ = ["Block", "blocks_to_html", "render_blocks", "render_html_blocks", "tidy"]

"""What every extractor reads: the layout, the body text with its evidence map, sentences.

Built once per document by the pipeline. Extractors never touch the PDF; they read blocks,
sentences and header lines from here and turn character offsets into evidence with
:meth:`Context.evidence`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from policyparse.layout.model import Block, Layout, Line
from policyparse.layout.textindex import TextIndex
from policyparse.record import Span

_MARKER = regex.compile(r"^\s*(?:•|-|–|—|\*|\(?\d{1,2}[.)]|\(?[a-zåäö][.)])\s+")


@dataclass(slots=True)
class Sentence:
    text: str
    start: int  # offset in Context.body.text
    end: int
    block: int


@dataclass(slots=True)
class Section:
    heading: str | None
    heading_block: int | None
    blocks: list[int]


@dataclass(slots=True)
class Context:
    layout: Layout
    blocks: list[Block]
    body: TextIndex
    block_spans: list[tuple[int, int]]
    sentences: list[Sentence]
    sections: list[Section]
    header: list[Line]
    decision_date: dt.date | None = None
    _orgs: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    _by_block: dict[int, list[Sentence]] | None = None

    def orgs(self, sentence: Sentence) -> list[tuple[int, int, str]]:
        """Public bodies in ``sentence`` (the ``policyparse_public_bodies`` EntityRuler):
        ``(start, end, canonical name)`` with offsets within ``sentence.text``.

        Computed on demand and cached: running the ruler over every block of every document
        cost ~6 % of a document's time, while an extractor needs it for a few sentences.
        """
        found = self._orgs.get(sentence.start)
        if found is None:
            from policyparse.language import get_nlp

            doc = get_nlp()(sentence.text)
            found = [(e.start_char, e.end_char, e.ent_id_ or e.text) for e in doc.ents]
            self._orgs[sentence.start] = found
        return found

    def evidence(self, start: int, end: int) -> list[Span]:
        return self.body.spans(start, end)

    def block_text(self, i: int) -> str:
        s, e = self.block_spans[i]
        return self.body.text[s:e]

    def item_text(self, i: int) -> str:
        """A list item's text without its bullet or enumerator."""
        return str(_MARKER.sub("", self.block_text(i), count=1)).strip()

    def sentences_of(self, blocks: set[int]) -> list[Sentence]:
        return [s for s in self.sentences if s.block in blocks]

    def sentences_in(self, block: int) -> list[Sentence]:
        """The sentences of one block, in order. Indexed on first use: scanning every
        sentence for each block is quadratic in a long document."""
        if self._by_block is None:
            self._by_block = {}
            for sent in self.sentences:
                self._by_block.setdefault(sent.block, []).append(sent)
        return list(self._by_block.get(block, ()))


def build_context(layout: Layout) -> Context:
    from policyparse.language.nlp import sentence_spans_many

    blocks = [b for b in layout.blocks if b.role != "furniture"]
    lines: list[Line] = []
    starts: set[int] = set()
    for block in blocks:
        starts.add(len(lines))
        lines.extend(block.lines)
    body = TextIndex(lines, frozenset(starts))
    block_spans: list[tuple[int, int]] = []
    line_no = 0
    for block in blocks:
        first = body.line_starts[line_no]
        line_no += len(block.lines)
        last_line = body.line_starts[line_no - 1] + len(block.lines[-1].text)
        block_spans.append((first, last_line))
    # tokenizer (with the abbreviation special cases) and sentencizer rule only; public
    # bodies are found on demand by Context.orgs
    sentences: list[Sentence] = []
    texts = [body.text[s:e] for s, e in block_spans]
    for bi, (block_text, spans) in enumerate(zip(texts, sentence_spans_many(texts), strict=True)):
        base = block_spans[bi][0]
        for start, end in spans:
            text = block_text[start:end]
            if not text.strip():
                continue
            sentences.append(Sentence(text, base + start, base + end, bi))
    sections: list[Section] = [Section(None, None, [])]
    for i, block in enumerate(blocks):
        if block.role == "heading":
            sections.append(Section(" ".join(texts[i].split()), i, []))
        else:
            sections[-1].blocks.append(i)
    return Context(
        layout=layout,
        blocks=blocks,
        body=body,
        block_spans=block_spans,
        sentences=sentences,
        sections=sections,
        header=layout.header,
    )

"""OCR for pages without a usable text layer (scanned pages, broken font encodings).

Optional: needs the ``ocr`` extra (pytesseract, Pillow) and the system packages
``tesseract-ocr`` and ``tesseract-ocr-swe``. A page is rendered with pypdfium2 (already a
pdfplumber dependency), recognised with Tesseract's Swedish model, and its words come back as
:class:`RawChar` tokens in PDF points, so the same line building, roles and extractors apply.
The page records that it was OCR'd and the mean word confidence.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from typing import Any

import regex

from policyparse.errors import CorruptInputError, NoTextError
from policyparse.layout.lines import RawChar, build_lines
from policyparse.layout.model import PageLayout
from policyparse.source import Source

DPI = 200  # Tesseract's accuracy on 10–12 pt print is the same at 200 and 300 dpi here
# A page is rendered at DPI unless that makes more pixels than this (A0 at 200 dpi is 62
# million): a hostile /MediaBox of 200 × 200 inches would otherwise ask for a 6 GB bitmap.
MAX_PIXELS = 40_000_000
_CID = regex.compile(r"\(cid:\d+\)")


@lru_cache(maxsize=1)
def ocr_available() -> bool:
    try:
        import pytesseract  # noqa: F401
        from PIL import Image  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


def needs_ocr(page: PageLayout) -> bool:
    """No text, or a text layer that is mostly garbage (unmapped glyphs, no letters). A page
    with a little real text (a last page with "Kopia till …") is not a scan."""
    text = "".join([line.text for line in page.lines])
    stripped = len(text.strip())
    if not stripped:
        return True
    if stripped < 20:
        return False
    visible, letters = count_letters(text)
    # the literal first (a C-level substring search): a page with an unmapped glyph is rare,
    # a regex pass is not
    cids = len(_CID.findall(text)) if "(cid:" in text else 0
    return letters < 0.5 * visible or cids * 6 > visible * 0.3


def count_letters(text: str) -> tuple[int, int]:
    """(characters that are not whitespace, letters among them), by ``str.isspace`` and
    ``str.isalpha``: one ``split``/``join`` drops the whitespace, then ``str.isalpha`` runs
    per character inside ``map``, without a Python-level loop."""
    visible = "".join(text.split())  # every character but whitespace
    return len(visible), sum(map(str.isalpha, visible))


OCR_ADVICE = (
    "OCR support needs `pip install 'policyparse[ocr]'` and the tesseract-ocr-swe system package"
)


def no_text_error(source: Source, pages: list[PageLayout], chars: int, least: int) -> NoTextError:
    """The ``no_text`` error for a document with fewer than ``least`` characters of text,
    saying why: advice to install OCR only where OCR would have been tried (a PDF page
    without a usable text layer) and is missing. A text, HTML or Markdown file, or a PDF
    whose real text layer holds a word or two, has too little text whatever is installed."""
    name = source.name
    too_little = f"too little text to read ({chars} characters, fewer than {least})"
    if source.type != "pdf":
        return NoTextError(f"{name}: {too_little}")
    if any(p.ocr for p in pages):
        return NoTextError(
            f"{name}: no usable text layer, and OCR found {too_little.replace('to read ', '')}"
        )
    if not any(needs_ocr(p) for p in pages):  # what is there is real text, only short
        return NoTextError(f"{name}: {too_little} in its text layer")
    return NoTextError(f"{name}: no usable text layer (scanned?); {OCR_ADVICE}")


def ocr_pages(source: Source, pages: list[PageLayout], password: str | None = None) -> None:
    """Replace the lines of every page that needs OCR, in place."""
    todo = [p for p in pages if needs_ocr(p)]
    if not todo:
        return
    if not ocr_available():
        if all(needs_ocr(p) for p in pages):
            raise NoTextError(f"{source.name}: no usable text layer (scanned?); {OCR_ADVICE}")
        return
    import pypdfium2 as pdfium
    import pytesseract

    # One thread per Tesseract: batch runs already use every core with one worker each.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    try:
        pdf = pdfium.PdfDocument(source.data, password=password)
    except pdfium.PdfiumError as exc:
        raise CorruptInputError(f"{source.name}: cannot render pages for OCR ({exc})") from exc
    try:
        for page in todo:
            try:
                pdf_page = pdf[page.number - 1]
            except pdfium.PdfiumError:
                continue  # a broken page keeps what its text layer gave
            scale = render_scale(pdf_page.get_width(), pdf_page.get_height())
            image = pdf_page.render(scale=scale).to_pil()
            data = pytesseract.image_to_data(
                image, lang=_lang(), output_type=pytesseract.Output.DICT
            )
            chars, confidence = _words(data, 1 / scale)
            page.lines = build_lines(chars, page.number, page.number * 100000)
            page.ocr = True
            page.ocr_confidence = confidence
            pdf_page.close()
    finally:
        pdf.close()


def render_scale(width: float, height: float) -> float:
    """Pixels per point: DPI / 72, less for a page so large that it would pass MAX_PIXELS."""
    scale = DPI / 72
    area = max(1.0, width * height)
    if area * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / area) ** 0.5
    return scale


@lru_cache(maxsize=1)
def _lang() -> str:
    import pytesseract

    try:
        return "swe" if "swe" in pytesseract.get_languages(config="") else "eng"
    except Exception:  # an old tesseract without --list-langs
        return "swe"


def _words(data: dict[str, Any], scale: float) -> tuple[list[RawChar], float | None]:
    """Words → tokens. Every word takes its text line's box (Tesseract's level-4 rows), so
    descenders do not split a line and the size reflects the line, not the word's letters."""
    line_box: dict[tuple[int, int, int], tuple[float, float]] = {}
    for i, level in enumerate(data["level"]):
        if level == 4:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            top = data["top"][i] * scale
            line_box[key] = (top, top + data["height"][i] * scale)
    chars: list[RawChar] = []
    confs: list[float] = []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        conf = float(data["conf"][i])
        if not word or conf < 0:
            continue
        if conf < 40 and not any(ch.isalnum() for ch in word):
            continue  # specks and rules read as "|" or "—"
        x0 = data["left"][i] * scale
        x1 = x0 + data["width"][i] * scale
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        word_box = (data["top"][i] * scale, (data["top"][i] + data["height"][i]) * scale)
        top, bottom = line_box.get(key, word_box)
        size = max(6.0, round((bottom - top) * 0.8 * 2) / 2)
        step = (x1 - x0) / len(word)
        for k, ch in enumerate(word):
            chars.append(RawChar(ch, x0 + k * step, top, x0 + (k + 1) * step, bottom, size, "OCR"))
        chars.append(RawChar(" ", x1, top, x1 + 0.01, bottom, size, "OCR"))  # the word gap
        confs.append(conf)
    return chars, (sum(confs) / len(confs) / 100 if confs else None)

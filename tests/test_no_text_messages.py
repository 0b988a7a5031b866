"""A no_text error says why there is no text: the message follows the cause (OCR missing, OCR
found nothing, a text file with next to nothing in it, a PDF whose text layer holds only a word
or two), never "install OCR" where OCR would not help or is installed."""

from __future__ import annotations

import pytest

import policyparse
from policyparse.layout import ocr
from tests import hostile_files as H

OCR_ADVICE = "policyparse[ocr]"


def no_text(data: bytes) -> str:
    with pytest.raises(policyparse.NoTextError) as info:
        policyparse.parse(data, name="doc")
    return str(info.value)


@pytest.fixture(params=[True, False], ids=["ocr-installed", "ocr-missing"])
def ocr_installed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    installed: bool = request.param
    if installed and not ocr.ocr_available():
        pytest.skip("OCR extra or tesseract not installed")
    monkeypatch.setattr(ocr, "ocr_available", lambda: installed)
    return installed


@pytest.mark.parametrize(
    "data", [b"Hej.", b"# Rubrik\n", b"<html><body>Hej</body></html>", b"12 34 56"]
)
def test_a_short_text_file_is_not_told_to_install_ocr(data: bytes, ocr_installed: bool) -> None:
    message = no_text(data)
    assert OCR_ADVICE not in message and "OCR" not in message
    assert "too little text" in message


def test_a_pdf_with_a_word_or_two_in_its_text_layer(ocr_installed: bool) -> None:
    """A real text layer that is too short: OCR would not help, whether installed or not."""
    message = no_text(H.one_page_pdf(H.text_content(["Hej"])))
    assert OCR_ADVICE not in message and "too little text" in message


def test_a_pdf_without_a_text_layer(ocr_installed: bool) -> None:
    message = no_text(H.one_page_pdf(b""))
    if ocr_installed:
        assert OCR_ADVICE not in message and "OCR found" in message
    else:
        assert OCR_ADVICE in message and "tesseract" in message

"""policyparse.parse on inputs it cannot turn into a record: typed errors, stable codes."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

import policyparse
from policyparse import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    NoTextError,
    Options,
    PolicyParseError,
    TooLargeError,
    UnsupportedInputError,
)
from policyparse.errors import InputNotFoundError, ModelAssetsError, ResourceLimitError

# The codes documented in errors.py; batch output is filtered on these, so they must not drift.
DOCUMENTED = {
    InputNotFoundError: "not_found",
    EmptyInputError: "empty",
    UnsupportedInputError: "unsupported",
    CorruptInputError: "corrupt",
    EncryptedInputError: "encrypted",
    NoTextError: "no_text",
    TooLargeError: "too_large",
    ResourceLimitError: "resource_limit",
    ModelAssetsError: "models_missing",
}


@pytest.mark.parametrize(("cls", "code"), list(DOCUMENTED.items()))
def test_error_types_are_stable(cls: type[PolicyParseError], code: str) -> None:
    assert issubclass(cls, PolicyParseError)
    assert cls.error_type == code


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_bytes(data: bytes) -> None:
    with pytest.raises(EmptyInputError) as info:
        policyparse.parse(data)
    assert info.value.error_type == "empty"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyInputError):
        policyparse.parse(path)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_are_unsupported(seed: int) -> None:
    data = random.Random(seed).randbytes(4096)
    with pytest.raises(UnsupportedInputError) as info:
        policyparse.parse(data)
    assert info.value.error_type == "unsupported"


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04\x14\x00\x06\x00word/document.xml", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"],
    ids=["docx-zip", "ole-doc"],
)
def test_office_files_are_unsupported(data: bytes) -> None:
    with pytest.raises(UnsupportedInputError):
        policyparse.parse(data)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyParseError) as info:
        policyparse.parse(tmp_path / "finns-inte.pdf")
    assert info.value.error_type in set(DOCUMENTED.values())


def test_truncated_pdf_header_is_corrupt() -> None:
    with pytest.raises(PolicyParseError) as info:
        policyparse.parse(b"%PDF-1.4 garbage")
    assert isinstance(info.value, CorruptInputError)
    assert info.value.error_type == "corrupt"


def test_blank_page_has_no_text(blank_pdf: Path) -> None:
    with pytest.raises(NoTextError) as info:
        policyparse.parse(blank_pdf)
    assert info.value.error_type == "no_text"


def test_blank_page_as_bytes_and_stream(blank_pdf: Path) -> None:
    data = blank_pdf.read_bytes()
    with pytest.raises(NoTextError):
        policyparse.parse(data)
    with pytest.raises(NoTextError):
        policyparse.parse(io.BytesIO(data))


def test_size_limits(regeringsbeslut_pdf: Path) -> None:
    with pytest.raises(TooLargeError):
        policyparse.parse(regeringsbeslut_pdf, options=Options(max_bytes=100))
    with pytest.raises(TooLargeError):
        policyparse.parse(regeringsbeslut_pdf.read_bytes(), options=Options(max_pages=0))


def _encrypted_pdf(path: Path, password: str) -> Path:
    enc = pdfencrypt.StandardEncryption(password, ownerPassword="ägarlösen", strength=128)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Regeringen ger Socialstyrelsen i uppdrag att utreda screening.")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("password", [None, "fel"])
def test_encrypted_pdf_without_the_password(tmp_path: Path, password: str | None) -> None:
    path = _encrypted_pdf(tmp_path / "krypterad.pdf", "hemligt")
    with pytest.raises(PolicyParseError) as info:
        policyparse.parse(path, password=password)
    assert info.value.error_type == "encrypted", (type(info.value).__name__, str(info.value))


def test_encrypted_pdf_with_the_password(tmp_path: Path) -> None:
    path = _encrypted_pdf(tmp_path / "krypterad.pdf", "hemligt")
    doc = policyparse.parse(path, password="hemligt")
    assert len(doc.pages) == 1

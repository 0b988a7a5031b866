"""language.labels: the document-label vocabulary from models/patterns/document_labels.tsv."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from policyparse.errors import ModelAssetsError
from policyparse.language.assets import models_dir
from policyparse.language.labels import labels


def _kind(line: str) -> str | None:
    return next((kind for pattern, kind in labels().kinds if pattern.search(line)), None)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Regeringsbeslut", "regeringsbeslut"),
        ("Regeringsbeslut II:6", "regeringsbeslut"),
        ("Kommittédirektiv", "kommittedirektiv"),
        ("Tilläggsdirektiv", "kommittedirektiv"),
        ("Regeringens proposition", "proposition"),
        ("Remiss", "remiss"),
        ("Remissvar 1 (3)", "remissvar"),
        ("Remissyttrande", "remissvar"),
        ("Tjänsteskrivelse", "kommunalt_beslut"),
        ("Protokollsutdrag", "kommunalt_beslut"),
        # not labels: a sentence that mentions one, a label inside a longer phrase
        ("Remissen omfattar följande", None),
        ("Svar på remiss om vattenförvaltning", None),
        ("Ett yttrande från kommunen", None),
        ("Promemoria", None),  # a label without a kind of its own
    ],
)
def test_label_kinds(line: str, kind: str | None) -> None:
    assert _kind(line) == kind


@pytest.mark.parametrize(
    ("line", "is_label"),
    [
        ("Regeringsbeslut", True),
        ("Regeringsbeslut I:3", True),
        ("regeringens proposition", True),
        ("PM", True),
        ("Regeringen ger Socialstyrelsen i uppdrag", False),
        ("Beslut om bidrag", False),
    ],
)
def test_label_lines(line: str, is_label: bool) -> None:
    assert (labels().line.match(line) is not None) is is_label


def test_title_prefix_and_header_words() -> None:
    m = labels().title_prefix.match("Beslutsförslag Svar på remiss om vatten")
    assert m is not None and m.end() == len("Beslutsförslag ")
    assert labels().title_prefix.match("Beslutet gäller från 1 maj") is None
    head = labels().header_word.search("Socialförvaltningen Tjänsteskrivelse")
    assert head is not None and head["w2"] == "Tjänsteskrivelse"


@pytest.fixture
def broken_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "models"
    shutil.copytree(models_dir() / "patterns", copy / "patterns")
    monkeypatch.setenv("POLICYPARSE_MODELS", str(copy))
    labels.cache_clear()
    yield copy / "patterns" / "document_labels.tsv"
    labels.cache_clear()


def test_unknown_kind_in_asset_fails_fast(broken_models: Path) -> None:
    broken_models.write_text(
        "label\tkind\tmatch\tuses\nbeslut\tbeslutet\texact\tline\n", encoding="utf-8"
    )
    with pytest.raises(ModelAssetsError, match="unknown kind"):
        labels()


def test_missing_columns_in_asset_fail_fast(broken_models: Path) -> None:
    broken_models.write_text("label\tkind\nbeslut\t-\n", encoding="utf-8")
    with pytest.raises(ModelAssetsError, match="columns"):
        labels()

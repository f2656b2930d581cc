"""The words a privacy finding shows people follow the request's language; detection does not."""
import pytest
from flask_babel import refresh

from echo.privacy import HINTS, LABELS, fingerprint, kind_name, scan
from echo.privacy.guard import describe
from echo.privacy.kinds import RULE_LABELS
from echo.privacy.recognizers.numbers import ID_CUES
from echo.privacy.rules import P

TEXT = "Maria Gonzalez was admitted on March 3, 2024. MRN 48213377. Call 505-555-0142."


def test_outside_a_request_the_words_are_english():
    found = scan(TEXT)
    assert [f.label for f in found][:2] == ["Person name", "Date (more specific than a year)"]
    assert found[0].hint == HINTS["name"]


@pytest.mark.parametrize("lang, name_label, date_hint", [
    ("es", "Nombre de persona", "Use solo el año o un tiempo relativo como «hace tres semanas»."),
    ("fr", "Nom de personne", "N’indiquez que l’année ou un délai relatif comme « il y a trois semaines »."),
])
def test_labels_and_hints_in_the_request_language(app, lang, name_label, date_hint):
    english = scan(TEXT)
    with app.test_request_context(headers={"Accept-Language": lang}):
        refresh()
        found = scan(TEXT)
        assert found[0].label == name_label and found[1].hint == date_hint
        assert all(f.label not in LABELS.values() for f in found)  # every kind found here has its words
        assert kind_name("name") == {"es": "nombre", "fr": "nom"}[lang]
    # Same spans, kinds and fingerprints: only the words changed.
    assert [(f.start, f.end, f.kind, fingerprint(f)) for f in found] == [(f.start, f.end, f.kind, fingerprint(f)) for f in english]


def test_guard_sentence_in_french(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        refresh()
        text = describe(scan("Maria Gonzalez est venue."))
    assert text == ("Ceci pourrait identifier un patient : nom de personne « Maria Gonzalez ». Supprimez-le ou, s’il "
                    "n’identifie personne, expliquez pourquoi dans le champ ci-dessous et envoyez de nouveau.")


def test_english_guard_sentence_unchanged():
    assert describe(scan("Maria Gonzalez came.")) == (
        "This may identify a patient: person name “Maria Gonzalez”. Remove it, or if it identifies nobody, "
        "say why in the box below and send again.")


def test_every_label_a_rule_reports_is_marked_for_translation():
    """A recognizer's own label (not its kind's) is shown to people too: kinds.RULE_LABELS lists
    them for the catalogue, so a new one added to a rule without it fails here."""
    known = set(LABELS.values()) | set(RULE_LABELS)
    reported = {rule[3] for rule in P if rule[3] and not rule[3].startswith("_")} | {label for _, label in ID_CUES}
    assert reported <= known, reported - known

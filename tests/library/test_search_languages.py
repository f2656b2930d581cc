"""Spanish and French entries are found by their own words, plurals and unaccented spellings,
on SQLite and PostgreSQL, next to English entries (whose matching and ranking stay as before)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from echo.core.extensions import db
from echo.library.search import engine as srch
from echo.library.search.query import parse
from tests.factories import add_member, make_program, make_user, published_case


def ids(result):
    return [h.doc.case_id for h in result.hits]


@pytest.fixture
def world(people):
    p = people
    es = make_program(p.coordinator, name="Programa de endocrinología", topic="Endocrinología", language="es")
    fr = make_program(p.coordinator, name="Programme de cardiologie", topic="Cardiologie", language="fr")
    for prog in (es, fr):
        add_member(prog, p.participant, "participant")
    db.session.commit()
    diabetes = published_case(
        es, p.participant, p.coordinator, title="Diabetes tipo 2 mal controlada",
        chief_concern="Glucemias altas a pesar de metformina; dolor en el corazón al caminar",
        tags=["diabetes"], recs=[("hub", "medication", "Iniciar insulinas basales y ajustar la dosis cada semana.")])
    coeur = published_case(
        fr, p.participant, p.coordinator, title="Insuffisance cardiaque chez une patiente âgée",
        chief_concern="Essoufflement et œdèmes des jambes; antécédents de maladies hépatiques",
        tags=["cardiologie"], recs=[("hub", "medication", "Introduire un diurétique et surveiller la kaliémie.")])
    english = published_case(
        p.program, p.participant, p.coordinator, title="Heart failure treatments in an older patient",
        chief_concern="Short of breath; swollen legs", tags=["heart failure"],
        recs=[("hub", "medication", "Start a diuretic and check potassium.")])
    return {"es": diabetes, "fr": coeur, "en": english, "learner": make_user("Lea Learner"), **vars(p)}


def test_entries_take_their_programs_language(world):
    from echo.library.models import LibraryDocument

    langs = {d.case_id: d.language for d in db.session.scalars(db.select(LibraryDocument))}
    assert langs[world["es"].id] == "es"
    assert langs[world["fr"].id] == "fr"
    assert langs[world["en"].id] == "en"


@pytest.mark.parametrize("q", ["diabetes", "insulina", "insulinas", "Insulinas", "corazón", "corazon", "CORAZON",
                               "endocrinologia", "glucemia"])
def test_spanish_words_plurals_and_accents(world, q):
    assert ids(srch.search(q, {}, world["learner"])) == [world["es"].id], q


@pytest.mark.parametrize("q", ["cardiaque", "cardiaques", "maladie", "hepatiques", "hépatique", "œdemes", "kaliemie",
                               "agee"])
def test_french_words_plurals_and_accents(world, q):
    assert ids(srch.search(q, {}, world["learner"])) == [world["fr"].id], q


def test_english_stemming_still_applies_to_english_entries(world):
    assert ids(srch.search("treatment", {}, world["learner"])) == [world["en"].id]
    assert ids(srch.search("checking", {}, world["learner"])) == [world["en"].id]
    # A word shared by two languages finds both; the English entry matching it in English ranks first.
    assert ids(srch.search("diuretics", {}, world["learner"]))[0] == world["en"].id


def test_one_query_finds_entries_in_every_language(world):
    found = set(ids(srch.search("diabetes OR cardiaque OR heart", {}, world["learner"])))
    assert found == {world["es"].id, world["fr"].id, world["en"].id}
    assert ids(srch.search("insulin* -metformina", {}, world["learner"])) == []
    assert ids(srch.search('"insulinas basales"', {}, world["learner"])) == [world["es"].id]


def test_snippet_highlights_the_spanish_stem(world):
    (hit,) = srch.search("insulina", {}, world["learner"]).hits
    assert "<mark>insulinas</mark>" in str(hit.snippet).lower()


@pytest.mark.postgres_only  # PostgreSQL's text search configurations; SQLite has one stemmer
def test_postgres_stems_each_entry_in_its_language_through_the_index(world):
    lexemes = db.session.execute(text(
        "SELECT d.language, d.library_fts_vector::text FROM library_documents d")).tuples().all()
    by_lang = dict(lexemes)
    assert "'insulin'" in by_lang["es"]  # Spanish stemmer: insulinas -> insulin
    assert "'cardiaqu'" in by_lang["fr"]
    assert "'treatment'" in by_lang["en"]
    # The OR of the three tsqueries is still one tsquery: the GIN index answers it.
    from echo.library.search.postgres_fts import to_tsquery

    expr, params = to_tsquery(parse("insulinas"))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(db.session.execute(text(
        f"EXPLAIN SELECT id FROM library_documents d WHERE d.library_fts_vector @@ ({expr})"), params).scalars())
    assert "library_fts_idx" in plan

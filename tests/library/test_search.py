"""Ranking, snippets, facets, access rules and hostile queries, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.library.search import engine as srch
from echo.library.search.query import parse
from echo.library.search.sqlite_fts import to_fts5
from echo.programs.models import Role, Visibility
from tests.factories import (
    add_member,
    make_case,
    make_program,
    make_user,
    published_case,
)

LONG = ("The patient has a long history of intermittent follow-up in a rural clinic with many unrelated details "
        "about transport, work schedules, family support, and appointments that were rescheduled. ") * 6


@pytest.fixture
def lib(people):
    p = people
    prog, coord, author = p.program, p.coordinator, p.participant
    a = published_case(prog, author, coord, title="Hepatitis C treatment in a patient who injects drugs",
                       chief_concern="Chronic hepatitis C, wants treatment", tags=["hepatitis c", "harm reduction"],
                       recs=[("hub", "medication", "Start sofosbuvir/velpatasvir for 12 weeks."),
                             ("hub", "monitoring", "Check HCV RNA 12 weeks after treatment.")],
                       summary="Treat now; reinfection risk is not a reason to wait.", age_band="30-39", sex="male", phq9=None, auditc=6)
    b = published_case(prog, author, coord, title="Insomnia and low mood",
                       chief_concern="Poor sleep", history=LONG + " Old hepatitis B vaccination noted once. " + LONG,
                       tags=["depression", "sleep"], phq9=16, gad7=9, age_band="60-69",
                       recs=[("spoke", "behavioural", "CBT-I through the telehealth program."),
                             ("hub", "medication", "Avoid benzodiazepines; consider trazodone.")])
    c = published_case(prog, author, coord, title="Alcohol use disorder after surgery", chief_concern="Drinking again",
                       tags=["alcohol", "depression"], auditc=9, gad7=4, age_band="40-49", sex="male",
                       recs=[("hub", "medication", "Offer naltrexone 50 mg daily."), ("hub", "referral", "Refer to counselling.")],
                       summary="Naltrexone and counselling; recheck liver tests.")
    return {"a": a, "b": b, "c": c, **vars(p)}


def ids(result):
    return [h.doc.case_id for h in result.hits]


def test_ranking_title_and_tags_beat_a_passing_mention(lib):
    r = srch.search("hepatitis", {}, lib["learner"])
    assert ids(r)[0] == lib["a"].id
    assert set(ids(r)) == {lib["a"].id, lib["b"].id}
    assert r.total == 2


def test_every_text_field_is_searched_including_recommendations(lib):
    assert ids(srch.search("naltrexone", {}, lib["learner"])) == [lib["c"].id]  # recommendation and summary
    assert ids(srch.search("trazodone", {}, lib["learner"])) == [lib["b"].id]  # recommendation only
    assert ids(srch.search("reinfection", {}, lib["learner"])) == [lib["a"].id]  # summary only
    assert ids(srch.search("harm reduction", {}, lib["learner"])) == [lib["a"].id]  # tags
    assert ids(srch.search("sleep", {}, lib["learner"])) == [lib["b"].id]


def test_words_are_anded_phrases_or_and_exclusion(lib):
    learner = lib["learner"]
    assert ids(srch.search("naltrexone counselling", {}, learner)) == [lib["c"].id]
    assert ids(srch.search("naltrexone trazodone", {}, learner)) == []
    assert set(ids(srch.search("naltrexone OR trazodone", {}, learner))) == {lib["b"].id, lib["c"].id}
    assert ids(srch.search('"liver tests"', {}, learner)) == [lib["c"].id]
    assert ids(srch.search('"tests liver"', {}, learner)) == []
    assert set(ids(srch.search("depression -alcohol", {}, learner))) == {lib["b"].id}
    assert set(ids(srch.search("-alcohol -naltrexone", {}, learner))) == {lib["a"].id, lib["b"].id}
    assert set(ids(srch.search("naltrex*", {}, learner))) == {lib["c"].id}


def test_snippets_highlight_matches_and_escape_case_text(lib):
    c = published_case(lib["program"], lib["participant"], lib["coordinator"], title="Escaping",
                       chief_concern="Score <script>alert(1)</script> & quetiapine dose",
                       recs=[("hub", "medication", "Taper quetiapine slowly.")])
    r = srch.search("quetiapine", {}, lib["learner"])
    assert ids(r) == [c.id]
    snip = r.hits[0].snippet
    assert "<mark>quetiapine</mark>" in snip.lower()
    assert "<script>" not in snip and "&amp;" in snip  # PostgreSQL's headline drops tag-like text; SQLite escapes it


def test_snippet_of_stemmed_match(lib):
    r = srch.search("treating", {}, lib["learner"])  # stems to "treat"
    assert lib["a"].id in ids(r)
    assert "<mark>" in r.hits[0].snippet


def _facet(r, name):
    return {v.value: v.count for v in r.facets[name]}


def test_facet_counts_over_the_matched_set(lib):
    r = srch.search("", {}, lib["learner"])
    assert r.total == 3
    assert _facet(r, "tag") == {"depression": 2, "sleep": 1, "alcohol": 1, "hepatitis c": 1, "harm reduction": 1}
    assert _facet(r, "category") == {"medication": 3, "monitoring": 1, "behavioural": 1, "referral": 1}
    assert _facet(r, "instrument") == {"phq9": 1, "gad7": 2, "auditc": 2}
    assert _facet(r, "age_band") == {"30-39": 1, "60-69": 1, "40-49": 1}
    assert _facet(r, "sex") == {"male": 2, "female": 1}
    assert _facet(r, "program") == {str(lib["program"].id): 3}
    assert sum(_facet(r, "year").values()) == 3
    r = srch.search("depression", {}, lib["learner"])
    assert _facet(r, "tag") == {"depression": 2, "sleep": 1, "alcohol": 1}
    assert _facet(r, "category")["medication"] == 2


def test_filters_narrow_and_combine(lib):
    learner = lib["learner"]
    r = srch.search("", {"tag": ["depression"]}, learner)
    assert set(ids(r)) == {lib["b"].id, lib["c"].id}
    r = srch.search("", {"tag": ["depression"], "sex": ["male"]}, learner)
    assert ids(r) == [lib["c"].id]
    r = srch.search("", {"instrument": ["phq9", "auditc"]}, learner)  # any of the chosen values
    assert r.total == 3
    r = srch.search("", {"category": ["referral"]}, learner)
    assert ids(r) == [lib["c"].id]
    assert any(v.selected and v.value == "referral" for v in r.facets["category"])
    r = srch.search("", {"nonsense": ["x"], "tag": ["no such tag"]}, learner)
    assert r.total == 0 and r.hits == []


def test_sort_newest_and_pagination(lib):
    learner = lib["learner"]
    r = srch.search("", {}, learner)
    assert ids(r) == [lib["c"].id, lib["b"].id, lib["a"].id]
    r = srch.search("patient", {}, learner, sort="newest")
    assert ids(r) == [lib["c"].id, lib["b"].id, lib["a"].id]
    p1 = srch.search("", {}, learner, page=1, per_page=2)
    p2 = srch.search("", {}, learner, page=2, per_page=2)
    assert p1.pages == 2 and len(p1.hits) == 2 and ids(p2) == [lib["a"].id]
    assert srch.search("", {}, learner, page=99, per_page=2).hits == []


# --- access -------------------------------------------------------------------------------

def test_invite_only_cases_only_for_members_and_never_drafts(lib):
    coord = make_user("Ivy Coordinator")
    closed = make_program(coord, visibility=Visibility.invite_only)
    member = make_user("Mo Member")
    add_member(closed, member, Role.learner)
    secret = published_case(closed, coord, coord, title="Ketamine for resistant depression", recs=[("hub", "other", "Ketamine infusion protocol.")])
    make_case(lib["program"], lib["participant"], CaseState.draft, title="Ketamine draft", narrative="ketamine draft text")
    summarised_only = make_case(lib["program"], lib["participant"], CaseState.summarised, title="Ketamine summarised only")
    assert summarised_only.id

    assert ids(srch.search("ketamine", {}, member)) == [secret.id]
    assert ids(srch.search("ketamine", {}, coord)) == [secret.id]
    assert ids(srch.search("ketamine", {}, lib["admin"])) == [secret.id]
    for outsider in (lib["learner"], lib["outsider"]):
        r = srch.search("ketamine", {}, outsider)
        assert r.total == 0 and ids(r) == []
        assert str(closed.id) not in _facet(r, "program")
        assert srch.search("", {"program": [str(closed.id)]}, outsider).total == 0
    assert srch.search("ketamine", {}, None).total == 0
    # Facet counts of an outsider never count the invite-only program's cases.
    assert sum(_facet(srch.search("", {}, lib["outsider"]), "year").values()) == 3
    assert sum(_facet(srch.search("", {}, member), "year").values()) == 4


def test_program_turning_invite_only_hides_its_cases_at_once(lib):
    prog = lib["program"]
    assert srch.search("naltrexone", {}, lib["outsider"]).total == 1
    prog.visibility = Visibility.invite_only
    db.session.commit()
    assert srch.search("naltrexone", {}, lib["outsider"]).total == 0
    assert srch.search("naltrexone", {}, lib["learner"]).total == 1


def test_unpublish_removes_from_search_and_republish_restores(lib):
    from echo.library.publish import do_publish, do_unpublish

    c = lib["c"]
    do_unpublish(c, lib["coordinator"])
    db.session.commit()
    assert c.state == CaseState.summarised
    assert srch.search("naltrexone", {}, lib["learner"]).total == 0
    assert _facet(srch.search("", {}, lib["learner"]), "tag").get("alcohol") is None
    do_publish(c, lib["coordinator"])
    db.session.commit()
    assert ids(srch.search("naltrexone", {}, lib["learner"])) == [c.id]


@pytest.mark.parametrize("limit", [0, 1])
def test_queries_matching_too_many_to_rank_put_heavy_column_matches_first(lib, monkeypatch, limit):
    monkeypatch.setattr(type(srch.backend()), "rank_limit", limit)
    # "patient" is in a's title and in the history of the others: a first, the rest newest first.
    r = srch.search("patient", {}, lib["learner"])
    assert r.total == 3 and ids(r) == [lib["a"].id, lib["c"].id, lib["b"].id]
    # "depression" is a tag of b and c; a mentions it nowhere.
    r = srch.search("depression", {}, lib["learner"])
    assert sorted(ids(r)) == sorted([lib["b"].id, lib["c"].id])
    p1 = srch.search("patient", {}, lib["learner"], per_page=2)
    p2 = srch.search("patient", {}, lib["learner"], per_page=2, page=2)
    assert len(set(ids(p1)) | set(ids(p2))) == 3


def test_ranking_when_access_hides_matches(lib):
    coord = make_user("Hidden Coordinator")
    closed = make_program(coord, visibility=Visibility.invite_only)
    for k in range(3):
        published_case(closed, coord, coord, title=f"Naltrexone naltrexone hidden {k}", tags=["naltrexone"])
    r = srch.search("naltrexone", {}, lib["learner"], per_page=1)
    assert ids(r) == [lib["c"].id] and r.total == 1
    r = srch.search("naltrexone", {}, coord, per_page=2, page=2)
    assert r.total == 4 and len(r.hits) == 2


def test_related_cases_share_tags_and_words(lib):
    from echo.library.publish import document_for_case

    doc = document_for_case(lib["b"].id)
    rel = srch.related(doc, lib["learner"])
    assert rel and rel[0].case_id == lib["c"].id  # shares the "depression" tag
    assert lib["b"].id not in [d.case_id for d in rel]


# --- hostile queries ----------------------------------------------------------------------

HOSTILE = [
    '"unbalanced', 'unbalanced"', '""', '"', "AND OR NOT", "OR", "NOT naltrexone", "naltrexone AND", "*", "**", "naltrex**",
    "NEAR(", "NEAR(naltrexone counselling, 2)", "col:term", "title:naltrexone", "summary:", "'; DROP TABLE library_documents; --",
    "naltrexone); DELETE FROM cases; --", "^naltrexone", "naltrexone^", "(", ")", "((naltrexone", "{title}: x", "-", "--", "- -x",
    "😀", "naltrexone 😀", "дефицит витамина", "漢字", "عربى", "\x00naltrexone\x01", "\ue000mark\ue001", "%", "_", "\\", "naltrexone\\",
    "a" * 5000, "naltrexone " * 400, "x:* OR y", "& | ! <->", "!!naltrexone", "naltrexone:*", "naltrexone <-> counselling",
    "'quoted'", "it's", "PHQ-9", "sofosbuvir/velpatasvir", "50mg", "C++", "e.g.", "...", "\t\n", "   ",
]


def test_hostile_queries_never_fail(lib, client):
    from tests.helpers import login

    login(client, lib["learner"])
    for q in HOSTILE:
        r = srch.search(q, {}, lib["learner"])
        assert r.total >= 0, q
        assert len(r.query) <= srch.MAX_QUERY_CHARS
        for sort in ("relevance", "newest"):
            assert client.get("/library/", query_string={"q": q, "sort": sort, "tag": q[:50]}).status_code == 200, q
        resp = client.get("/api/v1/library/search", query_string={"q": q})
        # The API takes a query up to the length the page searches and names the parameter beyond it.
        expected = 200 if len(q) <= srch.MAX_QUERY_CHARS else 400
        assert resp.status_code == expected and resp.is_json, q
        if expected == 400:
            assert [p["name"] for p in resp.get_json()["error"]["parameters"]] == ["q"]


def test_hostile_queries_mean_what_they_say(lib):
    learner = lib["learner"]
    assert ids(srch.search('"naltrexone', {}, learner)) == [lib["c"].id]
    assert ids(srch.search("title:naltrexone", {}, learner)) == []  # the words "title naltrexone", as a phrase
    assert ids(srch.search("NEAR( naltrexone", {}, learner)) == [lib["c"].id]
    assert ids(srch.search("naltrexone AND", {}, learner)) == [lib["c"].id]
    assert srch.search("'; DROP TABLE library_documents; --", {}, learner).total == 0
    assert srch.search("", {}, learner).total == 3  # still there
    assert ids(srch.search("sofosbuvir/velpatasvir", {}, learner)) == [lib["a"].id]


def test_non_english_text_is_searchable(lib):
    c = published_case(lib["program"], lib["participant"], lib["coordinator"], title="Дефицит витамина B12",
                       chief_concern="Усталость и дефицит железа; café au lait spots",
                       recs=[("hub", "diagnostics", "Проверить ферритин.")])
    assert ids(srch.search("дефицит", {}, lib["learner"])) == [c.id]
    assert ids(srch.search("ферритин", {}, lib["learner"])) == [c.id]
    assert ids(srch.search("cafe", {}, lib["learner"])) == [c.id]
    assert ids(srch.search("café", {}, lib["learner"])) == [c.id]


def test_accents_are_folded_both_ways_on_both_databases(lib):
    """Eponyms are typed without their accents, and sometimes with accents the text lacks."""
    c = published_case(lib["program"], lib["participant"], lib["coordinator"], title="Dry eyes, dry mouth and joint pain",
                       chief_concern="Possible Sjögren's syndrome; history of Ménière's disease",
                       recs=[("hub", "diagnostics", "Check anti-Ro/SSA; consider Behcet disease if oral ulcers recur.")])
    learner = lib["learner"]
    for q in ("sjogren", "Sjögren", "SJOGREN", "meniere", "Ménière", "behçet", "behcet"):
        assert ids(srch.search(q, {}, learner)) == [c.id], q
    assert ids(srch.search("sjog*", {}, learner)) == [c.id]
    assert ids(srch.search('"sjogren\'s syndrome"', {}, learner)) == [c.id]
    assert ids(srch.search("sjogren -meniere", {}, learner)) == []


def test_engine_error_falls_back_to_plain_words(lib, monkeypatch):
    from sqlalchemy.exc import OperationalError

    real = srch.backend()

    class Picky(type(real)):
        def match_ids(self, query):
            if any(t.phrase or t.prefix for c in query.clauses for t in c) or query.exclude:
                raise OperationalError("MATCH", {}, Exception("fts5: syntax error"))
            return super().match_ids(query)

    monkeypatch.setattr(srch, "backend", lambda: Picky())
    r = srch.search('"liver tests" naltrex*', {}, lib["learner"])
    assert r.note and ids(r) == []  # run as plain words: "naltrex" is not a word in the index
    r = srch.search('"liver tests"', {}, lib["learner"])
    assert r.note and ids(r) == [lib["c"].id]


def test_parse():
    q = parse('a "b c" d* OR e -f NEAR( col:term')
    assert [[t.text for t in c] for c in q.clauses] == [["a"], ["b c"], ["d", "e"], ["col term"]]
    assert q.clauses[2][0].prefix and q.clauses[1][0].phrase
    assert [t.text for t in q.exclude] == ["f"]
    assert to_fts5(parse('say "he said ""no"""')).count('"') % 2 == 0
    assert parse("AND OR NOT * ( ) :").empty

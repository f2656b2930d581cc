"""The JSON API and its OpenAPI document."""
from __future__ import annotations

from urllib.parse import urlsplit

import jsonschema
import pytest
from openapi_spec_validator import validate

from echo.api.openapi import openapi_document
from echo.programs.models import Role, Visibility
from tests.factories import add_member, make_program, make_user, published_case


def _validator(doc: dict, name: str):
    schema = dict(doc)
    schema["$ref"] = f"#/components/schemas/{name}"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return jsonschema.Draft202012Validator(schema)


def test_openapi_document_is_valid_and_served(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r.is_json
    doc = r.json
    validate(doc)  # raises when invalid
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {"/library/search", "/library/cases/{case_id}", "/programs", "/programs/{program_id}/sessions",
                                 "/sessions/{session_id}", "/openapi.json"}
    assert validate(openapi_document()) is None


def test_every_api_route_and_method_is_in_the_openapi_document(app):
    import re

    doc = openapi_document()
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes[path] = {m.lower() for m in rule.methods} - {"head", "options"}
    assert routes == {path: set(ops) for path, ops in doc["paths"].items()}


def test_search_and_case_match_the_schemas(people, login_as):
    p = people
    a = published_case(p.program, p.participant, p.coordinator, title="Opioid taper", tags=["opioids"], gad7=11,
                       recs=[("hub", "medication", "Taper oxycodone 10% per month."), ("spoke", "monitoring", "Monthly urine screen.")])
    published_case(p.program, p.participant, p.coordinator, title="Second case", tags=["opioids"], presenter_named=True)
    c = login_as(p.learner)
    doc = c.get("/api/v1/openapi.json").json
    r = c.get("/api/v1/library/search?q=taper&tag=opioids&per_page=5")
    assert r.status_code == 200
    body = r.json
    _validator(doc, "SearchResult").validate(body)
    assert body["total"] == 1 and body["results"][0]["case_id"] == a.id
    assert "<mark>" in body["results"][0]["snippet_html"].lower()
    assert body["filters"] == {"tag": ["opioids"]} and body["per_page"] == 5
    assert {"value": "opioids", "label": "opioids", "count": 1, "selected": True} in body["facets"]["tag"]
    r = c.get(f"/api/v1/library/cases/{a.id}")
    assert r.status_code == 200
    case = r.json
    _validator(doc, "Case").validate(case)
    assert case["presenter"] is None and p.participant.name not in str(case)
    assert [x["source"] for x in case["recommendations"]] == ["hub", "spoke"]
    assert case["screening"] == [{"instrument": "gad7", "label": "GAD-7", "score": 11}]
    assert case["related"] and case["related"][0]["title"] == "Second case"
    named = c.get("/api/v1/library/search?q=second").json["results"][0]
    assert c.get(urlsplit(named["api_url"]).path).json["presenter"] == p.participant.name


def test_api_errors_are_json(people, login_as, client):
    coord = make_user("API Coordinator")
    closed = make_program(coord, visibility=Visibility.invite_only)
    secret = published_case(closed, coord, coord, title="Closed")
    assert client.get(f"/api/v1/library/cases/{secret.id}").status_code == 401
    c = login_as(people.learner)
    for url, status in ((f"/api/v1/library/cases/{secret.id}", 403), ("/api/v1/library/cases/12345", 404), ("/api/v1/nope", 404)):
        r = c.get(url)
        assert r.status_code == status and r.is_json and r.json["error"]["status"] == status
    member = make_user("API Member")
    add_member(closed, member, Role.learner)
    assert login_as(member).get(f"/api/v1/library/cases/{secret.id}").status_code == 200
    assert login_as(member).get("/api/v1/library/search?q=closed").json["total"] == 1
    assert c.get("/api/v1/library/search?q=closed").json["total"] == 0


@pytest.mark.parametrize("qs", ["q=%22unbalanced", "q=AND+OR+NOT", "q=*", "q=NEAR(", "q=col:term", "q=%27;+DROP+TABLE+x", "q=%F0%9F%98%80",
                                "q=%D0%B4%D0%B5%D1%84%D0%B8%D1%86%D0%B8%D1%82", "q=a%00b", "unknown=1", "tag=%00"])
def test_api_hostile_search_text_is_searched(people, login_as, qs):
    published_case(people.program, people.participant, people.coordinator)
    r = login_as(people.learner).get("/api/v1/library/search?" + qs)
    assert r.status_code == 200 and r.is_json
    assert r.json["per_page"] <= 50


@pytest.mark.parametrize("qs, names", [
    ("sort=null", ["sort"]), ("sort=sideways", ["sort"]), ("sort=newest&sort=relevance", ["sort"]),
    ("page=abc", ["page"]), ("page=0", ["page"]), ("page=10001", ["page"]), ("per_page=1000", ["per_page"]),
    ("per_page=0", ["per_page"]), ("per_page=", ["per_page"]), ("year=x&year=y", ["year"]), ("program=-1", ["program"]),
    ("program=99999999999", ["program"]), ("category=Medication", ["category"]), ("instrument=phq-9", ["instrument"]),
    ("sex=unknown", ["sex"]), ("q=" + "x" * 501, ["q"]), ("sort=null&page=abc", ["page", "sort"]),
])
def test_api_refuses_invalid_parameter_values_naming_them(people, login_as, qs, names):
    published_case(people.program, people.participant, people.coordinator)
    c = login_as(people.learner)
    doc = c.get("/api/v1/openapi.json").json
    r = c.get("/api/v1/library/search?" + qs)
    assert r.status_code == 400 and r.is_json
    _validator(doc, "Error").validate(r.json)
    err = r.json["error"]
    assert sorted({p["name"] for p in err["parameters"]}) == names
    assert all(n in err["message"] for n in names)
    # The document says the same: the value is outside the parameter's schema.
    params = {p["name"]: p["schema"] for p in doc["paths"]["/library/search"]["get"]["parameters"]}
    assert params["sort"]["enum"] == ["relevance", "newest"] and params["per_page"]["maximum"] == 50


def test_api_valid_parameters_still_work(people, login_as):
    published_case(people.program, people.participant, people.coordinator, tags=["opioids"], gad7=11)
    c = login_as(people.learner)
    r = c.get(f"/api/v1/library/search?sort=newest&page=1&per_page=50&tag=opioids&instrument=gad7&program={people.program.id}")
    assert r.status_code == 200 and r.json["total"] == 1 and r.json["sort"] == "newest"


@pytest.mark.parametrize("method, url, allowed", [
    ("post", "/api/v1/library/search", ["GET", "HEAD", "OPTIONS"]),
    ("delete", "/api/v1/programs", ["GET", "HEAD", "OPTIONS"]),
    ("put", "/api/v1/openapi.json", ["GET", "HEAD", "OPTIONS"]),
])
def test_api_method_not_allowed_names_the_allowed_methods(people, login_as, method, url, allowed):
    c = login_as(people.learner)
    doc = c.get("/api/v1/openapi.json").json
    r = getattr(c, method)(url)
    assert r.status_code == 405 and r.is_json
    _validator(doc, "Error").validate(r.json)
    assert r.json["error"]["allowed"] == allowed
    assert sorted(m.strip() for m in r.headers["Allow"].split(",")) == allowed
    assert "GET" in r.json["error"]["message"]


def test_pages_answer_405_with_the_allow_header_too(client):
    r = client.delete("/auth/login")
    assert r.status_code == 405 and "POST" in r.headers["Allow"] and "GET" in r.headers["Allow"]

"""Every main page reads in Spanish and in French: no English sentence is left on it.

Each page of the app (every GET of tests/authz_table.py that shows a page, the forms sent back
with errors, the error pages, and a few pages with a flash message) is rendered in English,
Spanish and French (Accept-Language) by a role that may see it, in the world of
tests/authz_world.py. The page's visible text (text nodes; aria-label, placeholder, title, alt
and data-label attributes; the value of a submit button; the strings a script gets from the
page as JSON) is cut into segments, and a segment the Spanish or French page shares with the
English one is English left untranslated, unless it is

- data: a value the world wrote in the database (names, e-mails, programs, case text...), cut
  out of the segment wherever it appears;
- no words: numbers, dates, times, punctuation, ids ("#12", "14:00", "·");
- a word the translator kept: its catalogue translates the msgid as itself ("Notifications"
  in French, "No" in Spanish);
- in ALLOWED below: names that are the same in every language.

The failure names the page (endpoint, method, note, role) and the English strings left.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
import sqlalchemy as sa
from flask import url_for
from sqlalchemy import update

from echo.accounts.models import Notification
from echo.core.catalogues import LOCALES, catalogues
from echo.core.extensions import db
from echo.core.timefmt import all_zones
from echo.credit.models import CreditAward
from tests.authz_table import HTTP, LOGIN, SHOWN, WITHHELD, Http, Mine, W
from tests.authz_world import build_world

# Names that read the same in every language. Kept short: anything else is either translated,
# data of the world, or a translation its catalogue gives as the same word.
ALLOWED = {
    "ECHO",                                  # the program model's name (Project ECHO)
    "English", "Español", "Français",        # the language switcher names each language in itself
    "UTC",                                   # the zone of a visitor
    "OK",
    "PHQ-9", "GAD-7", "AUDIT-C",             # screening instruments keep their names
}
URL = re.compile(r"\bhttps?://\S+")          # addresses (calendar feeds, video links) are not words
# Where a script puts a value in a string the page hands it ("{name} ({role})"): not words.
PLACEHOLDER = re.compile(r"\{\w+\}")
# The time zone list (profile, sign-up, programs) shows IANA names, as English does.
ZONES = {z.replace("_", " ") for z in all_zones()}

# GET answers that are not pages for a reader: JSON, iCalendar, CSV, a redirect to an icon.
NOT_PAGES = {"main.healthz", "ops.readyz", "ops.metrics", "main.favicon", "programs.program_calendar",
             "programs.my_calendar", "live.attendance_csv",
             # CSV and the tab-separated PARS file: their column names stay the same in every
             # language, so that a spreadsheet or the accreditor's import reads them the same way.
             "reports.program_figure_csv", "reports.site_figure_csv", "reports.organisation",
             "credit.export_csv", "credit.export_pars",
             # The PDF certificate: not HTML; its language is checked by the credit tests.
             "credit.certificate"}
NOT_PAGE_BLUEPRINTS = {"api"}   # JSON

# The role that sees most of a page comes first.
PREFERRED = ("coordinator", "admin", "author", "specialist", "participant", "learner", "other_coordinator", "anonymous")
# Statuses that render a page, best first: the page itself, a form sent back with its errors,
# then the error pages (their messages come from the feature that refused).
PAGE_ANSWERS = (SHOWN, 200, WITHHELD, 400, 409, 404, 403)


@dataclass(frozen=True)
class Page:
    id: str
    role: str
    endpoint: str
    method: str = "GET"
    status: int = 200
    args: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] | None = None
    path: str = ""                      # instead of endpoint and args: a path of its own
    follow: bool = False                # a POST that redirects: the page it leads to (with its flash)
    prepare: Callable[[dict[str, Any]], None] | None = None   # puts the world back before each language


def _choose(row: Http) -> tuple[str, int] | None:
    answers = set(row.expect.values())
    if len(answers) == 1 and answers <= set(PAGE_ANSWERS) - {403}:
        return "anonymous", 200 if answers <= {SHOWN, WITHHELD} else int(answers.pop())   # a page for everyone: as a visitor sees it
    for answer in PAGE_ANSWERS:
        if row.method == "POST" and answer == 403:
            continue   # a refused POST is the same 403 page as a refused GET
        for role in PREFERRED:
            if row.expect.get(role) == answer:
                return role, 200 if answer in (SHOWN, WITHHELD) else int(answer)
    return None


def table_pages() -> list[Page]:
    """The table's rows that answer a page to some role, each as the role that sees most."""
    pages = []
    for row in HTTP:
        blueprint = row.endpoint.split(".")[0]
        if row.endpoint in NOT_PAGES or blueprint in NOT_PAGE_BLUEPRINTS or row.json is not None:
            continue
        chosen = _choose(row)
        if chosen is None:
            continue   # redirects only
        role, status = chosen
        pages.append(Page(f"{row} as {role}", role, row.endpoint, row.method, status, row.args, row.query, row.data))
    return pages


def _unread(world: dict[str, Any]) -> None:
    """The notifications page marks what it shows as read: each language sees them new."""
    db.session.execute(update(Notification).values(read_at=None))
    db.session.commit()


def _revoke_credit(world: dict[str, Any]) -> None:
    """The world's credit award, revoked by its program's coordinator (the pages that say so)."""
    award = db.session.scalar(sa.select(CreditAward).where(CreditAward.code == world["credit_code"]))
    award.revoked_at = datetime.now(UTC)
    award.revoked_by_id = award.awarded_by_id or world["users"]["coordinator"]
    award.revoked_reason = "Counted twice after a reconnection"
    db.session.commit()


NO_SUCH = "no-such-thing"
REVOKED = {"code": W("credit_code")}
# Pages the table does not reach: error states, flash messages, the home page of each role.
EXTRA = [
    Page("error 404 [no such address] as anonymous", "anonymous", "", status=404, path="/no/such/page"),
    Page("error 404 [no such address] as participant", "participant", "", status=404, path="/no/such/page"),
    Page("admin.users GET [not an admin: 403] as learner", "learner", "admin.users", status=403),
    Page("main.home GET as author", "author", "main.home"),
    Page("main.home GET as specialist", "specialist", "main.home"),
    Page("main.home GET as participant", "participant", "main.home"),
    Page("main.notifications GET [new notices] as participant", "participant", "main.notifications", prepare=_unread),
    Page("auth.signup POST [every field wrong] as anonymous", "anonymous", "auth.signup", "POST", 400,
         data={"name": "", "email": "not-an-address", "password": "short", "confirm": "other", "profession": "",
               "timezone": "Nowhere/At_All"}),
    Page("auth.login POST [wrong password] as anonymous", "anonymous", "auth.login", "POST", 400,
         data={"email": "nobody@example.org", "password": "not-the-password"}),
    Page("auth.reset GET [link not valid] as anonymous", "anonymous", "auth.reset", status=400, args={"token": NO_SUCH}),
    Page("auth.reset POST [passwords differ] as anonymous", "anonymous", "auth.reset", "POST", 200,
         args={"token": W("reset_token")}, data={"password": "long-enough-password", "confirm": "another-one-entirely"}),
    Page("auth.profile POST [errors] as participant", "participant", "auth.profile", "POST", 400,
         data={"name": "", "timezone": "Nowhere/At_All", "language": "xx"}),
    Page("auth.change_password POST [wrong current password] as participant", "participant", "auth.change_password",
         "POST", 400, data={"current": "not-my-password", "password": "short", "confirm": "other"}),
    Page("auth.logout POST [logged out: the login page] as anonymous", "anonymous", "auth.logout", "POST", follow=True),
    Page("auth.forgot POST [sent: the login page] as anonymous", "anonymous", "auth.forgot", "POST", follow=True,
         data={"email": "nobody@example.org"}),
    Page("auth.profile POST [saved] as participant", "participant", "auth.profile", "POST", follow=True,
         data={"name": "Pat Participant", "profession": "Pharmacist", "timezone": "America/Denver", "language": ""}),
    Page("credit.verify_code GET [revoked] as anonymous", "anonymous", "credit.verify_code", args=REVOKED,
         prepare=_revoke_credit),
    Page("credit.revoke GET [revoked] as coordinator", "coordinator", "credit.revoke", args=REVOKED,
         prepare=_revoke_credit),
    Page("credit.revoke POST [revoked already: 409] as coordinator", "coordinator", "credit.revoke", "POST", 409,
         args=REVOKED, data={"reason": "Again"}, prepare=_revoke_credit),
    Page("credit.certificate GET [revoked: 409] as participant", "participant", "credit.certificate", status=409,
         args=REVOKED, prepare=_revoke_credit),
    Page("credit.transcript GET [with revoked credit] as participant", "participant", "credit.transcript",
         prepare=_revoke_credit),
    Page("credit.export_page GET [with revoked credit] as coordinator", "coordinator", "credit.export_page",
         args={"program_id": W("program")}, query={"start": "2000-01-01", "end": "2099-12-31"}, prepare=_revoke_credit),
    Page("admin.set_program_creator POST [done: the accounts page] as admin", "admin", "admin.set_program_creator",
         "POST", follow=True, args={"user_id": W("spare_user")}, data={"allowed": "1"}),
]

PAGES = table_pages() + EXTRA


# --- the page's visible text -------------------------------------------------------------------

SHOWN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "data-label")


class VisibleText(HTMLParser):
    """Text a reader sees or hears, one segment per text node or attribute, but the parts of the
    page that say they are in another language than the page (lang="en" on a Spanish page: the
    live board's items are in the room's language, docs/realtime.md "Languages")."""

    def __init__(self) -> None:
        super().__init__()
        self.segments: list[str] = []
        self._skip = 0            # inside <script> or <style>
        self._json: str | None = None
        self._page_lang: str | None = None
        self._other: tuple[str, int] | None = None   # inside an element in another language: its tag, depth

    def _in_other_language(self, tag: str, attrs: dict[str, str | None], start: bool) -> bool:
        if self._other is not None:
            other_tag, depth = self._other
            if tag == other_tag:
                depth += 1 if start else -1
                self._other = (other_tag, depth) if depth else None
            return True
        if not start:
            return False
        if tag == "html":
            self._page_lang = attrs.get("lang")
        elif attrs.get("lang") is not None and attrs.get("lang") != self._page_lang and tag not in VOID:
            self._other = (tag, 1)
            return True
        return False

    def _add(self, text: str | None) -> None:
        text = " ".join((text or "").split())
        if text:
            self.segments.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._in_other_language(tag, a, start=True):
            return
        if tag in ("script", "style"):
            # The strings a script shows, handed to it as JSON (strings-<feature>).
            if tag == "script" and a.get("type") == "application/json" and (a.get("id") or "").startswith("strings-"):
                self._json = ""
            else:
                self._skip += 1
            return
        for name in SHOWN_ATTRIBUTES:
            self._add(a.get(name))
        if tag == "input" and a.get("type") in ("submit", "button", "reset"):
            self._add(a.get("value"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style") or (self._other is not None and tag == self._other[0]):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in_other_language(tag, {}, start=False):
            return
        if tag not in ("script", "style"):
            return
        if self._json is not None:
            for text in _strings(json.loads(self._json or "{}")):
                self._add(text)
            self._json = None
        else:
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if self._other is not None:
            return
        if self._json is not None:
            self._json += data
        elif not self._skip:
            self._add(data)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


# Elements without content or end tag: their lang covers nothing but themselves.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.segments


# --- what may read the same ----------------------------------------------------------------------

# A stored value that is a code, not words a person wrote ("participant", "case_accepted",
# "name:spring", a hash): never shown as such, so never taken for data (a role shown in English
# is then caught).
CODE = re.compile(r"[a-z0-9_.:/\-]+")


def world_data() -> list[str]:
    """Every text value the world stored (columns of text and the strings in JSON documents),
    but codes and enumerations: longest first, so that a name is cut out before a part of it."""
    values: set[str] = set()
    found: set[str] = set()
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table
        for column in table.columns:
            if isinstance(column.type, sa.Enum) or not isinstance(column.type, (sa.String, sa.Text, sa.JSON)):
                continue
            query = sa.select(column) if isinstance(column.type, sa.JSON) else sa.select(column).distinct()  # json has no "="
            for (value,) in db.session.execute(query):
                values.update(_strings(value))
                if column.name == "fingerprint" and value:
                    # A privacy finding's fingerprint is its kind and the text it found ("name:spring").
                    found.add(value.split(":", 1)[-1])
    # Spaces and line breaks as a page's segments have them (visible_text joins them): the
    # library shows a case's stored presentation on one line.
    texts = {" ".join(v.split()) for v in values}
    texts = {v for v in texts if len(v) >= 3 and not CODE.fullmatch(v)} | found
    # A certificate's code as it is printed and verified: in groups of four ("4RTH-PS7G-WWM3").
    texts.update(award.display_code for award in db.session.scalars(sa.select(CreditAward)))
    return sorted(texts, key=len, reverse=True)


# What a msgid says around its placeholders and markup ("Version %(version)s": "Version").
FILLED = re.compile(r"%\(\w+\)[sd]|<[^>]*>")


def kept_words(locale: str) -> set[str]:
    """The msgids some catalogue translates into locale as themselves ("Notifications" in French),
    and the words around the placeholders of such a msgid ("Version" of "Version %(version)s")."""
    kept = set()
    for _feature, po in catalogues(locale):
        for message in po:
            if message.id and isinstance(message.id, str) and message.string == message.id:
                kept.add(message.id)
                kept.update(part.strip() for part in FILLED.split(message.id) if WORD.search(part))
    return kept


WORD = re.compile(r"[^\W\d_]", re.UNICODE)   # a letter, in any alphabet


def excused(segment: str, data: list[str], kept: set[str]) -> bool:
    """Whether nothing is left of segment once the world's data, then the names in ALLOWED and
    the words the translator kept (as whole words), are cut out, but numbers and punctuation."""
    if segment in ZONES:
        return True
    rest = PLACEHOLDER.sub(" ", URL.sub(" ", segment))
    for value in data:
        if value in rest:
            rest = rest.replace(value, " ")
    for name in sorted(ALLOWED | kept, key=len, reverse=True):
        if name in rest:
            rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest)
    return not WORD.search(rest)


def untranslated(english: Iterable[str], other: Iterable[str], data: list[str], kept: set[str]) -> list[str]:
    shared = set(english) & set(other)
    return sorted(s for s in shared if not excused(s, data, kept))


# --- rendering a page as a role ---------------------------------------------------------------

def _resolve(value: Any, world: dict[str, Any], role: str) -> Any:
    if isinstance(value, W):
        return world[value.name]
    if isinstance(value, Mine):
        return world["mine"][value.name][role]
    if isinstance(value, dict):
        return {k: _resolve(v, world, role) for k, v in value.items()}
    return value


def render(app, world: dict[str, Any], page: Page, locale: str):
    """The page as the role sees it with a browser asking for locale (a fresh client: no
    language chosen with the switcher, and the world's accounts have no language of their own)."""
    client = app.test_client()
    if page.role != "anonymous":
        with client.session_transaction() as sess:
            sess["_user_id"] = world["logins"][page.role]
            sess["_fresh"] = True
    path = page.path
    if not path:
        with app.test_request_context():
            path = url_for(page.endpoint, **_resolve(page.args, world, page.role), **_resolve(page.query, world, page.role))
    data = {k: str(v) for k, v in _resolve(page.data or {}, world, page.role).items()}
    headers = {"Accept-Language": locale}
    if page.method == "GET":
        return client.get(path, headers=headers, follow_redirects=page.follow)
    return client.post(path, data=data, headers=headers, follow_redirects=page.follow)


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]*)"', html)
    return found.group(1) if found else ""


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_page_has_no_english_left(app, page):
    world = build_world()
    segments: dict[str, list[str]] = {}
    for locale in ("en", *LOCALES):
        if page.prepare is not None:
            page.prepare(world)
        resp = render(app, world, page, locale)
        html = resp.get_data(as_text=True)
        assert resp.status_code == page.status, f"{page.id} in {locale}: {resp.status_code}, not {page.status}"
        # Only HTML is read here: an answer of another kind (CSV, PDF...) goes in NOT_PAGES, with why.
        assert resp.mimetype == "text/html", f"{page.id}: {resp.mimetype}, not a page: name it in NOT_PAGES"
        assert _lang(html) == locale, f"{page.id}: <html lang={_lang(html)!r}> asked for {locale}"
        segments[locale] = visible_text(html)
    data = world_data()
    left = {locale: untranslated(segments["en"], segments[locale], data, kept_words(locale)) for locale in LOCALES}
    assert not any(left.values()), f"{page.id}: English left untranslated: " + "; ".join(
        f"{locale}: {strings}" for locale, strings in left.items() if strings)


# --- the check itself --------------------------------------------------------------------------

def test_every_page_of_the_table_is_checked():
    """A GET the table lists is here, or named in NOT_PAGES (not a page), or only ever redirects."""
    checked = {p.endpoint for p in PAGES}
    for row in HTTP:
        if row.method != "GET" or row.endpoint in NOT_PAGES or row.endpoint.split(".")[0] in NOT_PAGE_BLUEPRINTS:
            continue
        redirects_only = all(v in (301, 302, 303, LOGIN) for v in row.expect.values())
        assert row.endpoint in checked or redirects_only, row


def test_visible_text_takes_what_a_reader_sees_and_hears():
    html = """<html lang="en"><head><title>Cases · ECHO</title><style>p { color: red }</style></head><body>
      <nav aria-label="Main"><a href="/x" title="Go there">Home</a></nav>
      <input type="search" placeholder="name or e-mail"><input type="hidden" value="secret-token">
      <input type="submit" value="Save"><button value="1">Send</button><img src="x.png" alt="A chart">
      <td data-label="Topic">Pain</td><script src="/a.js"></script><script>var x = "Not shown";</script>
      <script type="application/json" id="strings-demo">{"saved": "Saved", "n": {"one": "1 case"}}</script>
      <script type="application/json" id="board-data">{"text": "case text"}</script>
      <p>Two   lines
      joined</p><div lang="fr"><p>Recommandation <img alt="Une image"></p><div>Dedans</div></div><p lang="en">Here</p>
      <p>After</p></body></html>"""
    assert visible_text(html) == ["Cases · ECHO", "Main", "Go there", "Home", "name or e-mail", "Save", "Send", "A chart",
                                  "Topic", "Pain", "Saved", "1 case", "Two lines joined", "Here", "After"]


def test_a_shared_segment_is_english_left_unless_data_a_number_or_kept():
    data = ["Behavioral Health ECHO", "Carmen Coordinator"]
    english = ["Members", "Behavioral Health ECHO", "Carmen Coordinator (coordinator)", "Carmen Coordinator", "#12 · 14:00",
               "Notifications", "America/Denver", "English", "Log out"]
    french = ["Membres", "Behavioral Health ECHO", "Carmen Coordinator (coordinator)", "Carmen Coordinator", "#12 · 14:00",
              "Notifications", "America/Denver", "English", "Log out"]
    # A script's placeholders are not words; the words around them are.
    english += ["{name} ({role})", "{n} cases"]
    french += ["{name} ({role})", "{n} cases"]
    assert untranslated(english, french, data, kept={"Notifications"}) == ["Carmen Coordinator (coordinator)", "Log out",
                                                                           "{n} cases"]

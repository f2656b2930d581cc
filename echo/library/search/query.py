"""What a person types, parsed into a safe query: words, "phrases", prefix* words, OR, -words.

Every word reaches a full-text engine as a quoted string or a bound parameter, never as
syntax (each backend renders a `Query` its own way). Anything can be typed: `parse` never
raises; stray operators, field syntax, unbalanced quotes and control characters are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 500
MAX_TERMS = 32

# Private-use characters mark highlights inside the engine's snippet; the text is escaped
# afterwards and only these become <mark>, so case text can never inject markup. A query may
# not contain them.
HL_START, HL_END = "\ue000", "\ue001"

WORD = re.compile(r"[^\W_]+", re.UNICODE)
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_OPERATORS = ("AND", "NOT", "&&", "||", "|", "&")


@dataclass(frozen=True)
class Term:
    text: str          # the user's words, punctuation inside kept (the engine tokenises)
    phrase: bool = False
    prefix: bool = False
    raw: str = ""      # the chunk as typed, when it held punctuation (PostgreSQL keeps a/b as one token)


@dataclass
class Query:
    """AND of clauses; each clause is an OR of terms; `exclude` are NOT terms."""

    clauses: list[list[Term]] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.clauses

    def plain(self) -> Query:
        """The fallback: every word of every term, ANDed, no operators."""
        return Query([[Term(w)] for w in self.words()[:MAX_TERMS]])

    def words(self) -> list[str]:
        return [w for clause in self.clauses for t in clause for w in WORD.findall(t.text)]


def _clean(q: str | None) -> str:
    q = (q or "")[:MAX_QUERY_CHARS]
    q = "".join(ch for ch in q if ch.isprintable() or ch.isspace()).replace(HL_START, "").replace(HL_END, "")
    if q.count('"') % 2:  # an unbalanced quote is a stray character, not a phrase
        last = q.rfind('"')
        q = q[:last] + " " + q[last + 1:]
    return q


def _word_term(word: str) -> tuple[Term | None, bool]:
    """A chunk typed outside quotes as a term (None when it holds no word), and whether it is negated."""
    negate = False
    if word.startswith("-") and len(word) > 1:
        negate, word = True, word[1:]
    prefix = word.endswith("*") and bool(WORD.search(word))
    core = word.strip("*")
    # Field syntax (col:term), NEAR(...), ^ and other operators: keep only the words.
    words = WORD.findall(core)
    if not words or words == ["NEAR"]:
        return None, negate
    raw = core if len(words) > 1 and core != " ".join(words) else ""
    return Term(" ".join(words), phrase=len(words) > 1, prefix=prefix and len(words) == 1, raw=raw), negate


def parse(q: str | None) -> Query:
    """Turn anything a person can type into a Query. Never raises."""
    out = Query()
    pending_or = False
    n = 0
    for m in _TOKEN.finditer(_clean(q)):
        if n >= MAX_TERMS:
            break
        phrase_text, word = m.group(1), m.group(2)
        term: Term | None
        negate = False
        if phrase_text is not None:
            term = Term(" ".join(phrase_text.split()), phrase=True)
        elif word == "OR":
            pending_or = bool(out.clauses)
            continue
        elif word in _OPERATORS:
            continue
        else:
            term, negate = _word_term(word)
        if term is None or not WORD.search(term.text):
            continue
        n += 1
        if negate:
            out.exclude.append(term)
        elif pending_or and out.clauses:
            out.clauses[-1].append(term)
        else:
            out.clauses.append([term])
        pending_or = False
    return out

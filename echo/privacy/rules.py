"""Pattern rules: each recognizer registers regular expressions here; one pass runs them all.

A rule runs only inside windows around its cheap trigger (``need``): most clinical text has no
'@', no month name and no long digit run, so most rules never run at all.
"""
from __future__ import annotations

import re

from echo.privacy.kinds import PRIO

I = re.IGNORECASE
W = r"[^\W\d_]"  # a letter (unicode)
CAPW = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"  # a capitalised word
CAPN = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"  # a capitalised word without dots

P: list = []  # (kind, regex, group, label, need, win)


def add_rule(kind, pattern, flags=0, group=0, label="", need=None, win=None):
    """Register a pattern.  ``need``: a cheap pre-check (substrings of the lower-cased text, a frozenset of
    lower-case words one of which must occur, or a regex);
    with ``win=(before, after)`` the pattern only runs in windows around the matches of the ``need`` regex."""
    P.append((kind, re.compile(pattern, flags), group, label, need, win))


def win_iter(rx, text, low, trigger, before, after):
    """Matches of ``rx`` inside windows around the trigger's matches (merged, so never reported twice)."""
    for a, b in windows(trigger, text, low, before, after):
        yield from rx.finditer(text, a, b)


def trigger_spans(trigger, text, low, d3=None) -> list[tuple[int, int]]:
    """Where the trigger matches in ``text``."""
    n = len(text)
    if isinstance(trigger, Cue):
        trigger = trigger.trigger
    if isinstance(trigger, Low):
        it = trigger.low.finditer(low) if len(low) == n else trigger.ci.finditer(text)
    elif d3 is not None and trigger.pattern in _D3_TRIGGERS:
        # the trigger contains a run of 3+ digits: look only around such runs (one shared scan)
        it = [m for a, b in d3 for m in trigger.finditer(text, a, b)]
    else:
        it = trigger.finditer(text)
    return [m.span() for m in it]


def windows(trigger, text, low, before, after, d3=None, found=None):
    """Merged windows of ``before``/``after`` characters around the trigger's matches (``found``: the
    matches already known, when several rules share one trigger with different windows)."""
    out: list[list[int]] = []
    n = len(text)
    for ms, me in (found if found is not None else trigger_spans(trigger, text, low, d3)):
        a, b = ms - before, me + after
        a = max(a, 0)
        b = min(b, n)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


D3_RE = re.compile(r"\d{3,}")
# triggers that cannot match without a run of 3+ digits
_D3_TRIGGERS = set({r"\d{5}", r"\d{3}[\s.-]\d{4}|\)\s*\d{3}", r"\d{3}-\d{2}-\d{4}", r"\d{9}", r"\d{4}[ -]\d{4}",
                          r"\d{4}[-/.]\d", r"[A-Z]-?\d{6}", r"\(\d{3}\)", r"\d\.\d{1,2}\.\d{4}"})


def digit_trigger(pattern: str) -> re.Pattern:
    """A trigger that cannot match without a run of 3+ digits: searched only around such runs."""
    _D3_TRIGGERS.add(pattern)
    return re.compile(pattern)


class Cue:
    """A trigger made of cue words: the rule runs only when one of ``words`` (lower case, as WORD_RE
    splits a text) occurs, and then only in windows around the matches of ``pattern`` (a Low trigger)."""
    __slots__ = ("words", "trigger")

    def __init__(self, words: str, pattern: str):
        self.words = frozenset(words.split())
        self.trigger = Low(pattern)


class Low:
    """A trigger regex run on the lower-cased text (cheaper than IGNORECASE); ``ci`` is the fallback when
    lower-casing changes the length of the text (rare non-ASCII letters)."""
    __slots__ = ("ci", "low")

    def __init__(self, pattern):
        pattern = factored(pattern)
        self.low = re.compile(pattern)
        self.ci = re.compile(pattern, re.IGNORECASE)


# Written by hand because the standard library's regex engine tries the branches of an alternation one by one
# at every position: a trigger made of many literal words ("liv|resid|grew|...") runs about three times faster
# with their common prefixes factored out ("re(?:sid|turn)"). Only an alternation of literals is rewritten
# (with simple classes such as "[ée]" and optional characters "\\.?" spelled out); the longest branch wins, so
# a trigger's window can only grow.
_PIECE = re.compile(r"\[([^\]\\^-]+)\]\??|\\([.\- /'])\??|([\w .'’/,-])\??")


def _spell_out(item: str) -> list[str] | None:
    """Every literal string a simple branch matches, or None when it is more than that."""
    out = [""]
    pos = 0
    for m in _PIECE.finditer(item):
        if m.start() != pos:
            return None
        pos = m.end()
        chars = m.group(1) or m.group(2) or m.group(3)
        options = list(chars) + ([""] if m.group().endswith("?") else [])
        out = [o + c for o in out for c in options]
        if len(out) > 16:
            return None
    return out if pos == len(item) else None


def factored(pattern: str) -> str:
    head, body, tail = "", pattern, ""
    if body.startswith(r"\b(?:") and body.endswith(")") and body.count("(") == 1:
        head, body, tail = r"\b(?:", body[len(r"\b(?:"):-1], ")"
    items = body.split("|")
    spelled = [_spell_out(i) for i in items]
    if len(items) < 4 or "(" in body or any(sp is None for sp in spelled):
        return pattern
    root: dict = {}
    for words in spelled:
        for word in words or ():
            if not word:
                return pattern  # an empty branch matches everywhere
            node = root
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = {}
    return head + _serialise(root) + tail


def _serialise(node: dict) -> str:
    branches = [re.escape(ch) + _serialise(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# a rule whose label starts with "_" is checked by the filter registered under that label:
# filter(text, start, end, value, add) -> label to report, or None to drop the match
FILTERS: dict = {}
# the words of a text, for rules whose trigger is a set of cue words (one set lookup instead of a regex)
WORD_RE = re.compile(r"[^\W\d_](?:[\w'’.]*[^\W\d_])?")


def run_patterns(text: str, low: str, add) -> None:
    """Run every registered pattern rule over ``text`` and pass accepted matches to ``add``."""
    gates: dict = {}
    for kind, rx, grp, label, need, win in P:
        if win is not None:
            key = (id(need), win)
            spans = gates.get(key)
            if spans is None and isinstance(need, Cue):
                words = gates.get("words")
                if words is None:
                    words = gates["words"] = set(WORD_RE.findall(low))
                if words.isdisjoint(need.words):
                    spans = gates[key] = []
            if spans is None:
                d3 = gates.get("d3")
                if d3 is None:
                    d3 = gates["d3"] = windows(D3_RE, text, low, 14, 14)
                found = gates.get(("m", id(need)))
                if found is None:
                    found = gates[("m", id(need))] = trigger_spans(need, text, low, d3)
                spans = gates[key] = windows(need, text, low, win[0], win[1], found=found)
            if not spans:
                continue
            matches = [m for a, b in spans for m in rx.finditer(text, a, b)] if len(spans) > 1 else rx.finditer(text, spans[0][0], spans[0][1])
        else:
            if need is not None:
                ok = gates.get(id(need))
                if ok is None:
                    if isinstance(need, frozenset):
                        words = gates.get("words")
                        if words is None:
                            words = gates["words"] = set(WORD_RE.findall(low))
                        ok = not words.isdisjoint(need)
                    else:
                        ok = any(k in low for k in need) if isinstance(need, tuple) else bool(need.search(text))
                    gates[id(need)] = ok
                if not ok:
                    continue
            matches = rx.finditer(text)
        for m in matches:
            s, e = m.span(grp)
            if s < 0 or e <= s:
                continue
            val = m.group(grp)
            lab = label
            if label.startswith("_"):
                lab = FILTERS[label](text, s, e, val, add)
                if lab is None:
                    continue
            add((s, e, kind, lab))


def resolve(cands):
    """One finding per run of overlapping candidates, covering all of them.

    Dropping the shorter of two overlapping candidates would leave part of an identifier
    uncovered ("RUT 13.723.477-0" half inside a longer wrong candidate shows "723.477-0" after
    redaction), so the finding spans the union; its kind and label are the longest candidate's
    (then the higher-priority kind's).
    """
    cands.sort(key=lambda c: (c[0], -c[1]))
    out = []
    i, n = 0, len(cands)
    while i < n:
        s, e = cands[i][0], cands[i][1]
        best = cands[i]
        j = i + 1
        while j < n and cands[j][0] < e:
            c = cands[j]
            e = max(e, c[1])
            if (c[1] - c[0], PRIO[c[2]]) > (best[1] - best[0], PRIO[best[2]]):
                best = c
            j += 1
        out.append((s, e, best[2], best[3]))
        i = j
    return out

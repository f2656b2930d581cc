"""Benchmark for the privacy guard (echo.privacy).

Run:  .venv/bin/python tests/bench/bench_privacy.py [--code DIR] [--libs]   (`make bench-privacy`)
      --code DIR: measure the echo.privacy found under DIR instead (e.g. an older checkout)

Matching rule: an identifier span counts as found (recall) when any finding overlaps it by at
least one character, whatever the finding's kind; a finding counts as correct (precision) when
it overlaps any identifier span.  Per-kind recall uses the gold kind; per-kind precision uses
the finding's kind.  "Flagged" = share of identifier-free texts with at least one finding.

Sets (all in tests/data/privacy, see its README.md): the project corpus (dev and held-out
splits), presidio-synth-v2 (general English text, mapped to Safe Harbor), and the multilingual
sets (English, Spanish, French): multilingual_dev, tuned on, and multilingual_never_tuned,
generated with another seed and other templates and never tuned on.
Time: one scan of a 1 KB text (texts of the sets joined into 1,024-character pieces), p50/p99.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if "--code" in sys.argv:
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()))
else:
    sys.path.insert(0, str(ROOT))

from echo.privacy import scan

DATA = ROOT / "tests" / "data" / "privacy"
CORPUS = DATA / "corpus.jsonl"
SYNTH = DATA / "presidio-synth-v2.json"
MULTI = ("multilingual_dev", "multilingual_never_tuned")


# ---------------------------------------------------------------------------------- corpora
def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_project() -> dict:
    out: dict = {"dev": [], "held": []}
    for r in _jsonl(CORPUS):
        out[r["split"]].append((r["text"], [(s["start"], s["end"], s["kind"]) for s in r["spans"]]))
    return out


def load_multi(name: str) -> dict:
    out: dict = defaultdict(list)
    for r in _jsonl(DATA / f"{name}.jsonl"):
        out[r["lang"]].append((r["text"], [(s["start"], s["end"], s["kind"]) for s in r["spans"]]))
    return dict(out)


_STATES = {l.strip().lower() for l in (ROOT / "echo/privacy/data/us_states.txt").read_text().splitlines()}
_COUNTRIES = {l.strip().lower() for l in (ROOT / "echo/privacy/data/countries.txt").read_text().splitlines()}
_COUNTRIES |= {"usa", "us", "uk", "america", "united states", "england", "greenlander", "czech republic"}
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
SYNTH_MAP = {"PERSON": "name", "STREET_ADDRESS": "address", "GPE": "place", "ORGANIZATION": "facility",
             "DATE_TIME": "date", "PHONE_NUMBER": "phone", "EMAIL_ADDRESS": "email", "ZIP_CODE": "zip",
             "DOMAIN_NAME": "url", "IP_ADDRESS": "ip", "US_SSN": "ssn", "US_DRIVER_LICENSE": "id",
             "CREDIT_CARD": "id", "IBAN_CODE": "id"}


def synth_is_identifier(etype: str, value: str) -> bool:
    v = value.strip().lower()
    if etype not in SYNTH_MAP:
        return False  # AGE (all <= 89 in this file), TITLE, NRP
    if etype == "GPE":
        return v not in _STATES and v not in _COUNTRIES
    if etype == "ORGANIZATION":
        return bool(re.search(r"hospital|clinic|medical|health|pharmacy|infirmary|hospice", v))
    if etype == "DATE_TIME":
        # more specific than a year: has a day/month component
        return bool(re.search(r"\d{1,2}[/.-]\d{1,2}|\d{4}-\d{2}", v) or re.search(rf"\b(?:{_MONTHS})", v))
    return True


WRITTEN = ("written_dev", "written_never_tuned")


def load_written(name: str) -> dict:
    """Hand-written texts, identifiers given as substrings in text order (see the data README)."""
    out: dict = defaultdict(list)
    path = DATA / f"{name}.jsonl"
    if not path.exists():
        return {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        text, spans, cursor = d["text"], [], 0
        for sub, kind in d["ids"]:
            start = text.find(sub, cursor)
            if start < 0:
                raise ValueError(f"{sub!r} not found in order in {text[:60]!r}")
            cursor = start + len(sub)
            spans.append((start, cursor, kind))
        # a month alone ("since March", "desde enero") is flagged on purpose (Safe Harbor removes every
        # element of a date but the year); these texts' writers did not mark it, so it is not scored
        neutral = [m.span() for m in _MONTH_ALONE.finditer(text)]
        out[d["lang"]].append((text, spans, neutral, neutral))
    return dict(out)


_MONTH_ALONE = re.compile(
    r"(?i)(?<!\d )(?<!\d)(?<!\d de )(?<!\d of )\b(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre)\b(?!\s*(?:de\s+|,\s*)?\d)")


def load_synth():
    data = json.loads(SYNTH.read_text(encoding="utf-8"))
    out = []
    for d in data:
        spans = [(s["start_position"], s["end_position"], SYNTH_MAP[s["entity_type"]])
                 for s in d["spans"] if synth_is_identifier(s["entity_type"], s["entity_value"])]
        # spans of non-identifier entities are "neutral": a finding on them is not counted either way
        neutral = [(s["start_position"], s["end_position"]) for s in d["spans"]
                   if not synth_is_identifier(s["entity_type"], s["entity_value"])]
        out.append((d["full_text"], spans, neutral))
    return out


# ---------------------------------------------------------------------------------- scoring
def score(docs, detector):
    """docs: list of (text, gold_spans[, neutral[, unscored]]). detector(text) -> list of (start, end, kind).
    A finding on a neutral span does not count against precision; on an unscored span it does not
    make an identifier-free text flagged either."""
    rec = defaultdict(lambda: [0, 0])   # kind -> [found, total]
    prec = defaultdict(lambda: [0, 0])  # kind -> [correct, total]
    neg_flagged = neg_total = 0
    t0 = time.perf_counter()
    preds = [detector(d[0]) for d in docs]
    elapsed = time.perf_counter() - t0
    for doc, pred in zip(docs, preds):
        gold = doc[1]
        neutral = doc[2] if len(doc) > 2 else []
        for s, e, k in gold:
            hit = any(ps < e and pe > s for ps, pe, _ in pred)
            for key in (k, "ALL"):
                rec[key][0] += hit
                rec[key][1] += 1
            # strict: every non-space character of the identifier is covered by some finding
            covered = all(text_ch.isspace() or any(ps <= i < pe for ps, pe, _ in pred)
                          for i, text_ch in enumerate(doc[0][s:e], start=s))
            rec["ALL strict"][0] += covered
            rec["ALL strict"][1] += 1
        for ps, pe, pk in pred:
            ok = any(ps < e and pe > s for s, e, _ in gold)
            if not ok and any(ps < e and pe > s for s, e in neutral):
                continue  # finding on a non-identifier labelled entity (e.g. a country): not scored
            for key in (pk, "ALL"):
                prec[key][0] += ok
                prec[key][1] += 1
        if not gold:
            neg_total += 1
            unscored = doc[3] if len(doc) > 3 else []  # not counted as flagging a text either
            neg_flagged += any(not any(ps < e and pe > s for s, e in unscored) for ps, pe, _ in pred)
    return rec, prec, (neg_flagged, neg_total), elapsed, len(docs)


def ours(text):
    return [(f.start, f.end, f.kind) for f in scan(text)]


def fmt(num, den):
    return f"{num / den:6.3f} ({num}/{den})" if den else "     -"


def report(title, result):
    rec, prec, (nf, nt), elapsed, n = result
    print(f"\n== {title}: {n} texts, {n / elapsed:,.0f} texts/s")
    print(f"{'kind':10} {'recall':>18} {'precision':>18}")
    kinds = [k for k in sorted(set(rec) | set(prec)) if k != "ALL"] + ["ALL"]
    for k in kinds:
        print(f"{k:10} {fmt(*rec[k]) if k in rec else '     -':>18} {fmt(*prec[k]) if k in prec else '     -':>18}")
    print(f"identifier-free texts flagged: {fmt(nf, nt)}")


# ---------------------------------------------------------------------------------- libraries
def philter_detector():
    try:
        import philter_lite
        from philter_lite import philter
    except ImportError:
        return None, "not installed"
    from importlib.resources import files

    cfg = philter_lite.load_filters(str(files("philter_lite") / "configs" / "philter_delta.toml"))

    def det(text):
        _, _, tracker = philter.detect_phi(text, patterns=cfg)
        return [(p.start, p.stop, p.phi_type) for p in tracker.phi]
    try:
        det("Mr. Jones was seen on 3/14/2024 in Gallup.")
        return det, "ok"
    except LookupError:
        # NLTK tagger data is not in the wheel and cannot be downloaded here: replace the tagger by a
        # naive one (every token a proper noun) so that the regex and word-list filters still run.
        philter._get_pos = lambda text: [(w, "NNP") for w in philter._get_clean(text)]
        try:
            det("Mr. Jones was seen on 3/14/2024 in Gallup.")
        except Exception as exc:  # pragma: no cover
            return None, f"cannot run: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
        return det, "NLTK tagger data missing; run with a naive tagger (every token tagged NNP)"
    except Exception as exc:  # pragma: no cover - depends on the environment
        return None, f"cannot run: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"


def presidio_detector():
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    except ImportError:
        return None, "not installed"
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngine

        class NoNlp(NlpEngine):  # pattern recognisers only: no spaCy model
            def load(self): pass
            def is_loaded(self): return True
            def process_text(self, text, language):
                from presidio_analyzer.nlp_engine import NlpArtifacts
                return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self, language=language)
            def process_batch(self, texts, language, **kw):
                for t in texts:
                    yield t, self.process_text(t, language)
            def is_stopword(self, word, language): return False
            def is_punct(self, word, language): return False
            def get_supported_entities(self): return []
            def get_supported_languages(self): return ["en"]

        reg = RecognizerRegistry()
        reg.load_predefined_recognizers(languages=["en"])
        reg.recognizers = [r for r in reg.recognizers if type(r).__name__ != "SpacyRecognizer"]
        engine = AnalyzerEngine(registry=reg, nlp_engine=NoNlp(), supported_languages=["en"])

        def det(text):
            return [(r.start, r.end, r.entity_type) for r in engine.analyze(text=text, language="en") if r.score >= 0.3]
        det("Call 505-555-1234 on 3/14/2024.")
        return det, "ok (pattern recognisers only, no spaCy model)"
    except Exception as exc:  # pragma: no cover
        return None, f"cannot run: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"


# ---------------------------------------------------------------------------------- main
def timing() -> tuple[float, float, float, float]:
    """p50 and p99 in ms of one scan of a 1 KB text: CPU time of the thread (what the scan costs, steady
    when other processes share the machine), then wall-clock time."""
    texts = [r["text"] for r in _jsonl(CORPUS)] + [r["text"] for name in MULTI for r in _jsonl(DATA / f"{name}.jsonl")]
    blob = " ".join(texts)
    pieces = [blob[i:i + 1024] for i in range(0, len(blob) - 1024, 1024)]
    for p in pieces[:50]:
        scan(p)  # warm the caches
    wall, cpu = [], []
    for _ in range(3):
        for p in pieces:
            t0, c0 = time.perf_counter(), time.thread_time()
            scan(p)
            cpu.append((time.thread_time() - c0) * 1000)
            wall.append((time.perf_counter() - t0) * 1000)
    wall.sort()
    cpu.sort()
    return statistics.median(cpu), cpu[int(len(cpu) * 0.99)], statistics.median(wall), wall[int(len(wall) * 0.99)]


def compact(title: str, sets: list[tuple[str, list]], det) -> None:
    """One line per set and kind: recall, precision, flagged."""
    print(f"\n== {title}")
    print(f"{'set':34} {'kind':9} {'recall':>20} {'precision':>20} {'id-free flagged':>18}")
    for name, docs in sets:
        rec, prec, (nf, nt), _, _ = score(docs, det)
        kinds = [k for k in sorted(set(rec)) if not k.startswith("ALL")] + ["ALL", "ALL strict"]
        for k in kinds:
            flagged = fmt(nf, nt) if k == "ALL" else ""
            print(f"{name:34} {k:10} {fmt(*rec[k]) if k in rec else '     -':>20} {fmt(*prec[k]) if k in prec else '     -':>20} {flagged:>18}")


def main():
    proj = load_project()
    synth = load_synth()
    det = ours
    sets = [("project dev (en)", proj["dev"]), ("project held-out (en)", proj["held"]), ("presidio-synth-v2 (en)", synth)]
    for name in MULTI:
        for lang, docs in sorted(load_multi(name).items()):
            sets.append((f"{name} ({lang})", docs))
    for name in WRITTEN:
        for lang, docs in sorted(load_written(name).items()):
            sets.append((f"{name} ({lang})", docs))
    compact("echo.privacy", sets, det)
    if "--libs" in sys.argv:
        for name, fn in (("philter-lite", philter_detector), ("presidio-analyzer", presidio_detector)):
            lib, status = fn()
            print(f"{name}: {status}")
            if lib:
                compact(name, sets, lib)
    p50, p99, w50, w99 = timing()
    print(f"\ntime per 1 KB text: CPU p50 {p50:.2f} ms, p99 {p99:.2f} ms; wall-clock p50 {w50:.2f} ms, p99 {w99:.2f} ms")


if __name__ == "__main__":
    main()

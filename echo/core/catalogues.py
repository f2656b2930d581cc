"""Each feature's translation catalogue: extract its strings, update its Spanish and French
catalogues, compile them (`make catalogues`, `make catalogues FEATURE=cases`; `make install`
compiles).

Babel's own command line does the work; this only says which sources belong to which feature
(pybabel handles one catalogue per call, and ours are one per feature package, kept beside the
code that owns the strings so that two features never edit the same file).

    python -m echo.core.catalogues update [feature ...]   # extract, update es and fr, compile
    python -m echo.core.catalogues compile                 # .po -> .mo for every feature
    python -m echo.core.catalogues check                   # every string translated? (exit 1 if not)
    python -m echo.core.catalogues fill cases es words.json  # translations from a JSON object
                                                           # {msgid: text, or [forms] for a plural}
"""
from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.frontend import CommandLineInterface, parse_keywords
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
LOCALES = ("es", "fr")
DOMAIN = "messages"
# lazy_gettext (_l) for strings defined at import time: form labels, enum labels, error texts.
KEYWORDS = ("_l", "lazy_gettext", "lazy_ngettext:1,2", "lazy_pgettext:1c,2")
METHODS = [("**.py", "python"), ("**.html", "jinja2")]

# Templates that live outside templates/<feature>/.
TEMPLATES: dict[str, list[str]] = {
    "core": ["templates/base.html", "templates/_forms.html", "templates/error.html"],
    "main": ["templates/home.html", "templates/index.html", "templates/notifications.html"],
    "accounts": ["templates/auth"],
}


def features() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py") if p.parent.name != "__pycache__")


def sources(feature: str) -> list[Path]:
    """The feature's Python package and its templates (those that exist)."""
    templates = TEMPLATES.get(feature, [f"templates/{feature}"])
    paths = [PACKAGE / feature, *(ROOT / t for t in templates)]
    return [p for p in paths if p.exists()]


def catalogue_dir(feature: str) -> Path:
    return PACKAGE / feature / "translations"


def po_path(feature: str, locale: str) -> Path:
    return catalogue_dir(feature) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    for pattern in ("*.py", "*.html"):
        yield from (p for p in sorted(path.rglob(pattern)) if "translations" not in p.parts and "__pycache__" not in p.parts)


def extracted(feature: str) -> Catalog:
    """The feature's strings as the code has them now, in memory."""
    catalog = Catalog(domain=DOMAIN)
    keywords = dict(_babel_keywords())
    for source in sources(feature):
        for path in _files(source):
            method = "jinja2" if path.suffix == ".html" else "python"
            for lineno, message, comments, context in extract_from_file(method, str(path), keywords=keywords):
                catalog.add(message, None, [(str(path.relative_to(ROOT)), lineno)], auto_comments=comments, context=context)
    return catalog


def _babel_keywords() -> Iterable[tuple[str, Any]]:
    yield from DEFAULT_KEYWORDS.items()
    yield from parse_keywords(list(KEYWORDS)).items()


def _run(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def update(names: list[str]) -> None:
    for feature in names:
        # Paths relative to the checkout, so the catalogues' "#:" locations name files of the
        # project, not of the machine they were extracted on.
        inputs = [str(p.relative_to(ROOT)) for p in sources(feature)]
        if not extracted(feature):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / f"{DOMAIN}.pot"
            mapping = Path(tmp) / "babel.cfg"
            mapping.write_text("".join(f"[{method}: {pattern}]\n" for pattern, method in METHODS))
            keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
            with contextlib.chdir(ROOT):
                _run("extract", "-F", str(mapping), *keywords, "--add-location=file", "--sort-by-file",
                     "--ignore-dirs=translations __pycache__", "--project=ECHO case conference",
                     "-o", str(pot), *inputs)
            for locale in LOCALES:
                if po_path(feature, locale).exists():
                    _run("update", "-i", str(pot), "-d", str(catalogue_dir(feature)), "-l", locale,
                         "--no-fuzzy-matching", "--ignore-obsolete")
                else:
                    _run("init", "-i", str(pot), "-d", str(catalogue_dir(feature)), "-l", locale)
    compile_all()


def compile_all() -> None:
    for feature in features():
        if catalogue_dir(feature).is_dir():
            _run("compile", "-d", str(catalogue_dir(feature)))


def missing(feature: str, locale: str) -> list[str]:
    """The feature's strings that its catalogue for locale lacks or leaves untranslated (or fuzzy)."""
    wanted = [m for m in extracted(feature) if m.id]
    path = po_path(feature, locale)
    if not path.exists():
        return [m.id if isinstance(m.id, str) else m.id[0] for m in wanted]
    with path.open("rb") as fh:
        po = read_po(fh, locale=locale)
    gaps = []
    for message in wanted:
        entry = po.get(message.id, context=message.context)
        text = entry.string if entry is not None else None
        if entry is None or entry.fuzzy or not (text if isinstance(text, str) else text and all(text)):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def catalogues(locale: str) -> Iterator[tuple[str, Catalog]]:
    """(feature, its catalogue for locale) for every feature that has one."""
    for feature in features():
        path = po_path(feature, locale)
        if path.exists():
            with path.open("rb") as fh:
                yield feature, read_po(fh, locale=locale)


def conflicts(locale: str) -> dict[str, dict[str, str]]:
    """msgids that two features' catalogues translate differently: {msgid: {feature: text}}.
    Flask-Babel merges the catalogues and the last one read wins, so a page would show one
    feature's wording for another's string; one term keeps one translation."""
    seen: dict[str, dict[str, str]] = {}
    for feature, po in catalogues(locale):
        for message in po:
            if message.id and message.string and not message.context:
                key = message.id if isinstance(message.id, str) else message.id[0]
                text = message.string if isinstance(message.string, str) else " | ".join(message.string)
                seen.setdefault(key, {})[feature] = text
    return {k: v for k, v in seen.items() if len(set(v.values())) > 1}


def fill(feature: str, locale: str, source: Path) -> list[str]:
    """Writes the translations in source (JSON: msgid -> text, or a list of plural forms) into
    the feature's catalogue; returns the msgids it does not hold (run update first)."""
    words = json.loads(source.read_text(encoding="utf-8"))
    path = po_path(feature, locale)
    with path.open("rb") as fh:
        po = read_po(fh, locale=locale)
    unknown = []
    for msgid, text in words.items():
        entry = po.get(msgid)
        if entry is None:
            unknown.append(msgid)
            continue
        if isinstance(entry.id, tuple):
            forms = text if isinstance(text, list) else [text]
            n = po.num_plurals
            entry.string = tuple((forms + [forms[-1]] * n)[:n])
        else:
            entry.string = text if isinstance(text, str) else text[0]
        entry.flags.discard("fuzzy")
    with path.open("wb") as fh:
        write_po(fh, po, include_previous=False)
    return unknown


def main(argv: list[str]) -> int:
    command, names = (argv[0] if argv else "update"), argv[1:] or features()
    if command == "update":
        update(names)
    elif command == "compile":
        compile_all()
    elif command == "fill":
        for msgid in fill(argv[1], argv[2], Path(argv[3])):
            print(f"not in the {argv[1]} catalogue: {msgid!r}")
        compile_all()
    elif command == "check":
        gaps = {(f, loc): missing(f, loc) for f in names for loc in LOCALES}
        for (feature, locale), ids in gaps.items():
            for msgid in ids:
                print(f"{feature} [{locale}] untranslated: {msgid!r}")
        clashes = {locale: conflicts(locale) for locale in LOCALES}
        for locale, found in clashes.items():
            for msgid, texts in found.items():
                print(f"[{locale}] translated differently: {msgid!r}: {texts}")
        return 1 if any(gaps.values()) or any(clashes.values()) else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

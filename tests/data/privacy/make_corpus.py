"""Generate the labelled privacy corpus (tests/data/privacy/corpus.jsonl).

Deterministic (fixed seed).  Texts are clinical-style teleconsultation snippets written for this
project.  Identifier values come from two disjoint pools: the *dev* pool and a *held-out* pool
whose person names, places and facilities were chosen to be absent from the guard's curated
name lists (echo/privacy/lexicon.py), so held-out scores measure generalisation.
Hand-written texts (hand_written.jsonl, spans given as substrings) are added to the held-out set.

Run:  python tests/data/privacy/make_corpus.py
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

POOLS = {
    "dev": {
        "first": ["John", "Maria", "Robert", "Linda", "James", "Patricia", "Carlos", "Rosa", "Michael", "Jennifer",
                  "David", "Elizabeth", "Jose", "Ana", "William", "Susan", "Luis", "Carmen", "Kevin", "Angela"],
        "last": ["Smith", "Garcia", "Martinez", "Begay", "Yazzie", "Chavez", "Johnson", "Lopez", "Tsosie", "Baca",
                 "Williams", "Archuleta", "Montoya", "Benally", "Brown", "Trujillo", "Nez", "Vigil", "Patel", "Lee"],
        "place": ["Farmington", "Gallup", "Shiprock", "Las Cruces", "Roswell", "Taos", "Grants", "Deming",
                  "Clovis", "Hobbs", "Socorro", "Espanola", "Raton", "Carlsbad", "Alamogordo", "Silver City"],
        "county": ["Bernalillo County", "San Juan County", "McKinley County", "Dona Ana County", "Rio Arriba County",
                   "Cibola County", "Otero County", "Lea County"],
        "facility": ["St. Vincent's Hospital", "Presbyterian Española Hospital", "Gallup Indian Medical Center",
                     "First Choice Community Healthcare clinic", "San Juan Regional Medical Center",
                     "Lovelace Medical Center", "Gila Regional Medical Center", "Mountain View Regional Medical Center",
                     "Walgreens Pharmacy on Main", "Holy Cross Hospital"],
        "street": ["Main St", "Elm Street", "Cedar Ave", "Mesa Verde Dr", "Camino Real Rd", "Highland Blvd",
                   "Sunset Lane", "Pinon Way"],
    },
    "held": {
        "first": ["Tavita", "Orrin", "Delphine", "Keoni", "Marisela", "Evander", "Yanira", "Bodhi", "Shandiin",
                  "Niizhoni", "Thaddeus", "Rosalba", "Ignatius", "Zuleika", "Anselmo", "Wynona", "Kaimana", "Leocadia",
                  "Dezbah", "Florencio"],
        "last": ["Etsitty-Kee", "Wauneka", "Quintero", "Haskie", "Oyenque", "Lementino", "Yellowhair", "Kuruvilla",
                 "Szabo", "Okonkwo", "Pfeiffer", "Nakai", "Tohtsoni", "Villalpando", "Brzezinski", "Oyelaran",
                 "Achterberg", "Lonewolf", "Zamudio", "Harjo"],
        "place": ["Crownpoint", "Tohatchi", "Chinle", "Kayenta", "Cuba", "Truth or Consequences", "Tucumcari",
                  "Lordsburg", "Thoreau", "Ganado", "Dulce", "Mescalero", "Chimayo", "Ruidoso", "Magdalena",
                  "Window Rock"],
        "county": ["Sandoval County", "Luna County", "Torrance County", "Apache County", "Navajo County",
                   "Guadalupe County", "Quay County", "Catron County"],
        "facility": ["Rehoboth McKinley Christian Hospital", "Tséhootsooí Medical Center", "Nor-Lea Hospital",
                     "Alta Vista Regional Hospital", "Sierra Vista Hospital", "El Centro Family Health clinic",
                     "Hidalgo Medical Services clinic", "Kewa Pueblo Health Center", "Zuni Comprehensive Community Health Center",
                     "Presbyterian Kaseman Hospital"],
        "street": ["Arroyo Seco Rd", "Paseo del Norte", "Juniper Court", "Chamisa Trail", "Kit Carson Ave",
                   "Old Route 66 Hwy", "Tumbleweed Loop", "Yucca Street"],
    },
}
KIN = ["husband", "wife", "son", "daughter", "sister", "brother", "mother", "father", "grandmother", "aunt",
       "partner", "uncle", "niece", "caregiver", "boyfriend", "granddaughter"]
STATES = ["NM", "AZ", "New Mexico", "Arizona", "CO", "TX"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ABBR = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
DRUGS = ["sertraline 100 mg", "buprenorphine 16 mg", "Suboxone 8/2 mg BID", "naltrexone 50 mg", "Lamictal 200 mg",
         "Vivitrol 380 mg IM monthly", "lithium 600 mg", "quetiapine 50 mg qHS", "metformin 1000 mg BID",
         "escitalopram 10 mg", "bupropion XL 300 mg", "prazosin 2 mg qHS", "gabapentin 300 mg TID",
         "aripiprazole 5 mg", "mirtazapine 15 mg", "Sublocade 300 mg", "methadone 80 mg", "Zoloft 50 mg",
         "hydroxyzine 25 mg PRN", "clonidine 0.1 mg", "topiramate 25 mg", "Ozempic 0.5 mg weekly",
         "insulin glargine 22 units", "lisinopril 20 mg", "atorvastatin 40 mg", "levothyroxine 88 mcg"]
LABS = ["BP 142/90", "HR 88", "A1c 7.2%", "eGFR 45", "TSH 2.1", "Cr 1.3 mg/dL", "LDL 162", "Na 131", "K 3.4",
        "AST 88, ALT 102", "GGT 240", "MCV 104", "BMI 34.2", "SpO2 94% on RA", "T 37.9 C", "RR 18",
        "lithium level 0.9", "QTc 472 ms", "hemoglobin 10.8", "platelets 112", "INR 1.4", "UDS positive for fentanyl",
        "BAL 0.21", "TSH 0.02", "vitamin D 14", "ferritin 9", "hCG negative", "BP 168/102", "weight 212 lb"]
SCORES = ["PHQ-9 of 18", "GAD-7 14", "AUDIT-C 7", "COWS 12", "MoCA 24/30", "CIWA 16", "PCL-5 of 52", "EPDS 15",
          "C-SSRS positive for passive ideation", "ASRS 5/6", "Y-BOCS 26", "MDQ positive", "PHQ-2 of 4",
          "SLUMS 21", "BDI-II 31", "Edinburgh 13", "AIMS 4", "GAF 45"]
CODES = ["F32.1", "E11.9", "F11.20", "F10.239", "F43.10", "Z91.19", "F41.1", "I10", "99213", "99214", "G47.00",
         "F90.0", "O99.320", "F31.81", "K70.30", "F15.20"]
EPON = ["Parkinson's disease", "Crohn's disease", "Hashimoto's thyroiditis", "Apgar scores of 8 and 9",
        "Glasgow Coma Scale of 14", "a positive Babinski sign", "Cushing syndrome", "Addison disease",
        "Tourette syndrome", "Wernicke-Korsakoff syndrome", "a Beck Depression Inventory of 29", "Graves disease",
        "Bell's palsy", "Guillain-Barre syndrome", "Lewy body dementia", "Huntington disease", "Down syndrome",
        "Alzheimer's dementia", "Raynaud phenomenon", "Barrett esophagus", "Lyme disease", "Hodgkin lymphoma",
        "Korsakoff psychosis", "a Mallory-Weiss tear", "Kussmaul breathing", "Stevens-Johnson syndrome"]
DUR = ["for 3 weeks", "x 6 months", "for the past 2 years", "since 2019", "since 2021", "in 2018",
       "two weeks ago", "over the last 10 days", "for about 4 months", "three days ago", "for 18 months",
       "for several years", "since age 14", "in 2022", "since the spring", "over the past year"]
SETTINGS = ["a rural FQHC", "the emergency department", "a tribal clinic", "the VA", "our clinic",
            "an IHS facility", "a critical access hospital", "the local ED", "a small rural practice",
            "the inpatient unit", "a school-based health center", "the county jail", "a residential treatment program"]
ROLES = ["the patient", "her sister", "his wife", "the PCP", "the LCSW", "our NP", "the PA-C", "his daughter",
         "the pharmacist", "the CHW", "her mother", "the case manager"]
AGES = ["67-year-old", "45-year-old", "23-year-old", "58 yo", "34 y/o", "72-year-old", "16-year-old", "89-year-old",
        "in her 80s", "in his 50s", "aged 61", "age 38"]


class Builder:
    """Accumulates text and records identifier spans."""

    def __init__(self):
        self.parts: list[str] = []
        self.spans: list[dict] = []
        self.pos = 0

    def t(self, s: str):
        self.parts.append(s)
        self.pos += len(s)
        return self

    def id(self, s: str, kind: str):
        self.spans.append({"start": self.pos, "end": self.pos + len(s), "kind": kind})
        return self.t(s)

    def text(self):
        return "".join(self.parts)


def rand_date(r: random.Random) -> str:
    m, d, y = r.randint(1, 12), r.randint(1, 28), r.randint(2015, 2025)
    fmt = r.randrange(10)
    return [f"{m}/{d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{MONTHS[m-1]} {d}", f"{d} {MONTHS[m-1]} {y}",
            f"{r.choice(ABBR)} {d}th", f"the {d}th of {MONTHS[m-1]}", f"{MONTHS[m-1]} {d}, {y}", f"{m}/{d}/{y % 100:02d}",
            f"{MONTHS[m-1]} {y}", f"{m:02d}/{d:02d}/{y}"][fmt]


def rand_phone(r):
    a, b, c = r.randint(201, 989), r.randint(200, 999), r.randint(0, 9999)
    return r.choice([f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}", f"{b}-{c:04d}", f"+1 {a} {b} {c:04d}"])


def fill(r: random.Random, pool: dict, b: Builder, template: str):
    """Template mini-language: {first} {last} {full} {place} {county} {fac} {date} {age90} {phone} {email} {ssn}
    {mrn} {acct} {plan} {lic} {plate} {serial} {url} {ip} {zip} {addr} {state} + non-identifier fillers
    {drug} {lab} {score} {code} {epon} {dur} {setting} {role} {age} {kin}."""
    for piece in re.split(r"(\{\w+\})", template):
        if not (piece.startswith("{") and piece.endswith("}")):
            b.t(piece)
            continue
        k = piece[1:-1]
        if k == "first":
            b.id(r.choice(pool["first"]), "name")
        elif k == "last":
            b.id(r.choice(pool["last"]), "name")
        elif k == "full":
            b.id(f"{r.choice(pool['first'])} {r.choice(pool['last'])}", "name")
        elif k == "place":
            b.id(r.choice(pool["place"]), "place")
        elif k == "county":
            b.id(r.choice(pool["county"]), "place")
        elif k == "fac":
            b.id(r.choice(pool["facility"]), "facility")
        elif k == "date":
            b.id(rand_date(r), "date")
        elif k == "age90":
            n = r.randint(90, 103)
            b.id(r.choice([f"{n}-year-old", f"{n} year old", f"{n} yo"]), "age") if r.random() < 0.6 else b.t(r.choice(["age ", "aged "])).id(str(n), "age")
        elif k == "phone":
            b.id(rand_phone(r), "phone")
        elif k == "email":
            b.id(f"{r.choice(pool['first']).lower()}.{r.choice(pool['last']).lower()}{r.randint(1, 99)}@{r.choice(['gmail.com', 'yahoo.com', 'nmhealth.org', 'outlook.com'])}", "email")
        elif k == "ssn":
            b.id(f"{r.randint(100, 665)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}", "ssn")
        elif k == "mrn":
            b.id(r.choice([str(r.randint(10**6, 10**8)), f"A-{r.randint(100000, 999999)}", f"MR{r.randint(100000, 9999999)}"]), "mrn")
        elif k in ("acct", "plan", "lic", "plate", "serial"):
            b.id(r.choice([str(r.randint(10**6, 10**10)), f"{r.choice('ABCDHKMXZ')}{r.randint(10**5, 10**8)}",
                           f"{r.choice(['NM', 'XK', 'BX'])}-{r.randint(1000, 99999)}"]), "id")
        elif k == "url":
            b.id(r.choice(["https://www.", "http://", "www."]) + r.choice(["caringbridge.org/visit/", "gofundme.com/f/help-", "facebook.com/"]) + r.choice(pool["last"]).lower() + str(r.randint(1, 99)), "url")
        elif k == "ip":
            b.id(f"{r.randint(10, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "ip")
        elif k == "zip":
            b.id(str(r.randint(85001, 88439)), "zip")
        elif k == "addr":
            b.id(f"{r.randint(2, 9999)} {r.choice(pool['street'])}", "address")
        elif k == "state":
            b.t(r.choice(STATES))
        elif k == "kin":
            b.t(r.choice(KIN))
        else:
            b.t(r.choice({"drug": DRUGS, "lab": LABS, "score": SCORES, "code": CODES, "epon": EPON, "dur": DUR,
                          "setting": SETTINGS, "role": ROLES, "age": AGES}[k]))


POS_TEMPLATES = [
    ("narrative", "Mr. {last} is a {age} man from {place} with OUD on {drug}. {lab}, {score}. Seen at {fac} on {date}."),
    ("narrative", "Mrs. {last} is a {age90} woman with {epon}; her {kin} {first} manages her meds ({drug}). {lab}."),
    ("narrative", "{full} presented to {setting} {dur} with SI. {score}. Dx {code}. Follow-up call at {phone}."),
    ("narrative", "Pt lives at {addr}, {place}, {state} {zip} with her {kin}, {first}. {lab}; {score}."),
    ("narrative", "Patient {first} {last}, MRN {mrn}, admitted {date} for alcohol withdrawal, {score}, {lab}."),
    ("narrative", "She was transferred from {fac} to {fac} on {date}. Daughter {first} requests updates by email {email}."),
    ("narrative", "{age} with {epon} living in {county}. Started {drug} {dur}. Her {kin} {first} drives her 90 miles to clinic."),
    ("narrative", "Dr. {last} at {fac} started {drug} on {date}; {lab}, {lab}. Pharmacy fax {phone}."),
    ("narrative", "History obtained from {first} ({kin}). Patient moved to {place} {dur}. {score}. {code}."),
    ("narrative", "DOB {date}. SSN {ssn}. Medicaid ID {plan}. Lives near {place}, {state}."),
    ("narrative", "The {age90} patient was found by her neighbor {full} and taken to {fac}. {lab}."),
    ("narrative", "Mr. {last}'s {kin} reports he drinks a fifth daily {dur}. {score}; {lab}; {drug} was started."),
    ("narrative", "Seen in {place} clinic {date}; wife {first} present. Vehicle plate {plate} noted in police report."),
    ("narrative", "Insulin pump serial number {serial} malfunctioned on {date}; {lab}. Contact {full} at {phone}."),
    ("question", "Should we taper {drug} for Ms. {last}, who is {age90} and lives alone in {place}? {lab}."),
    ("question", "How would the panel handle {first}'s {epon} given {score} and {lab}? Her {kin} {first} is worried."),
    ("question", "Is {drug} safe at {lab} for the patient seen at {fac} last week, account {acct}?"),
    ("question", "Can we bridge with {drug} until her appointment on {date} at {fac}? {score}."),
    ("question", "What would you do for a patient from {county} with {epon} and {lab}? Contact me at {email} or {phone}."),
    ("question", "Nurse {last} asks whether {drug} interacts with her other meds. {code}, {lab}."),
    ("question", "Her son {first} found this online at {url} - is it legit? {score}."),
    ("question", "Any advice on {drug} for a {age} whose caregiver {full} calls daily from {place}?"),
    ("recommendation", "Recommend increasing {drug}; recheck {lab} by {date}. Coordinate with Dr. {last} at {fac}."),
    ("recommendation", "Consider {drug}. Please have {first} ({kin}) call the crisis line. Recheck {score} {dur}."),
    ("recommendation", "Refer to {fac} in {place}; fax records to {phone}. Continue {drug}."),
    ("recommendation", "Obtain records from {fac} (MRN {mrn}) and repeat {lab}. Discuss with {full}."),
    ("summary", "Case presented by Dr. {last} ({setting}): {age90} with {epon}, {lab}. Panel advised {drug}."),
    ("summary", "Summary for {full}: {score}, {lab}; follow up {date}. Portal login from IP {ip} flagged."),
    ("summary", "Presenter {full} from {place}, {state} discussed a patient with {epon}. Next session {date}."),
    ("summary", "Patient's husband {first} and sister {first} attended. Driver's license {lic} on file. {score}."),
]

NEG_TEMPLATES = [
    ("narrative", "{age} with {epon} and OUD on {drug} {dur}. {lab}, {lab}, {score}. Dx {code}."),
    ("narrative", "HPI: {age} presents to {setting} with worsening mood {dur}. {score}; {lab}. PMH: {epon}."),
    ("narrative", "Patient reports 2/10 pain and 5/5 strength throughout. {lab}; takes 1/2 tablet of {drug} at 3 pm."),
    ("narrative", "Mother is the primary caregiver. {score}. {lab}. Started {drug} {dur}; CPT {code}."),
    ("narrative", "Assessment: {epon}, {code}. Plan: continue {drug}, repeat {lab} in 4 weeks, CBT with the LCSW."),
    ("narrative", "PMH: HTN, T2DM ({code}), {epon}. Meds: {drug}, {drug}. Vitals: {lab}, {lab}."),
    ("narrative", "{age} veteran followed by the VA {dur}; {score}; {lab}. SI/HI denied. MAT with {drug}."),
    ("question", "Would the panel switch {drug} to {drug} given {lab} and {score}?"),
    ("question", "May consider {drug} - is {lab} a contraindication in {epon}?"),
    ("question", "How long should we continue {drug} after {score} improved {dur}?"),
    ("question", "What is the best approach for {role} who has {epon} and {lab}? PCP is an NP at {setting}."),
    ("question", "Is there a role for DBT or ACT here? {score}, {score}, {code}."),
    ("recommendation", "Recommend titrating {drug} by 25 mg every 2 weeks; check {lab} at 6 weeks. Screen with {score}."),
    ("recommendation", "Continue {drug}; hold if {lab}. Consider {epon} workup. Follow up {dur} with {role}."),
    ("recommendation", "Panel suggests MAT with {drug}, naloxone kit, and CBT. Revisit at next session in 2 weeks."),
    ("summary", "Summary: {age} with {epon}; {score}; {lab}. Recommendations: {drug}, repeat labs, PCP follow-up."),
    ("summary", "Key points: {code}, {lab}, {score}. Since 2020 on {drug}; adherence 6/7 days."),
]


def generate(split: str, n_pos: int, n_neg: int, seed: int):
    r = random.Random(seed)
    pool = POOLS[split]
    out = []
    for i in range(n_pos):
        genre, tpl = POS_TEMPLATES[i % len(POS_TEMPLATES)] if i < len(POS_TEMPLATES) else r.choice(POS_TEMPLATES)
        b = Builder()
        fill(r, pool, b, tpl)
        out.append({"id": f"{split}-pos-{i:03d}", "split": split, "genre": genre, "text": b.text(), "spans": b.spans})
    for i in range(n_neg):
        genre, tpl = r.choice(NEG_TEMPLATES)
        b = Builder()
        fill(r, pool, b, tpl)
        out.append({"id": f"{split}-neg-{i:03d}", "split": split, "genre": genre, "text": b.text(), "spans": b.spans})
    return out


def hand_written():
    out = []
    for k, line in enumerate((HERE / "hand_written.jsonl").read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        d = json.loads(line)
        text, spans, cursor = d["text"], [], 0
        for sub, kind in d.get("ids", []):  # listed in text order
            start = text.find(sub, cursor)
            assert start >= 0, (d["text"], sub)
            cursor = start + len(sub)
            spans.append({"start": start, "end": start + len(sub), "kind": kind})
        out.append({"id": f"hand-{k:03d}", "split": "held", "genre": d["genre"], "text": text,
                    "spans": sorted(spans, key=lambda s: s["start"])})
    return out


def main():
    rows = generate("dev", 110, 90, 7) + generate("held", 70, 50, 11) + hand_written()
    for row in rows:
        for s in row["spans"]:
            assert row["text"][s["start"]:s["end"]].strip() == row["text"][s["start"]:s["end"]]
    with open(HERE / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    neg = sum(1 for r in rows if not r["spans"])
    print(f"{len(rows)} texts, {neg} identifier-free ({neg / len(rows):.0%})")


if __name__ == "__main__":
    main()

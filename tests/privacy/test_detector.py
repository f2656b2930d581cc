"""Tests for the privacy guard (HIPAA Safe Harbor identifier check)."""
from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import pytest

from echo.privacy import Finding, fingerprint, scan

CORPUS = Path(__file__).resolve().parents[1] / "data" / "privacy" / "corpus.jsonl"


def kinds_and_texts(text):
    return [(f.kind, f.text) for f in scan(text)]


# ------------------------------------------------------------------ each kind, with offsets
POSITIVE = [
    ("Mr. Jones was seen today.", "name", "Mr. Jones"),
    ("Consulted Dr. Patel about the dose.", "name", "Dr. Patel"),
    ("John Smith called the clinic.", "name", "John Smith"),
    ("Lives with her husband Robert and two dogs.", "name", "Robert"),
    ("History from Maria (sister) who visits weekly.", "name", "Maria"),
    ("Her son Jake drives her to appointments.", "name", "Jake"),
    ("Patient is followed by his wife, Linda, at home.", "name", "Linda"),
    ("Presented by Nurse Tsinajinnie from the clinic.", "name", "Nurse Tsinajinnie"),
    ("She was accompanied by José García.", "name", "José García"),
    ("Lives at 1423 Camino Real Rd with her mother.", "address", "1423 Camino Real Rd"),
    ("Mail goes to PO Box 512 for now.", "address", "PO Box 512"),
    ("She lives in Farmington with her sister.", "place", "Farmington"),
    ("He drove in from Gallup this morning.", "place", "Gallup"),
    ("Resident of Bernalillo County since childhood.", "place", "Bernalillo County"),
    ("Moved to Española after the fire.", "place", "Española"),
    ("Family lives in Tohatchi, NM and visits often.", "place", "Tohatchi"),
    ("Address ends with NM 87301 per intake.", "zip", "87301"),
    ("Transferred to St. Vincent's Hospital overnight.", "facility", "St. Vincent's Hospital"),
    ("Delivered at Presbyterian Española Hospital last year.", "facility", "Presbyterian Española Hospital"),
    ("Seen at Gallup Indian Medical Center for chest pain.", "facility", "Gallup Indian Medical Center"),
    ("Followed at First Choice Community Healthcare clinic.", "facility", "First Choice Community Healthcare clinic"),
    ("Admitted 3/14/2024 with DKA.", "date", "3/14/2024"),
    ("Labs drawn 2024-03-14 were normal.", "date", "2024-03-14"),
    ("Seen on March 14 for follow-up.", "date", "March 14"),
    ("Discharged 14 March 2024 to home.", "date", "14 March 2024"),
    ("Next visit Mar 14th at the clinic.", "date", "Mar 14th"),
    ("Fell on the 14th of March while walking.", "date", "the 14th of March"),
    ("Seen last Tuesday 3/4 after a fall.", "date", "3/4"),
    ("Appointment on May 3 confirmed.", "date", "May 3"),
    ("A 92-year-old woman with CHF.", "age", "92-year-old"),
    ("Patient, age 95, lives alone.", "age", "95"),
    ("A man aged 91 with delirium.", "age", "91"),
    ("Call the family at (505) 555-0143 after 5.", "phone", "(505) 555-0143"),
    ("Fax records to 505-555-0199 please.", "phone", "505-555-0199"),
    ("E-mail jdoe@example.org with questions.", "email", "jdoe@example.org"),
    ("SSN 123-45-6789 was on the form.", "ssn", "123-45-6789"),
    ("MRN 12345678 at the hospital.", "mrn", "12345678"),
    ("Chart shows MRN: A-123456 for the visit.", "mrn", "A-123456"),
    ("Medicaid ID 900112233 is active.", "id", "900112233"),
    ("Plate # 7KLR221 recorded by security.", "id", "7KLR221"),
    ("Pump serial number SN-44821907 failed.", "id", "SN-44821907"),
    ("See https://www.gofundme.com/f/help-ann for details.", "url", "https://www.gofundme.com/f/help-ann"),
    ("Login from 192.168.10.24 was flagged.", "ip", "192.168.10.24"),
    # international addresses, postcodes and phone formats
    ("Lives at Flat 3, 12 King Street, Leeds LS1 4AB.", "address", "Flat 3"),
    ("Lives at Flat 3, 12 King Street, Leeds LS1 4AB.", "zip", "LS1 4AB"),
    ("Lives at Flat 3, 12 King Street, Leeds LS1 4AB.", "place", "Leeds"),
    ("Daughter in Toronto, ON M5V 2T6 calls weekly.", "zip", "M5V 2T6"),
    ("Family moved from Calle Mayor 5, Madrid last year.", "address", "Calle Mayor 5"),
    ("Family moved from Calle Mayor 5, Madrid last year.", "place", "Madrid"),
    ("Her uncle lives at Hauptstrasse 12 in Bern.", "address", "Hauptstrasse 12"),
    ("Send to 45 Rue Victor Hugo, 69002 Lyon, France.", "zip", "69002"),
    ("Mail: PO Box 4471, Window Rock, AZ 86515.", "place", "Window Rock"),
    ("Records to Apt. 902 at the same building.", "address", "Apt. 902"),
    ("Ward line +44 20 7946 0958 for the sister.", "phone", "+44 20 7946 0958"),
    ("Call 505-555-0182 x 2231 after 5.", "phone", "505-555-0182 x 2231"),
    # names and places from cues rather than word lists
    ("my name is tomasz wierzbicki and my mom has dementia", "name", "tomasz wierzbicki"),
    ("please follow up with emidio p lombardo next week", "name", "emidio p lombardo"),
    ("Her maiden name is Key, per the chart.", "name", "Key"),
    ("Founders were Okafor, Reed and Lund.", "name", "Reed"),
    ("She grew up in KAYENTA and moved away.", "place", "KAYENTA"),
    ("He lives in Ghent, Belgium with his partner.", "place", "Ghent"),
    ("They returned to Mill Village by car.", "place", "Mill Village"),
]


@pytest.mark.parametrize("text,kind,expected", POSITIVE, ids=[p[2] for p in POSITIVE])
def test_identifier_detected_with_offsets(text, kind, expected):
    findings = scan(text)
    start = text.index(expected)
    match = [f for f in findings if f.kind == kind and f.start == start and f.end == start + len(expected)]
    assert match, f"expected {kind} {expected!r}, got {kinds_and_texts(text)}"
    f = match[0]
    assert text[f.start:f.end] == f.text == expected
    assert f.label and f.hint


# ------------------------------------------------------------------ clinical hard negatives
NEGATIVE = [
    "BP 142/90, HR 88, RR 16, SpO2 97% on room air.",
    "A1c 7.2%, eGFR 45, TSH 2.1, Cr 1.3 mg/dL, LDL 162.",
    "Take 1/2 tablet of sertraline 50 mg daily; 10 mg of buspirone BID.",
    "Reports 2/10 pain; 5/5 strength in all extremities.",
    "On buprenorphine 16 mg, switched from Suboxone; naltrexone and Lamictal considered.",
    "History of Parkinson's disease, Crohn's disease and Hashimoto's thyroiditis.",
    "Apgar 8 and 9; Glasgow Coma Scale 14; Babinski sign absent.",
    "Workup for Cushing syndrome and Addison disease; Tourette syndrome as a child.",
    "Wernicke-Korsakoff syndrome suspected; Beck Depression Inventory of 31.",
    "A 67-year-old woman in her 80s? No: a 67-year-old in good health.",
    "Her mother is in her 80s and lives nearby.",
    "Diagnosed in 2019 and sober since 2021.",
    "Symptoms for 3 weeks, depressed x 6 months, two weeks ago worse.",
    "PHQ-9 of 18, GAD-7 14, AUDIT-C 7, COWS 12, MoCA 24/30.",
    "Codes F32.1 and E11.9; billed 99213.",
    "Takes the dose at 3 pm with food.",
    "Seen at a rural FQHC, then the emergency department, then a tribal clinic, now the VA.",
    "Patient states she is tired. Mother agrees. Provider reviewed meds.",
    "May consider increasing the dose if tolerated.",
    "HPI: 45 yo with OUD and AUD on MAT; SI/HI denied. PMH: HTN.",
    "Plan: CBT and DBT with the LCSW; PCP is an NP; PA-C covers Fridays.",
    "Assessment and Plan\nChief Complaint: anxiety\nPast Medical History: asthma",
    "ED visit for chest pain; troponin negative x2; ECG NSR.",
    "Lithium 600 mg, level 0.9; QTc 452 ms; weight 88 kg.",
    "Started Vivitrol 380 mg IM monthly and Sublocade 300 mg.",
    "Score went from 24/30 to 27/30 over 6 months.",
    "Ratio 3:1 and fraction 2/3 of doses taken.",
    "She is 89 years old and independent.",
    # look-alikes of the international address/postcode/name rules
    "Flat affect, poor eye contact; PHQ-9 of 22.",
    "Place 2 drops in each eye twice daily.",
    "Unit dose packaging; 30 units insulin glargine.",
    "Apt to forget doses; Suite of labs ordered.",
    "I'm worried; she's Korean and speaks Nahuatl and Spanish.",
    "Took 2 Tylenol 500 mg and 1 Norco 5/325.",
    "Seen in 2021 in Mexico; A1c 9.4 to 8.1 over 2 quarters.",
    "Score 24 MoCA 26 after 6 months; QTc 452 ms.",
    "Moved to New Zealand, then South Africa; now back in the US.",
    "pt is a 45 yo with oud on suboxone 16 mg, uds positive for fentanyl.",
    "pt c/o sob and doe x 2 wks, bnp 1200, cxr w/ b/l effusions, started lasix 40 iv bid",
    "tachy brady syndrome s/p ppm, afib on eliquis, echo ef 35%",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_clinical_text_not_flagged(text):
    assert scan(text) == [], kinds_and_texts(text)


# ------------------------------------------------------------------ structure and API
MIXED = ("Mr. Jones, a 92-year-old from Gallup, was seen at Gallup Indian Medical Center on 3/14/2024 "
         "(MRN 12345678). His daughter Maria can be reached at 505-555-0143 or maria.j@example.com. "
         "BP 142/90, A1c 7.2%, on sertraline 50 mg.")


def test_findings_sorted_non_overlapping_and_exact():
    findings = scan(MIXED)
    assert len(findings) >= 8
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start
    for f in findings:
        assert MIXED[f.start:f.end] == f.text
        assert f.kind in {"name", "address", "place", "zip", "facility", "date", "age", "phone", "email",
                          "ssn", "mrn", "id", "url", "ip"}


def test_finding_is_frozen_dataclass():
    f = scan("Mr. Jones")[0]
    assert isinstance(f, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 3  # type: ignore[misc]


def test_fingerprint_stable_under_surrounding_edits():
    a = {fingerprint(f) for f in scan("Seen with her husband Robert on 3/14/2024.")}
    b = {fingerprint(f) for f in scan("Today, after a long drive, she was seen with her husband Robert on 3/14/2024 again.")}
    assert "name:robert" in a
    assert a <= b


def test_fingerprint_normalises_case_space_and_possessive():
    f1 = scan("Dr. Patel saw her.")[0]
    f2 = Finding(0, 9, "name", "DR.  PATEL", "Person name", "")
    assert fingerprint(f1) == fingerprint(f2) == "name:dr. patel"
    p1 = next(f for f in scan("Call 505-555-0143 now") if f.kind == "phone")
    p2 = next(f for f in scan("Call (505) 555 0143 now") if f.kind == "phone")
    assert fingerprint(p1) == fingerprint(p2)


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", None])
def test_empty_and_whitespace(text):
    assert scan(text) == []


def test_unicode_names_and_places():
    found = kinds_and_texts("Su hija, Rocío, trajo a José García desde Española; vive en Peñasco con Zoë.")
    texts = {t for _, t in found}
    assert "José García" in texts
    assert "Española" in texts
    assert "Peñasco" in texts


def test_very_long_text():
    text = ("BP 142/90, A1c 7.2%, PHQ-9 of 18 on sertraline 50 mg for 3 weeks. " * 800) + "Call Mr. Jones at 505-555-0143."
    findings = scan(text)
    assert [f.kind for f in findings] == ["name", "phone"]
    assert findings[-1].end == len(text) - 1


# ------------------------------------------------------------------ corpus-level correctness goals
def _corpus():
    return [json.loads(row) for row in CORPUS.read_text(encoding="utf-8").splitlines() if row.strip()]


def test_corpus_shape():
    rows = _corpus()
    assert len(rows) >= 300
    assert sum(1 for r in rows if not r["spans"]) / len(rows) >= 0.40
    for r in rows:
        for s in r["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(r["text"])


def test_corpus_recall_and_flag_rate():
    """Goal: recall >= 0.98 on identifier spans (overlap match), <= 20% of identifier-free texts flagged."""
    found = total = flagged = negatives = 0
    for r in _corpus():
        pred = [(f.start, f.end) for f in scan(r["text"])]
        for s in r["spans"]:
            total += 1
            found += any(ps < s["end"] and pe > s["start"] for ps, pe in pred)
        if not r["spans"]:
            negatives += 1
            flagged += bool(pred)
    assert found / total >= 0.98, f"recall {found}/{total}"
    assert flagged / negatives <= 0.20, f"flag rate {flagged}/{negatives}"

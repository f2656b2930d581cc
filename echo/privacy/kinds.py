"""Identifier kinds the guard reports, with the label and the hint an author sees."""
from __future__ import annotations

KINDS = ("name", "address", "place", "zip", "facility", "date", "age", "phone", "email", "ssn", "mrn",
         "id", "url", "ip")
LABELS = {
    "name": "Person name", "address": "Street address", "place": "Place name (below state level)",
    "zip": "ZIP or postal code", "facility": "Hospital or clinic name", "date": "Date (more specific than a year)",
    "age": "Age over 89", "phone": "Phone or fax number", "email": "E-mail address",
    "ssn": "Social Security number", "mrn": "Medical record number", "id": "Identifying number",
    "url": "Web address", "ip": "IP address",
}
HINTS = {
    "name": "Replace with a role such as 'the patient', 'her sister' or 'the PCP'.",
    "address": "Remove the address; say 'lives in a rural area' or give the state only.",
    "place": "Name the state or region type instead, e.g. 'a small town in NM' or 'a rural county'.",
    "zip": "Remove the ZIP/postal code; the state or country is enough.",
    "facility": "Use a generic setting such as 'a rural hospital' or 'the local clinic'.",
    "date": "Use the year only or a relative time such as 'three weeks ago'.",
    "age": "Ages over 89 must be reported as '90 or older'.",
    "phone": "Remove the phone/fax number.",
    "email": "Remove the e-mail address.",
    "ssn": "Remove the Social Security number.",
    "mrn": "Remove the medical record number.",
    "id": "Remove the identifying number (account, plan, licence, device, vehicle...).",
    "url": "Remove the web address.",
    "ip": "Remove the IP address.",
}

# priority when two candidates overlap with equal length (higher wins)
PRIO = {"email": 9, "url": 9, "ip": 9, "ssn": 8, "mrn": 8, "id": 7, "phone": 6, "date": 7.5, "age": 6,
        "address": 5, "zip": 5, "facility": 4, "place": 3, "name": 2}

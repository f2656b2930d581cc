"""Identifier kinds the guard reports, with the label and the hint an author sees.

Labels and hints are English here (they are the message ids); echo.privacy.scan gives them in
the request's language. N_ only marks a string for the privacy catalogue (Babel's keyword).
"""
from __future__ import annotations


def N_(text: str) -> str:
    """Marks text for translation without translating it (translated where it is shown)."""
    return text


KINDS = ("name", "address", "place", "zip", "facility", "date", "age", "phone", "email", "ssn", "mrn",
         "id", "url", "ip")
LABELS = {
    "name": N_("Person name"), "address": N_("Street address"), "place": N_("Place name (below state level)"),
    "zip": N_("ZIP or postal code"), "facility": N_("Hospital or clinic name"), "date": N_("Date (more specific than a year)"),
    "age": N_("Age over 89"), "phone": N_("Phone or fax number"), "email": N_("E-mail address"),
    "ssn": N_("Social Security number"), "mrn": N_("Medical record number"), "id": N_("Identifying number"),
    "url": N_("Web address"), "ip": N_("IP address"),
}
HINTS = {
    "name": N_("Replace with a role such as 'the patient', 'her sister' or 'the PCP'."),
    "address": N_("Remove the address; say 'lives in a rural area' or give the state only."),
    "place": N_("Name the state or region type instead, e.g. 'a small town in NM' or 'a rural county'."),
    "zip": N_("Remove the ZIP/postal code; the state or country is enough."),
    "facility": N_("Use a generic setting such as 'a rural hospital' or 'the local clinic'."),
    "date": N_("Use the year only or a relative time such as 'three weeks ago'."),
    "age": N_("Ages over 89 must be reported as '90 or older'."),
    "phone": N_("Remove the phone/fax number."),
    "email": N_("Remove the e-mail address."),
    "ssn": N_("Remove the Social Security number."),
    "mrn": N_("Remove the medical record number."),
    "id": N_("Remove the identifying number (account, plan, licence, device, vehicle...)."),
    "url": N_("Remove the web address."),
    "ip": N_("Remove the IP address."),
}

# Each kind in one word or two, lower case, where a dismissal names the kind it covers
# ("name in Narrative: ..."); English keeps the kind's own code.
KIND_NAMES = {
    "name": N_("name"), "address": N_("address"), "place": N_("place"), "zip": N_("zip"), "facility": N_("facility"),
    "date": N_("date"), "age": N_("age"), "phone": N_("phone"), "email": N_("email"), "ssn": N_("ssn"), "mrn": N_("mrn"),
    "id": N_("id"), "url": N_("url"), "ip": N_("ip"),
}

# Labels the recognizers report for some findings instead of their kind's label.
RULE_LABELS = (
    N_("Account number"), N_("Health plan number"), N_("Licence or certificate number"),
    N_("Device or serial number"), N_("Vehicle or plate number"), N_("Identifying number"),
    N_("Bank account (IBAN)"), N_("Card or account number"), N_("Medical record number"),
    N_("National identity or social security number"), N_("National identity number (NIE)"),
    N_("National identity number (DNI/NIF)"), N_("National identity number (CURP)"), N_("Tax number (RFC)"),
    N_("National identity number (RUT)"), N_("Social security number (NIR)"), N_("Employer or school name"),
)

# priority when two candidates overlap with equal length (higher wins)
PRIO = {"email": 9, "url": 9, "ip": 9, "ssn": 8, "mrn": 8, "id": 7, "phone": 6, "date": 7.5, "age": 6,
        "address": 5, "zip": 5, "facility": 4, "place": 3, "name": 2}

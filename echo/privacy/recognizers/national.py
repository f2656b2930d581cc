"""Spanish- and French-speaking countries' identifiers: national identity and social security
numbers (DNI, NIF, NIE, CURP, RFC, RUT, cédula, NIR / carte Vitale, CNI, RAMQ), record numbers
behind Spanish and French labels (historia clínica, expediente, dossier, IPP), and vehicle plates.

A labelled value is found whatever its shape (the label is the evidence); without a label only
shapes too specific to be anything else are (a NIE, a CURP, a RUT with its check digit, a NIR).
"""
from __future__ import annotations

import re

from echo.privacy.words import ORDINARY

from echo.privacy.rules import FILTERS, Cue, add_rule, digit_trigger


def _elided(words: str) -> str:
    """Cue words as a French text writes them after "de" or "le": "d'adhérent", "l'immatriculation"."""
    return words + " " + " ".join(p + w for w in words.split() if w[0] in "aeiouéèêâîôûh" for p in ("d'", "l'", "d’", "l’"))

# labels, longest first where one is the start of another
_NATIONAL = (r"DNI|D\.N\.I\.?|NIF|NIE|N\.I\.E\.?|CURP|RFC|RUT|RUN|CUIL|CUIT|DPI|CUI|"
             r"c[ée]dula(?:\s+de\s+(?:identidad|ciudadan[íi]a))?|C\.C\.?|CC|C\.I\.?|"
             r"NSS|NUSS|n[úu]mero\s+de\s+seguridad\s+social|seguro\s+social|afiliaci[óo]n|n[úu]mero\s+de\s+afiliaci[óo]n|"
             r"NIR|INSEE|num[ée]ro\s+de\s+s[ée]curit[ée]\s+sociale|n[°º]\s*(?:de\s+)?s[ée]cu(?:rit[ée]\s+sociale)?|"
             r"s[ée]cu(?:rit[ée]\s+sociale)?|carte\s+vitale|CNI|carte\s+(?:nationale\s+)?d'identit[ée]|NIU|NINA|RAMQ|"
             r"passeport|pasaporte|permis\s+de\s+conduire|licencia\s+de\s+conducir")
_RECORD = (r"historia\s+cl[íi]nica|H\.?C\.?|n[úu]mero\s+de\s+historia|historia|expediente|ficha|registro|"
           r"dossier(?:\s+m[ée]dical)?|IPP|NDA|NIP|num[ée]ro\s+de\s+dossier|n[úu]mero\s+de\s+paciente|carnet")
_PLATE = (r"(?:(?:license\s+|licence\s+)?plate|placa|patente|chapa|matr[íi]cula|immatriculation|immatricul[ée]e?|plaque(?:\s+d'immatriculation)?)"
          r"(?:\s+(?:del|de\s+su|du|de\s+son|de\s+sa)\s+(?:veh[íi]culo|auto|carro|coche|moto|camioneta|v[ée]hicule|voiture))?")
_NUM = r"(?i:\s+(?:n\.?\s?[º°o]\.?|n[úu]m\.?|n[úu]mero|num[ée]ro|no\.?|#))?\s*(?:es|est|:|#|=)?\s*:?\s*"
# a value: letters and digits in groups, at least two digits in all
_VALUE = r"((?=[A-Z0-9.\- ]*\d[A-Z0-9.\- ]*\d)[A-Z0-9]+(?:[.\- ][A-Z0-9]+\b)*)"

# cue words (lower case, as the rule engine splits words): the label rules run only when one occurs
_GATE = Cue(_elided("""dni d.n.i nif nie n.i.e curp rfc rut run cuil cuit dpi cui cédula cedula c.c cc c.i ci nss nuss seguridad
seguro afiliación afiliacion nir insee sécu secu sécurité securite vitale cni identité identite identidad niu nina ramq
passeport pasaporte permis licencia"""), r"dni|d\.n|nif|nie|n\.i|curp|rfc|rut|run|cui|dpi|c[ée]dula|c\.c|cc|c\.i|ci|nss|nuss|"
             r"segur|afilia|nir|insee|s[ée]cu|vitale|cni|identi|niu|nina|ramq|passeport|pasaporte|permis|licencia")
_RECORD_GATE = Cue(_elided("historia h.c hc expediente ficha registro dossier ipp nda nip paciente carnet"),
                   r"historia|h\.?c|expediente|ficha|registro|dossier|ipp|nda|nip|paciente|carnet")
_PLATE_GATE = Cue(_elided("plate placa patente chapa matrícula matricula immatriculation immatriculé immatriculée plaque"),
                  r"plate|placa|patente|chapa|matr[íi]cula|immatricul|plaque")

add_rule("id", rf"(?i:\b(?:{_NATIONAL})){_NUM}{_VALUE}", 0, 1, "National identity or social security number", need=_GATE, win=(0, 60))
add_rule("mrn", rf"(?i:\b(?:{_RECORD})){_NUM}{_VALUE}", 0, 1, "Medical record number", need=_RECORD_GATE, win=(0, 50))
# identity documents may be letters only: "CNI AZZZBHTXJNWS", "pasaporte XKDTRWQP"
add_rule("id", rf"(?i:\b(?:{_NATIONAL})){_NUM}([A-Z][A-Z0-9]{{7,}})\b", 0, 1, "_letters_id", need=_GATE, win=(0, 60))


def _letters_id(text, s, e, val, add):
    return None if val.lower() in ORDINARY else "National identity or social security number"


FILTERS["_letters_id"] = _letters_id
# plates: any letters and digits after the label, at least one digit
add_rule("id", rf"(?i:\b(?:{_PLATE})){_NUM}((?=[A-Z0-9\- ]*\d)[A-Z0-9]+(?:[\- ][A-Z0-9]+\b)*)", 0, 1, "Vehicle or plate number",
         need=_PLATE_GATE, win=(0, 70))

# shapes without a label
_D = digit_trigger(r"\d{6}")
add_rule("id", r"\b[XYZ][- ]?\d{7}[- ]?[A-Z]\b", 0, 0, "National identity number (NIE)", need=digit_trigger(r"[XYZ][- ]?\d{7}"), win=(2, 4))
add_rule("id", r"\b\d{8}[- ]?[A-HJ-NP-TV-Z]\b", 0, 0, "National identity number (DNI/NIF)", need=digit_trigger(r"\d{8}"), win=(2, 3))
add_rule("id", r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b", 0, 0, "National identity number (CURP)", need=_D, win=(5, 12))
add_rule("id", r"\b[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}\b", 0, 0, "Tax number (RFC)", need=_D, win=(5, 4))
add_rule("id", r"(?<![\d.])\d{1,2}\.\d{3}\.\d{3}-[\dkK]\b", 0, 0, "National identity number (RUT)", need=digit_trigger(r"\d\.\d{3}\.\d{3}-"), win=(3, 2))
add_rule("id", r"(?<![\d ])[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?(?![\d])",
         0, 0, "Social security number (NIR)", need=digit_trigger(r"[12][ .]?\d{2}[ .]?\d{2}[ .]?(?:\d{2}|2[AB])[ .]?\d{3}"), win=(2, 14))
# plates by shape: France (AB-123-CD), Spain (1234 BCD), Mexico (ABC-12-34)
add_rule("id", r"\b[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}\b", 0, 0, "Vehicle or plate number", need=digit_trigger(r"-\d{3}-"), win=(3, 3))
add_rule("id", r"\b\d{4}[ -]?[BCDFGHJKLMNPRSTVWXYZ]{3}\b", 0, 0, "Vehicle or plate number", need=digit_trigger(r"\d{4}[ -]?[B-Z]{3}"), win=(0, 4))
add_rule("id", r"\b[A-Z]{3}-\d{2}-\d{2}\b", 0, 0, "Vehicle or plate number", need=re.compile(r"-\d{2}-\d{2}"), win=(4, 0))

# health-plan, device and licence numbers behind Spanish and French labels (English ones are in numbers.py):
# "número de afiliado 44710293", "n° d'adhérent 8847102", "número de serie del marcapasos: RZK4471023",
# "numéro de série du stimulateur : SN44710XB", "licencia médica 44710", "n° RPPS 10101234567"
_PLAN = (r"afiliad[oa]|p[óo]liza|asegurad[oa]|beneficiari[oa]|miembro|socio|adh[ée]rente?|mutuelle|contrat|"
         r"b[ée]n[ée]ficiaire|membre|assur[ée]e?|assurance|seguro(?:\s+m[ée]dico)?|aseguradora|obra\s+social|"
         r"tarjeta\s+sanitaria|carte\s+(?:de\s+)?mutuelle|tiers\s+payant")
_SERIAL = r"serie|s[ée]rie|S/N|SN|n[úu]mero\s+de\s+lote"
_LICENCE = (r"licencia(?:\s+(?:de\s+conducir|m[ée]dica|profesional|sanitaria))?|licence|permis(?:\s+de\s+conduire)?|"
            r"permiso\s+de\s+conducir|brevet\s+de\s+conducir|"
            r"matr[íi]cula\s+profesional|c[ée]dula\s+profesional|colegiad[oa]|RPPS|ADELI|FINESS")
# what the number belongs to: "del marcapasos", "de la bomba", "du stimulateur", "de su seguro"
_OF_WHAT = r"(?:\s+(?:del|de\s+la|de\s+su|de\s+l['’]|du|de\s+son|de\s+sa|de)\s*[^\W\d_][\w'’-]*)?"
# three digits or more, five characters or more, not a year alone ("contrat 2019")
_CODE = r"((?!(?:19|20)\d\d\b)(?=[A-Z0-9-]*\d[A-Z0-9-]*\d[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,}[A-Z0-9])\b"
_LABELLED_GATE = Cue(_elided("""afiliado afiliada póliza poliza asegurado asegurada beneficiario beneficiaria miembro socio adhérent
adherent adhérente d'adhérent d’adhérent mutuelle contrat bénéficiaire beneficiaire membre assuré assure assurée assurance seguro aseguradora obra
sanitaria permiso brevet serie série s/n sn lote l'assurance l’assurance licencia licence permis matrícula matricula cédula cedula colegiado colegiada rpps adeli
finess identificación identificacion identification identifiant documento"""), r"afilia|p[óo]liza|asegura|beneficiari|miembro|socio|adh[ée]rent|mutuelle|contrat|b[ée]n[ée]ficiaire|membre|"
             r"assur|seguro|obra social|sanitaria|s[ée]rie|s/n|\bsn|lote|licen|permis|matr[íi]cula|c[ée]dula|colegiad|"
             r"rpps|adeli|finess|identifica|identifiant|documento|permiso|brevet")
_IDENT = r"identificaci[óo]n|identification|identifiant|documento(?:\s+de\s+identidad)?"
for _label, _what in ((_PLAN, "Health plan number"), (_SERIAL, "Device or serial number"),
                      (_LICENCE, "Licence or certificate number"), (_IDENT, "Identifying number")):
    add_rule("id", rf"(?i:\b(?:{_label})){_OF_WHAT}{_NUM}{_CODE}", 0, 1, _what, need=_LABELLED_GATE, win=(0, 70))

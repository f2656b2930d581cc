"""Dates more specific than a year, and ages over 89."""
from __future__ import annotations

import re

from echo.privacy.rules import FILTERS, I, Cue, Low, add_rule

_MONTH_GATE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC")
_AGE_GATE = Low(r"9\d|1[01]\d|12[0-5]|ninety|hundred|genarian")

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
MON = rf"(?:{_MONTH_FULL}|{_MONTH_FULL.upper()}|(?:{_MONTH_ABBR}|{_MONTH_ABBR.upper()})\.?)"
WDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
ORD = r"(?:st|nd|rd|th)"
NOT_UNIT = r"(?!\s*(?:mg|mcg|ml|mL|g|kg|%|units?|tabs?|pills?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|mmHg|/)\b)"


# --- dates ------------------------------------------------------------------------------------------
add_rule("date", rf"\b(?:{WDAY},?\s+)?{MON}\s+\d{{1,2}}{ORD}?\b(?:,?\s+(?:\d{{4}}|'\d\d)\b)?{NOT_UNIT}", need=_MONTH_GATE, win=(45, 45))
add_rule("date", rf"\b(?:(?:the\s+)?\d{{1,2}}{ORD}?\s+(?:of\s+)?){MON}(?!\w)(?:,?\s+\d{{4}}\b)?", 0, need=_MONTH_GATE, win=(45, 45))
add_rule("date", rf"\b(?:{WDAY},?\s+)?(?:the\s+)?\d{{1,2}}{ORD}\b", 0, 0, "_ordinal", need=re.compile(r"\d(?:st|nd|rd|th)\b"), win=(30, 12))
add_rule("date", rf"\b{MON},?\s+(?:of\s+)?\d{{4}}\b", need=_MONTH_GATE, win=(45, 45))
add_rule("date", rf"\b(?:in|since|during|until|till|through|by|early|late|mid|last|next|this|around|before|after|from|of|on)\s+((?:{_MONTH_FULL}|{_MONTH_ABBR}\.))(?![\w-])", 0, 1, "_bare_month", need=_MONTH_GATE, win=(45, 45))
add_rule("date", rf"(?<=\bmid-)(?:{_MONTH_FULL})\b", need=_MONTH_GATE, win=(45, 45))
add_rule("date", r"(?<![\w/.-])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?(?![\w/-]|\.\d)", 0, 0, "_ymd", need=re.compile(r"\d{4}[-/.]\d"), win=(5, 30))
add_rule("date", r"(?<![\w/.-])\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?![\w/-]|\.\d)", 0, 0, "_mdy", need=re.compile(r"\d[/-]\d{1,2}[/-]\d"), win=(5, 25))
add_rule("date", r"(?<![\w/.-])\d{1,2}\.\d{1,2}\.\d{4}(?![\w/-]|\.\d)", 0, 0, "_mdy", need=re.compile(r"\d\.\d{1,2}\.\d{4}"), win=(5, 15))
# Roman-numeral months, common in Latin American records: "12-III-2023", "3/XI/1950"
add_rule("date", r"\b\d{1,2}[-/. ](?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)[-/. ](?:\d{4}|\d{2})\b",
         need=re.compile(r"\d[-/. ][IVX]"), win=(3, 16))
add_rule("date", r"(?<![\w-])(?:[1-9]|[12]\d|3[01])-(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\b(?![-/.]?\d)", 0, 0,
         "_roman_day", need=re.compile(r"\d-[IVX]"), win=(20, 6))


def _roman_day(text, s, e, val, add):
    """"Fecha ingreso 10-IV" is a date; "NYHA 3-IV", "estadio 2-III" is a range of classes."""
    if re.search(r"(?i:\b(?:nyha|stage|stages|estadio|grade|grado|clase|class|stade|type|tipo|gold|cdc|who|oms)\s*$)",
                 text[max(0, s - 14):s]):
        return None
    return ""


FILTERS["_roman_day"] = _roman_day
_ORDW = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
         r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|(?:twenty|thirty)[\s-](?:first|second|"
         r"third|fourth|fifth|sixth|seventh|eighth|ninth))")
add_rule("date", rf"(?i:\b(?:the\s+)?{_ORDW}\s+of\s+)(?:{_MONTH_FULL})\b(?:,?\s+\d{{4}}\b)?", need=_MONTH_GATE, win=(45, 20))
add_rule("date", rf"\b(?:{_MONTH_FULL})\s+(?:the\s+)?(?i:{_ORDW})\b(?:,?\s+\d{{4}}\b)?", need=_MONTH_GATE, win=(5, 45))
_MD_CUE = re.compile(rf"\b(?:on|since|from|until|till|through|by|dated?|DOB|D\.O\.B\.?|admitted|admission|discharged?|seen|visit|"
                    rf"appointment|appt|surgery|delivered|born|died|last|next|this|before|after|starting|started|{WDAY}|"
                    rf"presented|presents|booked(?:\s+for)?|review(?:ed)?|due|scheduled(?:\s+for)?|planned(?:\s+for)?|drawn|"
                    rf"collected|repeat(?:ed)?|recheck(?:ed)?|f/u|fu|follow-?up|clinic|admit|transferred|returned|"
                    rf"hospital|center|centre|complex|memorial|practice|bloods|labs|mri|ct|echo|scan|biopsy|"
                    rf"\d{{1,2}}/\d{{1,2}}\s+(?:and|to|-|–|through|thru)|"
                    rf"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?\s*:?\s+$", I)
add_rule("date", r"(?<![\w/.-])(\d{1,2}/\d{1,2})(?![/\d]|\.\d|\s*(?:pain|strength|mg|tabs?))", 0, 1, "_md", need=re.compile(r"\d/\d"), win=(5, 25))

# --- age over 89 ------------------------------------------------------------------------------------
_AGE = r"(?:9\d|1[01]\d|12[0-5])"
_WORDAGE = r"(?:ninety|(?:one|a)[\s-]hundred(?:\s+and)?)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|ten))?"
add_rule("age", rf"\b(?:{_AGE}|{_WORDAGE})(?:\s*|-)(?:years?|yrs?|y)(?:\s*|-)(?:old|of\s+age)\b", I, need=_AGE_GATE, win=(45, 40))
add_rule("age", rf"\b(?:{_AGE}|{_WORDAGE})\s*(?:yo|y/o|y\.o\.?|yrs?\s+old|yo[MF]|y/o[MF])\b", I, need=_AGE_GATE, win=(45, 40))
add_rule("age", rf"\b{_AGE}(?=-?(?:yo|y/o)\b)", I, need=_AGE_GATE, win=(45, 40))
add_rule("age", rf"\b(?:age|aged|ages|age:|at\s+the\s+age\s+of)\s*(?:of\s+)?({_AGE}|{_WORDAGE})\b(?!\s*(?:mg|%|/))", I, 1, need=_AGE_GATE, win=(45, 40))
# "in her late nineties" (not "back in the nineties", a decade)
add_rule("age", r"\b(?:his|her|their)\s+(?:(?:early|mid|late)[\s-]+)?nineties\b", I, need=Low("nineties"), win=(25, 10))
# an age in words after a birthday: "turned ninety-one last week", "just turned a hundred"
add_rule("age", rf"\b(?:turned|turns|turning|reached|reaches|celebrated)\s+({_WORDAGE})\b", I, 1, need=_AGE_GATE, win=(45, 40))
add_rule("age", r"\b(?:his|her|their|the|early|mid|late|mid-|early-|late-)\s*(?:90s|90's|nineties|100s|hundreds)\b", I, need=_AGE_GATE, win=(45, 40))
add_rule("age", rf"\b(?:he|she|patient|pt|who|they|mother|father|grandmother|grandfather)\s+(?:is|was|turned|turns|just\s+turned|is\s+now)\s+({_AGE}|{_WORDAGE})(?=\s*(?:[,.;)]|and\b|years?\b|yrs?\b|$))", I, 1, need=_AGE_GATE, win=(45, 40))
add_rule("age", rf"(?<=[a-z]),\s+({_AGE})\s*,(?=\s*(?:was|is|who|has|had|lives|presents|presented|with|and|a|an|the|now)\b)", 0, 1, need=_AGE_GATE, win=(45, 40))
add_rule("age", r"\b(?:nonagenarian|centenarian)s?\b", I, need=_AGE_GATE, win=(45, 40))
add_rule("age", rf"(?<=[,(]\s)({_AGE})(?=\s*[,)]\s*(?:M|F|male|female|man|woman|he|she)\b)", need=_AGE_GATE, win=(45, 40))



def _day_month_valid(text, s, e, val, add, short=False):
    if short and not _MD_CUE.search(text, max(0, s - 25), s):
        return None
    parts = re.split(r"[/.-]", val.split()[0])
    a, b = int(parts[0]), int(parts[1])
    if not ((1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)):
        return None
    if short and b == 10 and re.match(r"\s*(?:pain|on pain)", text[e:]):
        return None  # "7/10 pain"
    return ""


def _ymd_valid(text, s, e, val, add):
    parts = re.split(r"[-/.]", val[:10])
    if not (1 <= int(parts[1]) <= 12 and 1 <= int(parts[2][:2]) <= 31):
        return None
    return ""


def _bare_month(text, s, e, val, add):
    if val == "May" and re.match(r"\s+(?:be|have|need|want|consider|help|not|benefit|also)\b", text[e:]):
        return None  # the verb
    return ""


def _ordinal_day(text, s, e, val, add):
    """"the 14th" alone is a date only with a clear date cue before it."""
    if not re.search(r"\b(?:on|since|from|until|by|before|after)\s+(?:the\s+)?$", text[max(0, s - 12):s], I) and not val[0].isalpha():
        return None
    if not val.lower().startswith("the") and not re.match(WDAY, val):
        return None
    return ""


FILTERS["_mdy"] = _day_month_valid
FILTERS["_md"] = lambda text, s, e, val, add: _day_month_valid(text, s, e, val, add, short=True)
FILTERS["_ymd"] = _ymd_valid
FILTERS["_bare_month"] = _bare_month
FILTERS["_ordinal"] = _ordinal_day


# --- Spanish and French: "3 de marzo de 1971", "née le 3 mars 1971", "marzo de 1996", "en mai", "92 años"
_MES = ("enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
        "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre")
_DIA = "lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_MES_GATE = Cue("""enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre""",
                r"\b(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
                r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)")
add_rule("date", rf"(?i:\b(?:(?:{_DIA})\s+)?(?:(?:el|le)\s+)?(?:\d{{1,2}}|primero|1ro|1er)(?:º|°|er|ero)?\s+(?:de\s+)?(?:{_MES})\b"
                 rf"(?:,?\s+(?:de(?:l)?\s+)?\d{{4}}\b)?)", need=_MES_GATE, win=(45, 30))
add_rule("date", rf"(?i:\b(?:{_MES})\s+(?:de(?:l)?\s+)?\d{{4}}\b)", need=_MES_GATE, win=(5, 30))
add_rule("date", rf"(?i:\b(?:en|desde|hasta|durante|para|a\s+(?:finales|principios|mediados)\s+de|depuis|jusqu'en|jusqu'à|début|fin|"
                 rf"mi-|courant|au\s+mois\s+de|el\s+mes\s+de|(?:el|le|au)\s+(?:pasado|próximo|dernier|prochain)?\s*mois\s+de)\s+"
                 rf"((?:{_MES}))\b)", 0, 1, need=_MES_GATE, win=(45, 15))
# dates in words: "el doce de marzo de dos mil veintitrés", "le trois février deux mille vingt-deux"
_NUMW = (r"(?:uno|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|diecis[ée]is|"
         r"diecisiete|dieciocho|diecinueve|veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|"
         r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-\w+|vingt(?:-\w+)*|"
         r"trente(?:-\w+)*|quarante(?:-\w+)*|cinquante(?:-\w+)*|soixante(?:-\w+)*|quatre-vingts?(?:-\w+)*|y|et)")
_DAYW = (r"(?:primero|premier|uno|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|"
         r"diecis[ée]is|diecisiete|dieciocho|diecinueve|veinte|veinti\w+|treinta(?:\s+y\s+uno)?|deux|trois|quatre|cinq|six|"
         r"sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-\w+|vingt(?:-\w+)*|vingt\s+et\s+un|trente(?:\s+et\s+un)?)")
_YEARW = rf"(?:dos\s+mil|mil\s+novecientos|deux\s+mille|mille\s+neuf\s+cents?|dix-neuf\s+cents?)(?:[\s-]{_NUMW}){{0,4}}"
add_rule("date", rf"(?i:\b(?:(?:el|le)\s+)?{_DAYW}\s+(?:de\s+)?(?:{_MES})\b(?:,?\s+(?:de(?:l)?\s+)?(?:\d{{4}}\b|{_YEARW}))?)",
         need=_MES_GATE, win=(45, 70))
add_rule("date", rf"(?i:\b(?:{_MES})\s+(?:de(?:l)?\s+)?{_YEARW})", need=_MES_GATE, win=(5, 70))
_EDAD = r"(?:9\d|1[01]\d|12[0-5])"
_EDAD_PAL = (r"(?:noventa(?:\s+y\s+(?:un|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?|cien(?:to\s+\w+)?|"
             r"quatre-vingt-(?:dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf)|"
             r"nonante(?:-(?:et-un|deux|trois|quatre|cinq|six|sept|huit|neuf))?|cent(?:\s+\w+)?)")
_EDAD_GATE = Cue("años anos ans", r"\b(?:años|anos|ans)\b")
_EDAD_CUE = frozenset(["edad", "âge", "âgé", "âgée", "age", "aged"])
_EDAD_WORDS = frozenset(["nonagenario", "nonagenaria", "nonagenarios", "nonagenarias", "centenario", "centenaria", "centenarios", "centenarias", "nonagénaire", "nonagénaires", "centenaire", "centenaires"])
add_rule("age", rf"(?i:(?<!hace )(?<!il y a )\b(?:{_EDAD}|{_EDAD_PAL})\s*(?:años|anos|ans)\b)", need=_EDAD_GATE, win=(45, 8))
add_rule("age", rf"(?i:\b(?:edad(?:\s+de)?|edad:|âge(?:\s+de)?|âge\s*:|âgée?\s+de|aged?)\s*({_EDAD}|{_EDAD_PAL})\b(?!\s*(?:mg|%|kg|/)))", 0, 1,
         need=_EDAD_CUE)
add_rule("age", r"(?i:\b(?:nonagenari[oa]s?|centenari[oa]s?|nonagénaires?|centenaires?)\b)", need=_EDAD_WORDS)

# --- dates written the way forms and chat write them ----------------------------------------------------
_MON_ABBR3 = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|ene|abr|ago|set|dic|janv|févr|fevr|avr|mai|juin|"
              r"juil|août|aout|déc)")
_MON_ABBR_GATE = Cue("jan feb mar apr may jun jul aug sep sept oct nov dec ene abr ago set dic janv févr fevr avr mai juin juil "
                     "août aout déc", rf"\d[-/. ]{_MON_ABBR3}\b|\b{_MON_ABBR3}[-/. ]\d")
# "14-Mar-1968", "03/ago/2021", "12 déc. 2019", "Mar-14-1968"
add_rule("date", rf"(?i:\b\d{{1,2}}[-/ .]{_MON_ABBR3}\.?[-/ .,]+(?:\d{{4}}|\d{{2}})\b)", need=_MON_ABBR_GATE, win=(8, 20))
add_rule("date", rf"(?i:\b{_MON_ABBR3}\.?[-/ ]\d{{1,2}}[-/ ,]+\d{{4}}\b)", need=_MON_ABBR_GATE, win=(8, 20))
# "el 1.º de mayo", "1.° de junio"
add_rule("date", rf"(?i:\b(?:el\s+)?1\.\s?[º°]\s+de\s+(?:{_MES})\b(?:\s+de\s+\d{{4}})?)", need=_MES_GATE, win=(12, 30))
# "el 3/4", "le 12/05", "del 2/3", "avant le 15/08", "hasta el 12/5": a day and month after a Spanish or French cue
_MD_CUE_ES_FR = re.compile(r"(?i:\b(?:el|le|del|au|du|desde|depuis|hasta|jusqu'au|avant|après|antes\s+del?|después\s+del?|"
                           r"visto|vu|vue|vista|ingres[óo]|hospitalis[ée]e?|nacid[oa]|n[ée]e?|fecha|date|control|rdv|cita|"
                           r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|"
                           r"sábado|domingo|revu|revue|vista|turno|noche|nuit)\s*:?\s+(?:el\s+|le\s+)?|"
                           # a label that asks for a date: "Fecha inicio síntomas: 3/9", "Date de la visite : 18/09"
                           r"\b(?:fecha|date|inicio|ingreso|visite|cita|rdv|consulta|control|alta|síntomas|sintomas)"
                           r"[^\n:]{0,25}:\s*)$")


def _md_es_fr(text, s, e, val, add):
    if not _MD_CUE_ES_FR.search(text, max(0, s - 40), s):
        return None
    a, b = (int(p) for p in val.split("/")[:2])
    return "" if 1 <= a <= 31 and 1 <= b <= 12 else None


FILTERS["_md_es_fr"] = _md_es_fr
add_rule("date", r"(?<![\w/.-])\d{1,2}/\d{1,2}(?![/\d]|\.\d|\s*(?:mg|ml|mL|tab|cp|comp))", 0, 0, "_md_es_fr",
         need=re.compile(r"\d/\d"), win=(40, 8))
# "revu le 15.11": day and month with a dot, after the same cues (not a decimal: "glycémie à 3.2 g/l")
add_rule("date", r"(?<![\w/.-])\d{1,2}\.\d{1,2}(?!\d|[.,]\d|\s*(?:g|mg|ml|l|%|mmol|µmol|kg|cm|mm|ui|u)\b)", 0, 0,
         "_md_es_fr_dot", need=re.compile(r"\d\.\d"), win=(40, 8))


def _md_es_fr_dot(text, s, e, val, add):
    return _md_es_fr(text, s, e, val.replace(".", "/"), add)


FILTERS["_md_es_fr_dot"] = _md_es_fr_dot
# a weekday and a day number: "el lunes 17", "lundi 12", "Tues 12"
add_rule("date", rf"(?i:\b(?:{_DIA}|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?\s+(?:el\s+|le\s+|the\s+)?\d{{1,2}}"
                 rf"(?:er|º|°|st|nd|rd|th)?\b"
                 rf"(?!\s*(?:h\b|:\d|mg|ml|%|años|ans|semanas|semaines|días|jours|meses|mois|d[ií]as|weeks?|days?|hours?|hrs?)))",
         need=Cue(f"{_DIA.replace('|', ' ')} mon tue tues wed thu thur thurs fri sat sun",
                  rf"(?:{_DIA}|\bmon|\btues?|\bwed|\bthu(?:rs?)?|\bfri|\bsat|\bsun)\.?\s+(?:el\s+|le\s+|the\s+)?\d"),
         win=(2, 16))
# ranges: "del 3 al 10 de enero", "du 2 au 9 février", "Apr 3-5", "3-5 April"
add_rule("date", rf"(?i:\b(?:del|du|entre\s+el|entre\s+le)\s+\d{{1,2}}(?:er)?\s+(?:al|au|y\s+el|et\s+le)\s+\d{{1,2}}\s+(?:de\s+)?(?:{_MES})\b)",
         need=_MES_GATE, win=(40, 20))
add_rule("date", rf"\b{MON}\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}}\b", need=_MONTH_GATE, win=(10, 20))
add_rule("date", rf"\b\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s+{MON}(?!\w)", need=_MONTH_GATE, win=(20, 10))
# holidays that pin a day: "Christmas Eve 2021", "el día de Navidad", "le jour de Noël", "Nochebuena", "la Toussaint 2022"
_HOLIDAY = (r"(?:christmas(?:\s+(?:day|eve))?|new\s+year'?s\s+(?:day|eve)|thanksgiving(?:\s+day)?|independence\s+day|"
            r"fourth\s+of\s+july|4th\s+of\s+july|halloween|valentine'?s\s+day|boxing\s+day|easter\s+(?:sunday|monday)|"
            r"nochebuena|nochevieja|navidad|año\s+nuevo|d[íi]a\s+de\s+(?:navidad|reyes|muertos|la\s+madre|san\s+valent[íi]n)|"
            r"reyes\s+magos|no[ëe]l|r[ée]veillon|saint-sylvestre|jour\s+de\s+l['’]an|toussaint|f[êe]te\s+nationale|"
            r"quatorze\s+juillet|tabaski|a[ïi]d\s+el[-\s](?:fitr|kebir))")
_FRAMED = (r"(?:(?:le\s+)?(?:jour|veille|soir|nuit|lendemain)\s+de\s+(?:la\s+)?|(?:el\s+)?(?:d[íi]a|noche|v[íi]spera)\s+de\s+|"
           r"(?:on|the\s+day\s+after|the\s+night\s+of)\s+)")
_HOLIDAY_TRIGGER = Cue("christmas year's years' thanksgiving independence july halloween valentine valentine's boxing easter "
                       "nochebuena nochevieja navidad nuevo reyes muertos madre noël noel réveillon reveillon saint-sylvestre "
                       "sylvestre l'an l’an toussaint nationale quatorze tabaski aïd aid",
                       r"\b(?:christmas|new year|thanksgiving|independence|july|halloween|valentine|boxing|easter|nochebuena|"
                       r"nochevieja|navidad|año nuevo|reyes|muertos|la madre|noël|noel|réveillon|reveillon|sylvestre|l'an|"
                       r"toussaint|nationale|quatorze|tabaski|aïd|aid el)")
# a holiday alone ("à Noël", "over Thanksgiving") is a season of the year; with its year, or as "the day of", a day
add_rule("date", rf"(?i:\b{_FRAMED}?{_HOLIDAY}\s+(?:de\s+)?\d{{4}}\b)", need=_HOLIDAY_TRIGGER, win=(30, 12))
add_rule("date", rf"(?i:\b{_FRAMED}{_HOLIDAY}\b)", need=_HOLIDAY_TRIGGER, win=(30, 12))
# a holiday after a word of time pins a day of the year: "since Easter", "after New Year's", "à Noël", "desde Navidad"
# (Safe Harbor keeps only the year of a date)
add_rule("date", rf"(?i:\b(?:since|after|before|until|till|over|on|at|around|by|desde|hasta|antes\s+de|después\s+de|para|"
                 rf"depuis|avant|après|jusqu'à|à|pour|pendant|durant)\s+((?:the\s+|la\s+|le\s+|l['’])?"
                 rf"(?:{_HOLIDAY}|easter|pâques|paques|semana\s+santa|heroes\s+day|new\s+year'?s)))\b", 0, 1,
         need=Cue("christmas year's thanksgiving halloween valentine's easter navidad noël noel pâques paques toussaint "
                  "santa heroes independence tabaski reveillon réveillon",
                  r"\b(?:christmas|year's|thanksgiving|halloween|valentine|easter|navidad|no[ëe]l|p[âa]ques|toussaint|"
                  r"semana santa|heroes|independence|tabaski|r[ée]veillon)"), win=(30, 20))
# "el 3", "le 14": a day of the month alone, where a date is plainly meant
add_rule("date", r"(?i:\b(?:desde|hasta|depuis|jusqu'au|avant|après|antes\s+del|después\s+del|para|pour|control|rdv|cita|"
                 r"visto|vu|revu|revue|alta|ingreso|dx|demain|mañana|próximo|prochain|prochaine|nacio|nació|née?|"
                 r"ingresó|ingreso|derivamos|referimos|hospitalis[ée]e?)\s+(?:\w+\s+)?(?:el|le)\s+((?:[1-9]|[12]\d|3[01])))\b"
                 r"(?!\s*(?:%|[.,]\d|mg|ml|h\b|:|años|ans|veces|fois|cm|kg|g\b|ui|x\b|de\s+(?:ellos|ellas|los|las|ces)))",
         0, 1, need=re.compile(r"\b(?:el|le)\s+\d"), win=(40, 12))
add_rule("date", r"(?i:\b(?:el|le)\s+((?:[1-9]|[12]\d|3[01])))(?=\s+(?:de\s+este\s+mes|de\s+ce\s+mois|en\s+la\s+noche|"
                 r"dans\s+la\s+nuit|au\s+soir)\b|\s*[.;)](?!\d))",
         0, 1, need=re.compile(r"\b(?:el|le)\s+\d"), win=(4, 30))
add_rule("date", r"(?i:\b(?:christmas\s+(?:day|eve)|new\s+year'?s\s+(?:day|eve)|nochebuena|nochevieja|saint-sylvestre|"
                 r"r[ée]veillon|fourth\s+of\s+july|4th\s+of\s+july|independence\s+day|d[íi]a\s+de\s+(?:muertos|reyes|la\s+madre))\b)",
         need=_HOLIDAY_TRIGGER, win=(30, 12))

# --- English ages in words after "aged" / "age": "aged ninety-three", "age one hundred and one"
add_rule("age", rf"(?i:\b(?:aged?|at\s+the\s+age\s+of|turned|turns)\s+(one\s+hundred\s+and\s+\w+|{_WORDAGE})\b)", 0, 1,
         need=_AGE_GATE, win=(30, 30))

# "grandma ruby is 94 now", "Annie from Tignish is 90, on donepezil", "pte de 93a": an age over 89 said plainly;
# not a measurement ("her HR is 98, BP...", "sat was 92.")
_VITALS = frozenset("""hr pulse sat sats spo2 o2 sao2 bp sbp dbp map glucose bg bs sugar weight wt temp rr rate score
level count fev1 fvc ef lvef inr hb hgb a1c hba1c k na cr bun egfr gfr tsh ldl hdl platelets plt wbc crp esr ferritin
it that this which number result value reading""".split())
_PLAIN_AGE_GATE = Low(r"\b(?:is|was|turned|turns|now)\s+(?:9\d|1[01]\d)\b|\b(?:9\d|1[01]\d)a\b")


def _plain_age(text, s, e, val, add):
    before = text[max(0, s - 30):s].lower().split()
    subject = before[-2].strip(",.:;()") if len(before) >= 2 else ""
    if subject in _VITALS or subject.endswith(("%", "mg")):
        return None
    return ""


FILTERS["_plain_age"] = _plain_age
add_rule("age", rf"(?i:\b(?:is|was|turned|turns|now)\s+({_AGE})(?=\s*(?:,|\.(?!\d)|;|and\b|now\b|already\b|y/o\b|yo\b|$)))",
         0, 1, "_plain_age", need=_PLAIN_AGE_GATE, win=(30, 12))
add_rule("age", rf"\b({_AGE})a\b", 0, 1, need=_PLAIN_AGE_GATE, win=(4, 4))

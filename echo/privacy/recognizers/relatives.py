"""Names the capitalised pass cannot see: a relative's or a doctor's name written in lower case in
chat-style text ("her son tyler", "su hija maría", "sa fille aminata", "talked to dr. begay"), and
given names that are ordinary words, months or places where a person is meant ("Hope said...",
"Paz vino con su madre", "her daughter hope")."""
from __future__ import annotations

from echo.privacy import lexicon as L
from echo.privacy.words import KIN, MORE_VERBS, ORDINARY, PERSON_VERBS, base_form, never_identifying

# possessives before a relative: "her son", "su hija", "sa fille", "mon mari"
_POSSESSIVE = frozenset(L._words("""her his my our their your patient's pt's su sus mi mis tu nuestra nuestro sa son ses ma mon
notre votre leur"""))
LOW_TITLES = frozenset(["dr", "mr", "mrs", "ms", "dra", "sra", "srta", "mme", "mlle"])
# lower-case words that follow a relative without naming them: ranks, states, common verbs in Spanish and
# French ("su hija mayor", "sa fille aînée", "son mari habite", "su hijo llega")
_AFTER_RELATIVE = frozenset(L._words("""menor mayor mayores aîné aînée cadet cadette adoptif adoptive adoptivo adoptiva
biologique biológico biológica enceinte embarazada âgé âgée habite vit vient arrive accompagne travaille reste étudie
appelle aide conduit garde pense dit veut peut doit sait souhaite rapporte signale refuse accepte llega acompaña cuida
trabaja estudia viene vive llama ayuda maneja piensa dice dijo quiere puede debe sabe refiere rechaza acepta fue era
está esta estaba sigue también tambien aussi seul seule único única unique solo sola both also too
maestra maestro enfermera enfermero infirmière infirmier médecin médica médico profesora profesor professeur
étudiante étudiant estudiante cuidadora cuidador aide-soignante agricultor agricultora commerçante comerciante"""))
# relatives and carers whose name follows with no possessive in chat-style text: "grandma ruth", "nurse begay"
# (and "her mom is darlene" in English only: Spanish and French adjectives after "es", "est" are too many)
_NAME_TITLES = frozenset(L._words("""nurse doctor doc grandma grandpa granny nana auntie aunt uncle pastor coach abuela abuelo
tía tia tío tio doña don mamie papi papy tatie tante tonton oncle"""))
_VERB_ENDINGS = ("ado", "ada", "ido", "ida", "ando", "iendo", "ée", "és", "ées", "ant", "ing", "ed")
# Spanish and French adjectives after a relative: "su madre diabética", "su hija hipertensa", "sa mère anxieuse"
_ADJECTIVE_ENDINGS = ("ético", "ética", "ítico", "ítica", "ánico", "ánica", "ónico", "ónica", "ique", "ensa", "enso", "osa",
                      "oso", "eux", "euse", "ive", "if", "ble")

# the words a lower-case name may follow (the names pass checks these before calling lower_name_after_cue)
LOWER_CUES = KIN | _NAME_TITLES | {"is"}

# what a person does right after their name: "Hope said", "Paz vino", "Patience dit"
_PERSON_ACTS = frozenset(L._words("""dijo dice refiere llamó llamo vino viene llegó llego comenta comentó relata relató cuenta
contó pregunta preguntó trajo acompaña acompañó está esta estaba quiere dit raconte rapporte signale demande refuse
accompagne arrive vient appelle appelait était souhaite veut pense"""))


def word_name(toks, i, n):
    """A capitalised given name that is also an ordinary word, after a relative ("her daughter Hope"),
    before a surname ("Summer Lee") or before what a person does ("Faith came", "Paz vino", "Patience dit")."""
    t = toks[i][2]
    if len(t) < 3 or not t[0].isupper() or t.isupper() or base_form(t) not in L.WORD_NAMES:
        return False
    if i >= 1 and toks[i - 1][2].lower() in KIN:
        return True
    nxt = toks[i + 1][2].lower() if i + 1 < n else ""
    if nxt in L.SURNAMES and toks[i + 1][2][0].isupper() and toks[i + 1][0] == toks[i][1] + 1:
        return True  # with a surname: "Summer Lee was seen", "Hope Miller called"
    return nxt in PERSON_VERBS and nxt not in ("and", "can", "will", "would", "is", "was", "has", "had", "does", "did") \
        or nxt in MORE_VERBS or nxt in _PERSON_ACTS


def lower_name_after_cue(toks, i, n):
    """A lower-case word right after "her son", "su hija", "sa fille" or "dr." that is no ordinary word,
    or a first name followed by a verb or a pause ("her son mark was...")."""
    t = toks[i][2]
    if len(t) < 3 or not t.isalpha() or not t.islower():
        return False
    prev = toks[i - 1][2]
    if prev == "." and toks[i - 2][2] in LOW_TITLES:
        prev = toks[i - 2][2]
    after_title = prev in LOW_TITLES  # written in lower case: "Dr Smith" is the capitalised pass's
    prev = prev.lower()
    if not after_title and not (prev in KIN and toks[i - 2][2].lower() in _POSSESSIVE) and prev not in _NAME_TITLES \
            and not (prev == "is" and i >= 3 and toks[i - 2][2].lower() in KIN
                     and toks[i - 3][2].lower() in _POSSESSIVE):  # "pt's mom is darlene"
        return False
    b = base_form(t)
    nxt = toks[i + 1][2].lower() if i + 1 < n else ""
    if b in L.WORD_NAMES and not after_title:
        return nxt != "to"  # "her daughter hope", not "her daughter hope to..." (a verb)
    if never_identifying(b) or b in _AFTER_RELATIVE or b in PERSON_VERBS or b in MORE_VERBS:
        return False
    if b in ORDINARY:
        return after_title or b in L.FIRST_NAMES and (nxt in PERSON_VERBS or nxt in MORE_VERBS or nxt in ",.;:)!?" or not nxt)
    if b.endswith(_VERB_ENDINGS):
        return False
    return b in L.FIRST_NAMES or len(b) < 6 or not b.endswith(_ADJECTIVE_ENDINGS)

"""Word lists for the privacy guard (hand-written for this project, plus generated files
in ``echo/privacy/data`` - see its README.md for provenance and licences)."""
from __future__ import annotations

import gzip
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _words(s: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in s.split() if w.strip())


def _lines(name: str) -> list[str]:
    p = DATA / name
    if p.suffix == ".gz":
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            return [l.strip() for l in fh if l.strip()]
    return [l.strip() for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]


ENGLISH = frozenset(_lines("english_lower.txt.gz"))
PROPER = frozenset(w.lower() for w in _lines("proper_nouns.txt"))
# ordinary Spanish and French words (not in the English list), given names taken out
SPANISH_FRENCH = frozenset(_lines("es_fr_lower.txt.gz"))
# given names and surnames of many countries (Faker's person lists)
PERSON_NAMES = frozenset(_lines("person_names.txt.gz"))
US_PLACES = frozenset(w.lower() for w in _lines("us_places.txt"))
US_STATES = frozenset(w.lower() for w in _lines("us_states.txt"))
COUNTRIES = frozenset(w.lower() for w in _lines("countries.txt")) | _words(
    "usa us america united states uk britain england scotland wales ireland mexico canada"
)

STATE_ABBR = frozenset(
    ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI"]
)

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun")

HONORIFICS = _words("mr mrs ms miss mx dr doctor prof professor nurse sr sister brother father fr rev reverend pastor "
                    "mister madam sir dame lord lady judge officer sgt sergeant capt captain coach aunt auntie uncle "
                    "grandma grandpa granny nana papa abuela abuelo tia tio cousin")
# honorifics that are also ordinary clinical words: only count when followed by a capitalised token
KIN = _words(
    "son sons daughter daughters husband wife spouse partner boyfriend girlfriend fiance fiancee mother father mom dad "
    "brother sister sibling grandmother grandfather grandson granddaughter aunt uncle cousin niece nephew stepson "
    "stepdaughter stepmother stepfather guardian caregiver friend neighbor neighbour roommate child children kid "
    "baby infant twin grandchild grandkids relative"
)
ROLE = _words(
    "patient pt client resident veteran member clinician provider physician psychiatrist psychologist therapist "
    "counselor counsellor pharmacist midwife doula chw worker coordinator navigator attending resident intern "
    "pcp np colleague specialist presenter named called nicknamed"
)

# capitalised words that are never names/places by themselves in this domain
CLINICAL = _words("""
patient patients pt mother father mom dad provider clinician physician doctor nurse pharmacist staff team family
hpi pmh psh fhx shx ros meds allergies assessment plan history exam labs vitals impression recommendations
recommendation question questions summary background diagnosis diagnoses medications medication social family
chief complaint presentation case update followup follow-up subjective objective findings results imaging note notes
course hospital clinic emergency department ed er icu ward unit county state tribal rural urban federal
fqhc va ihs chc cmhc snf ltc rtc phq gad audit cows ciwa moca mmse slums bdi bai pcl asrs ybocs
hypertension diabetes depression anxiety schizophrenia bipolar disorder syndrome disease type
a1c hba1c tsh ldl hdl bmp cmp cbc egfr alt ast inr bnp ekg ecg ct mri cxr us echo eeg emg
oud aud sud mat moud cbt dbt act emdr mi ptsd adhd ocd copd chf ckd cad hiv hcv hbv tb uti sti std
dsm icd cpt snomed loinc hipaa ems ob gyn obgyn peds ent gi id pulm cards neuro psych
pcp np pa pa-c lcsw lpc lmft lpn rn md do dds pharmd msw phd psyd cns cnm crna chw cadc
no yes none not negative positive normal abnormal stable improved worse unchanged
i we she he they her his their our my you your it this that these those there here the a an
and or but if so then when while after before since during until per with without of in on at to for from by as
mg mcg ml dl kg lb lbs bp hr rr spo2 temp bmi
english spanish navajo dine diné zuni hopi apache pueblo keres tewa tiwa towa lakota cherokee hispanic latino latina latinx
native american indian alaska asian black white caucasian african european hispanic indigenous anglo
christian catholic protestant muslim jewish buddhist hindu mormon lds baptist methodist pentecostal
god jesus lord christmas easter thanksgiving ramadan halloween covid covid-19 sars-cov-2 omicron
medicaid medicare tricare chip snap wic ssi ssdi aca cms cdc fda nih samhsa ahrq who dea nida niaaa
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
am pm est mst cst pst utc ok okay dx tx rx hx sx fx
west east north south northern southern eastern western central
qtc qt pr qrs st-segment tinetti berg tug epworth stop-bang isi pss ace aces crafft asq mast dast dast-10 gds cam
cam-icu ciwa-ar ciwa-b cows-score ssi bprs panss hama hamd madrs ymrs cdi scared vanderbilt m-chat mchat asq-3
pedi peds-ql sdq kessler k6 k10 whodas pcl pcl-5 caps caps-5 des mdq phq-a phq-9 phq-2 gad-7 gad-2 c-ssrs audit-c
t1dm t2dm dm1 dm2 htn hld cva tia mi nstemi stemi afib dvt pe gerd ibs ibd osa ckd esrd aki sle ra oa fm cfs
narcan naloxone fentanyl xylazine vivitrol sublocade brixadi
""")

# eponyms, scales and named signs (lower-case, possessive stripped)
EPONYMS = _words("""
parkinson parkinsons crohn crohns hashimoto hashimotos graves apgar glasgow babinski cushing cushings addison addisons
tourette tourettes wernicke korsakoff wernicke-korsakoff beck hamilton alzheimer alzheimers huntington huntingtons
asperger aspergers down marfan turner klinefelter kawasaki raynaud raynauds sjogren sjogrens bell bells guillain barre
guillain-barre hodgkin hodgkins burkitt kaposi lyme lou gehrig gehrigs meniere menieres paget pagets wilson wilsons
hirschsprung tay-sachs tay sachs ehlers-danlos ehlers danlos munchausen korsakoffs epstein-barr epstein barr pap
braxton hicks braxton-hicks kegel heimlich valsalva romberg murphy murphys mcburney rovsing kernig brudzinski
homan homans phalen tinel trendelenburg lachman mcmurray finkelstein spurling allen adson gower gowers chvostek trousseau
cheyne-stokes cheyne stokes kussmaul kussmauls grey turner cullen virchow virchows wolff-parkinson-white wolff white
mallory-weiss mallory weiss barrett barretts zollinger-ellison conn conns sheehan sheehans stevens-johnson stevens johnson
reye reyes bartter gitelman fanconi dubin-johnson gilbert gilberts whipple whipples roux-en-y nissen billroth
richmond rass ramsay ranson ransons child-pugh pugh meld wells caprini chads2 cha2ds2-vasc hasbled framingham
likert morse braden norton katz lawton barthel karnofsky ecog rankin nihss edinburgh epds columbia c-ssrs cssrs
brief mini-cog mini cog montreal folstein st louis slums saint mini-mental yale-brown y-bocs vanderbilt conners
snap-iv young ymrs mdq aims abnormal involuntary clinical institute withdrawal narcotic opiate
holter foley swan-ganz swan ganz hickman broviac picc port-a-cath doppler fick starling frank-starling korotkoff
gram grams cockcroft-gault cockcroft gault fahrenheit celsius kelvin kaplan-meier
lewy pick picks creutzfeldt-jakob creutzfeldt jakob guillain tourette charcot charcot-marie-tooth bowen paget
sjögren sjögrens ménière ménières behcet behcets behçet behçets barré guillain-barré dupuytren dupuytrens
fallot tetralogy ebstein eisenmenger takotsubo prinzmetal dressler dresslers osgood-schlatter legg-calve-perthes perthes
colles smith barton monteggia galeazzi jones boxer bennett rolando lisfranc chopart achilles
""")

DRUGS = _words("""
sertraline zoloft fluoxetine prozac citalopram celexa escitalopram lexapro paroxetine paxil fluvoxamine luvox
venlafaxine effexor desvenlafaxine pristiq duloxetine cymbalta bupropion wellbutrin zyban mirtazapine remeron
trazodone desyrel vortioxetine trintellix vilazodone viibryd nortriptyline pamelor amitriptyline elavil imipramine
doxepin clomipramine anafranil phenelzine nardil tranylcypromine selegiline emsam esketamine spravato ketamine
buprenorphine suboxone subutex zubsolv sublocade brixadi naloxone narcan kloxxado naltrexone vivitrol revia
methadone dolophine methadose lofexidine lucemyra clonidine catapres kapvay guanfacine intuniv tenex
acamprosate campral disulfiram antabuse gabapentin neurontin pregabalin lyrica topiramate topamax
varenicline chantix nicotine nicorette nicoderm
lamotrigine lamictal lithium lithobid valproate depakote divalproex carbamazepine tegretol oxcarbazepine trileptal
quetiapine seroquel olanzapine zyprexa risperidone risperdal aripiprazole abilify abilify-maintena aristada
ziprasidone geodon lurasidone latuda paliperidone invega sustenna trinza brexpiprazole rexulti cariprazine vraylar
clozapine clozaril haloperidol haldol fluphenazine prolixin chlorpromazine thorazine perphenazine loxapine
lumateperone caplyta asenapine saphris iloperidone fanapt olanzapine-samidorphan lybalvi
benztropine cogentin diphenhydramine benadryl hydroxyzine vistaril atarax propranolol inderal prazosin minipress
lorazepam ativan clonazepam klonopin alprazolam xanax diazepam valium chlordiazepoxide librium temazepam restoril
zolpidem ambien eszopiclone lunesta suvorexant belsomra melatonin ramelteon rozerem buspirone buspar
methylphenidate ritalin concerta focalin dexmethylphenidate amphetamine adderall vyvanse lisdexamfetamine
atomoxetine strattera viloxazine qelbree modafinil provigil armodafinil nuvigil
metformin glucophage glipizide glucotrol glyburide glimepiride amaryl pioglitazone actos sitagliptin januvia janumet
linagliptin tradjenta empagliflozin jardiance dapagliflozin farxiga canagliflozin invokana semaglutide ozempic wegovy
rybelsus dulaglutide trulicity liraglutide victoza saxenda tirzepatide mounjaro zepbound exenatide byetta bydureon
insulin glargine lantus basaglar toujeo semglee detemir levemir degludec tresiba lispro humalog aspart novolog
fiasp regular humulin novolin nph admelog apidra
lisinopril zestril prinivil enalapril vasotec ramipril altace benazepril lotensin losartan cozaar valsartan diovan
irbesartan avapro olmesartan benicar telmisartan micardis candesartan atacand sacubitril entresto
amlodipine norvasc nifedipine procardia diltiazem cardizem verapamil calan hydrochlorothiazide hctz chlorthalidone
furosemide lasix torsemide bumetanide bumex spironolactone aldactone eplerenone metoprolol lopressor toprol
carvedilol coreg atenolol tenormin labetalol nadolol bisoprolol hydralazine isosorbide imdur nitroglycerin
atorvastatin lipitor rosuvastatin crestor simvastatin zocor pravastatin pravachol lovastatin ezetimibe zetia
aspirin asa clopidogrel plavix ticagrelor brilinta prasugrel effient apixaban eliquis rivaroxaban xarelto
dabigatran pradaxa edoxaban savaysa warfarin coumadin jantoven heparin enoxaparin lovenox
levothyroxine synthroid levoxyl unithroid tirosint liothyronine cytomel methimazole tapazole propylthiouracil ptu
prednisone prednisolone methylprednisolone medrol dexamethasone decadron hydrocortisone cortef fludrocortisone
albuterol proair ventolin proventil levalbuterol xopenex fluticasone flovent advair budesonide symbicort pulmicort
tiotropium spiriva umeclidinium incruse trelegy breo montelukast singulair ipratropium atrovent duoneb
omeprazole prilosec pantoprazole protonix esomeprazole nexium lansoprazole prevacid famotidine pepcid
ondansetron zofran metoclopramide reglan promethazine phenergan prochlorperazine compazine docusate colace
senna sennosides polyethylene miralax lactulose bisacodyl dulcolax loperamide imodium
acetaminophen tylenol paracetamol ibuprofen advil motrin naproxen aleve naprosyn meloxicam mobic celecoxib celebrex
diclofenac voltaren ketorolac toradol indomethacin tramadol ultram oxycodone oxycontin percocet roxicodone
hydrocodone norco vicodin morphine ms-contin hydromorphone dilaudid fentanyl duragesic tapentadol nucynta codeine
cyclobenzaprine flexeril methocarbamol robaxin tizanidine zanaflex baclofen lioresal carisoprodol soma
sumatriptan imitrex rizatriptan maxalt
amoxicillin augmentin amoxicillin-clavulanate azithromycin zithromax z-pak doxycycline vibramycin cephalexin keflex
ciprofloxacin cipro levofloxacin levaquin nitrofurantoin macrobid sulfamethoxazole trimethoprim bactrim
clindamycin cleocin metronidazole flagyl vancomycin vancocin ceftriaxone rocephin penicillin bicillin
fluconazole diflucan valacyclovir valtrex acyclovir zovirax oseltamivir tamiflu paxlovid nirmatrelvir
biktarvy descovy truvada tenofovir emtricitabine dolutegravir tivicay genvoya triumeq epclusa mavyret harvoni
sofosbuvir ledipasvir velpatasvir glecaprevir pibrentasvir isoniazid rifampin rifampicin
donepezil aricept memantine namenda rivastigmine exelon galantamine razadyne levodopa carbidopa sinemet
pramipexole mirapex ropinirole requip
levetiracetam keppra phenytoin dilantin lacosamide vimpat zonisamide zonegran
tamsulosin flomax finasteride proscar oxybutynin ditropan sildenafil viagra tadalafil cialis
estradiol medroxyprogesterone depo-provera nexplanon mirena levonorgestrel testosterone
ferrous iron folate folic thiamine cyanocobalamin vitamin calcium magnesium potassium
allopurinol zyloprim colchicine febuxostat uloric methotrexate hydroxychloroquine plaquenil adalimumab humira
etanercept enbrel infliximab remicade ustekinumab stelara dupilumab dupixent
naloxone-buprenorphine xylazine fentanyl-xylazine narcotics kratom cannabis marijuana thc cbd meth methamphetamine
cocaine heroin alcohol tobacco vape vaping
epipen glucagon baqsimi dexcom libre freestyle omnipod tandem medtronic
""")

FACILITY_HEADS = [
    "Hospital", "Hospitals", "Medical Center", "Medical Centre", "Health Center", "Health Centre", "Healthcare",
    "Health Care", "Health System", "Health Services", "Clinic", "Clinics", "Pharmacy", "Medical Group",
    "Family Practice", "Family Medicine", "Infirmary", "Sanatorium", "Nursing Home", "Rehabilitation Center",
    "Rehab Center", "Treatment Center", "Recovery Center", "Behavioral Health", "Counseling Center", "Care Center",
    "Urgent Care", "Dialysis Center", "Surgery Center", "Cancer Center", "Children's Hospital", "Health", "Hospice",
    "Medical Associates", "Physicians", "Detox", "Pediatrics", "Chapter House", "Health Station",
    # named institutes and imaging centres: "Huntsman Cancer Institute", "Santa Fe Imaging Center" ("Imaging"
    # alone heads "Magnetic Resonance Imaging")
    "Cancer Institute", "Heart Institute", "Eye Institute", "Imaging Center",
    # laboratories and dialysis units patients are sent to: "TriCore Reference Laboratories", "DaVita Dialysis"
    "Laboratories", "Laboratory", "Diagnostics", "Dialysis",
    # Indian Health Service and tribal facilities: "Shiprock Service Unit", "Chinle Comprehensive Health Care Facility"
    "Service Unit", "Health Care Facility", "Healthcare Facility", "Health Facility", "Medical Facility",
]

# capitalised modifier words that do not by themselves identify a facility
FACILITY_GENERIC = _words("""
the a an our their his her its this that local nearby rural urban community regional general county state tribal
indian public private family primary care urgent emergency behavioral mental health medical center centre
children's childrens women's womens veterans va ihs university teaching federal federally qualified critical
access small large new outpatient inpatient psychiatric substance use treatment recovery addiction pediatric
specialty main central satellite mobile free safety net level trauma walk-in retail the
""")

# curated common US first names and surnames (incl. Hispanic and Native American surnames common in the
# Southwest).  Names used as held-out test data are deliberately *not* in these lists.
FIRST_NAMES = _words("""
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald
steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric
jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry
gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie
alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail
alice julia judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
charlotte marie kayla alexis lori
carlos luis miguel jorge pedro manuel francisco antonio ricardo alejandro fernando javier roberto eduardo sergio
rafael raul ramon ruben mario arturo hector jesus alberto enrique oscar armando guadalupe lupe rosa carmen ana
josefina juana yolanda leticia araceli marisol lucia elena isabel dolores consuelo esperanza graciela veronica
adriana alejandra gabriela mariana daniela fernanda valeria ximena sofia camila santiago mateo diego emilio
leroy delbert virgil darrell wilbur lorraine loretta bernadette rosalind priya raj amit sanjay anil deepak sunita
wei li ming chen mei hui yan jin thanh minh nguyen tran
""")

# given names that are also ordinary words, months or places in English, Spanish or French: a name only
# where a person is meant ("Hope said...", "her daughter hope", "Paz vino con su madre")
WORD_NAMES = _words("""
hope faith grace joy patience charity mercy honor april may june summer autumn dawn rose lily daisy iris ivy violet
hazel heather holly ruby pearl amber crystal destiny trinity harmony melody sky river hunter chase mason carter tanner
cooper bill rich frank mark art bob sue pat penny jack sunny sandy rusty buck hank wade drew lane
paz luz consuelo dolores soledad rosario pilar mercedes amparo remedios socorro esperanza caridad gracia blanca paloma
rocío rocio estrella perla milagros fe flor alegría alba aurora cielo nieves reyes victoria
espérance constance prudence blanche violette capucine océane marguerite rose-marie aurore céleste félicité
""")

SURNAMES = _words("""
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson
thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young
allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter
roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez
wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez
powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons romero
jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson
ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington
kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez
silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox
warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn
kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight elliott cunningham duncan
armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena
richards contreras willis carpenter lawrence sandoval
begay yazzie benally tsosie nez tso etsitty chee manygoats bitsui etcitty harvey tohee sandoval lente chavarria
archuleta baca gallegos lucero montoya trujillo valdez vigil sena maestas quintana apodaca padilla candelaria
gurule ulibarri luján lujan mondragon otero salas tafoya duran madrid abeyta anaya aragon armijo atencio
jaramillo lovato martinez mares ortega pacheco roybal sisneros cisneros tapia varela zamora
""")

# nationalities/languages and regions above country level: never identifiers by themselves
DEMONYMS = _words("""
afghan albanian algerian american andorran angolan argentine argentinian armenian australian austrian azerbaijani
bahamian bahraini bangladeshi barbadian belarusian belgian belizean beninese bhutanese bolivian bosnian brazilian
british bruneian bulgarian burmese burundian cambodian cameroonian canadian chadian chilean chinese colombian
congolese costa rican croatian cuban cypriot czech danish dane dominican dutch ecuadorian egyptian emirati english
eritrean estonian ethiopian fijian filipino finnish finn french gabonese gambian georgian german ghanaian greek
greenlandic greenlander grenadian guatemalan guinean guyanese haitian honduran hungarian icelandic indian indonesian
iranian iraqi irish israeli italian ivorian jamaican japanese jordanian kazakh kenyan korean kosovar kuwaiti kyrgyz
lao laotian latvian lebanese liberian libyan lithuanian luxembourgish macedonian malagasy malawian malaysian maldivian
malian maltese mauritanian mauritian mexican moldovan mongolian montenegrin moroccan mozambican namibian nepalese
nepali dutch zealander nicaraguan nigerian nigerien norwegian omani pakistani palestinian panamanian paraguayan
peruvian philippine polish portuguese puerto rican qatari romanian russian rwandan salvadoran samoan saudi scottish
senegalese serbian sierra leonean singaporean slovak slovakian slovene slovenian somali south african spanish
sri lankan sudanese surinamese swazi swedish swiss syrian taiwanese tajik tanzanian thai togolese tongan
trinidadian tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni zambian
zimbabwean basque catalan flemish walloon sami inuit kurdish tamil punjabi hindi urdu bengali arabic hebrew
persian farsi swahili tagalog mandarin cantonese hmong somali amharic tigrinya yoruba igbo hausa creole
scandinavian nordic baltic balkan slavic latin latino european asian african caribbean arab anglo celtic
""")
REGIONS = _words("""
africa europe asia oceania antarctica americas arctic scandinavia caribbean balkans mediterranean middle east
latin america north america south america central america eurasia sub-saharan pacific atlantic
""")
# organisation suffixes: a capitalised phrase ending in one of these is a business, not a person
ORG_SUFFIX = _words("""
inc inc. incorporated ltd ltd. llc llp plc corp corp. corporation co co. company group holdings partners
associates technologies technology systems solutions software consulting services bank foundation institute
orchestra band labs laboratories media airlines industries enterprises ventures capital insurance markets
analytics networks international gmbh ag sa bv nv oy ab as aps spa srl
""")
# cues after which a capitalised word is a person ("my name is Ana", "call me Bo", "Hi Tom")
NAME_CUES = ("name is", "name's", "named", "call me", "calls me", "called me", "known as", "hi", "hello", "dear",
             "thanks", "thank you", "signed", "regards", "maiden name", "last name", "first name", "surname",
             "nickname", "goes by", "name:", "name", "says", "said", "follow up with", "speak to", "talk to",
             "spoke with", "spoke to", "ask for", "asked for", "meet", "met with", "attn", "attn:", "c/o", "by")
# clinical jargon missing from the English word list (capitalised at a sentence start or in headings)
CLINICAL |= _words("""
workup work-up dispo attendees participants troponin lactate procalcitonin hyponatremia hypokalemia hyperkalemia
telehealth telepsychiatry televideo nicu picu micu sicu pacu cvicu ltach ltac irf rehab detox uds bal etoh qhs prn
bid tid qid qd qam qpm po im iv sq sc subq sl odt xr er sr cr xl la dr ec hs npo nkda nka
""")
# languages patients speak (and that interpreters are booked for)
DEMONYMS |= _words("""
nahuatl mixtec zapotec quechua aymara guarani kiche k'iche mam triqui otomi mayan maya tzotzil tzeltal qanjobal
q'anjob'al chuj akateko garifuna tarahumara raramuri yaqui tohono o'odham yupik yup'ik inupiaq ojibwe anishinaabe
dakota nakota cree blackfoot crow cheyenne arapaho shoshone paiute ute comanche kiowa choctaw chickasaw muscogee
creek seminole haudenosaunee mohawk oneida seneca lenape tlingit haida marshallese chuukese samoan tongan chamorro
ilocano cebuano visayan dari pashto tigrinya oromo somali karen burmese nepali bhutanese rohingya kinyarwanda
kirundi lingala wolof fulani mandinka twi ewe haitian kreyol portuguese cape verdean
""")
# exam / note headings
CLINICAL |= _words("resp abd ext gen msk gu heent cv derm endo heme onc psych neuro pulm renal lymph extremities skin")
# common clinical shorthand typed in lower case (chat-style notes)
CLINICAL |= _words("""
sob doe cp pnd orthopnea tachy brady afib aflutter svt vtach vfib cabg pci ppm lvef ef trop hgb hct plt wbc ptt bun
lft lfts alk phos tbili ua ucx bcx kub mra cta cth lp abg vbg ivdu pwid ivda mdd bpad scz si hi avh ddx fhx shx tmax
nkda pos neg wnl nad rrr ctab ntnd aox3 aaox3 perrla eomi hpi cc ros bmi lmp edd gtpal gbs nst bpp
""")

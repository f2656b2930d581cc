"""Words clinicians capitalise that name no person and no place, in English, Spanish and French.

Hand-written for the second generation of the guard, from general clinical knowledge (not from
the evaluation sets): the brand names of widely prescribed medicines in the US, Spain, Latin
America, France and Quebec (national formularies' best sellers and the WHO essential medicines
list's generics), symptom and finding words missing from the ordinary-word lists, form labels and
note headings, and administrative divisions above town level (French départements, Spanish
provinces, Peruvian and Colombian departments, informal US regions).  A public medical word list
exists in Debian (hunspell-en-med, OpenMedSpel) but is GPL-3 and English only, so it is not
vendored into this MIT project.
"""
from __future__ import annotations

from echo.privacy.lexicon import _words

# brand and generic medicine names (lower case), three markets
DRUG_BRANDS = _words("""
tylenol advil motrin aleve excedrin lipitor zocor crestor pravachol coumadin warfarin lasix bumex demadex zaroxolyn
xanax ativan klonopin valium restoril ambien lunesta zoloft paxil celexa lexapro prozac wellbutrin cymbalta effexor
pristiq trintellix remeron desyrel buspar abilify seroquel zyprexa risperdal geodon latuda invega haldol clozaril
lithobid depakote lamictal keppra dilantin tegretol trileptal topamax neurontin lyrica synthroid levoxyl unithroid
cytomel plavix brilinta effient eliquis xarelto pradaxa savaysa lovenox heparin januvia janumet jardiance farxiga
invokana victoza ozempic wegovy mounjaro trulicity byetta lantus basaglar toujeo levemir tresiba humalog novolog
apidra admelog fiasp humulin novolin glucotrol amaryl actos avandia glucophage norvasc procardia cardizem
toprol lopressor tenormin coreg bystolic zestril prinivil vasotec altace lotensin cozaar diovan benicar micardis
avapro atacand hyzaar aldactone inspra entresto digoxin lanoxin cordarone pacerone multaq nitrostat imdur isordil
ranexa humira enbrel remicade stelara cosentyx taltz skyrizi dupixent xolair nucala keytruda opdivo yervoy tecentriq
imfinity imfinzi herceptin avastin rituxan revlimid imbruvica ibrance gleevec tagrisso xtandi zytiga lupron
prednisone medrol decadron solumedrol depo-medrol kenalog prilosec nexium protonix prevacid aciphex pepcid zantac
reglan zofran phenergan compazine imodium lomotil miralax dulcolax senokot colace linzess amitiza flomax proscar
avodart cialis viagra detrol ditropan vesicare myrbetriq singulair ventolin proair proventil xopenex flovent qvar
pulmicort advair symbicort breo dulera trelegy spiriva incruse anoro stiolto combivent atrovent zyrtec claritin
allegra benadryl flonase nasonex augmentin amoxil keflex cipro levaquin avelox zithromax biaxin bactrim septra
doxycycline vibramycin minocin cleocin flagyl macrobid monurol diflucan valtrex zovirax tamiflu paxlovid biktarvy
genvoya stribild triumeq dovato descovy truvada atripla odefsey symtuza juluca cabenuva epivir retrovir viread
isentress tivicay prezista norvir kaletra sustiva harvoni epclusa mavyret sovaldi rifater rifinah rimactane
narcan suboxone subutex sublocade vivitrol methadose dolophine oxycontin percocet vicodin norco dilaudid ultram
tramadol tramal fentanyl duragesic duloxetine gabapentin pregabalin fosamax boniva actonel prolia evista forteo
premarin provera depo-provera nexplanon mirena plan-b yaz yasmin ortho aricept namenda exelon razadyne sinemet
requip mirapex azilect adderall ritalin concerta vyvanse strattera intuniv chantix nicorette epipen glucagon
doliprane dafalgan efferalgan dolko spasfon smecta vogalène motilium primpéran mopral inexium lanzor ogast
eupantol inipomp gaviscon débridat duphalac forlax movicol kardegic aspégic plavix previscan sintrom coumadine
lovenox innohep fragmine arixtra lasilix burinex aldactone esidrex fludex coversyl triatec zestril renitec lodoz
détensiel cardensiel bisoce sectral avlocardyl amlor loxen tahor crestor zocor élisor ézétrol inegy levothyrox
euthyral cynomel l-thyroxine glucophage stagid diamicron amarel januvia xelevia galvus janumet velmetia novonorm
lantus levemir toujeo tresiba novorapid humalog apidra trulicity victoza ozempic augmentin clamoxyl orelox
oroken rocéphine rocephine ciflox oflocet tavanic zithromax rulid pyostacine bactrim flagyl fungizone triflucan
zovirax zelitrex tamiflu solupred cortancyl médrol célestène dexaméthasone ventoline bricanyl seretide symbicort
innovair spiriva atrovent singulair aerius clarityne zyrtec xyzall polaramine atarax théralène tercian loxapac
haldol risperdal solian abilify zyprexa xeroquel leponex depakine dépakote dépamide tégrétol lamictal keppra
rivotril urbanyl lexomil xanax témesta temesta seresta lysanxia tranxène valium stilnox imovane noctamide
deroxat seroplex prozac zoloft effexor cymbalta norset laroxyl anafranil athymil lithium téralithe skenan
actiskenan oxycontin oxynorm durogesic topalgic contramal ixprim zaldiar lamaline acupan nefopam tramadol
dafalgan codoliprane antarène nurofen advil spedifen voltarène profénid bi-profénid kétoprofène
adiro tromalyt sintrom aldocumar seguril eutirox levothroid dianben metformina januvia jardiance forxiga
lantus abasaglar nolotil metamizol enantyum dexketoprofeno gelocatil termalgin efferalgan apiretal dalsy
frenadol ibuprofeno paracetamol omeprazol pantoprazol esomeprazol almax primperan motilium fortasec duphalac
augmentine clamoxyl amoxicilina azitromicina zitromax ciprofloxacino levofloxacino cefuroxima ceftriaxona
orfidal trankimazin lexatin tranxilium valium noctamid stilnox dormicum tranquimazin sertralina besitran
cipralex seroxat paroxetina fluoxetina adofen prozac duloxetina cymbalta lyrica gabapentina neurontin
zyprexa risperdal seroquel haloperidol sinogan tegretol depakine keppra rivotril ventolin terbasmin
pulmicort seretide symbicort foster spiriva atrovent singulair ebastel aerius polaramine urbason dacortin
prednisona dexametasona fortecortin zaldiar tramadol adolonta durogesic palexia oxycontin targin
enalapril ramipril losartán losartan valsartán amlodipino bisoprolol carvedilol atenolol furosemida
espironolactona hidroclorotiazida simvastatina atorvastatina rosuvastatina cardyl zarator crestor
isoniazida rifampicina pirazinamida etambutol tritanrix efavirenz tenofovir lamivudina zidovudina
dolutegravir atripla truvada kaletra
""")

# symptoms, findings, tests and note headings a note may start a line or sentence with
CLINICAL_WORDS = _words("""
dyspnea dyspnoea orthopnea orthopnoea hemoptysis haemoptysis hematemesis melena hematochezia hematuria dysuria
polyuria polydipsia nocturia syncope presyncope vertigo dizziness palpitations diaphoresis pruritus jaundice icterus
myalgia arthralgia malaise anorexia cachexia lethargy somnolence confusion delirium seizure seizures tremor ataxia
paresthesia paresthesias numbness weakness fatigue headache headaches cephalgia photophobia diplopia tinnitus
odynophagia dysphagia heartburn dyspepsia bloating constipation diarrhea diarrhoea nausea vomiting rash urticaria
edema oedema cyanosis clubbing wheeze wheezing stridor crackles rales rhonchi murmur tachycardia bradycardia
hypotension hypertension hypoxia hypoxemia fever chills rigors sweats cough lymphadenopathy hepatomegaly
splenomegaly ascites effusion consolidation infiltrate
lifecycle workflow status draft submitted triage assessment impression disposition summary synopsis findings
labs imaging vitals meds medications allergies chief complaint hpi pmh psh fhx shx ros exam plan course outcome
question questions questionnaire attachment attachments presenter panel recommendation recommendations
disnea ortopnea hemoptisis hematemesis melena hematuria disuria poliuria polidipsia nicturia síncope presíncope
vértigo mareo mareos palpitaciones diaforesis prurito ictericia mialgia mialgias artralgia artralgias malestar
anorexia caquexia letargia somnolencia confusión convulsión convulsiones temblor ataxia parestesias debilidad
astenia adinamia cefalea cefaleas fotofobia diplopía acúfenos odinofagia disfagia pirosis dispepsia distensión
estreñimiento diarrea náuseas vómitos exantema urticaria edema edemas cianosis sibilancias estridor crepitantes
soplo taquicardia bradicardia hipotensión hipertensión hipoxemia fiebre escalofríos tos adenopatías hepatomegalia
esplenomegalia ascitis derrame
motivo antecedentes exploración evolución diagnóstico diagnósticos tratamiento plan pronóstico resumen comentario
comentarios pregunta preguntas recomendación recomendaciones laboratorio estudios paraclínicos imágenes
medicamentos alergias estado borrador ciclo
dyspnée orthopnée hémoptysie hématémèse méléna hématurie dysurie polyurie polydipsie nycturie syncope lipothymie
vertige vertiges palpitations sueurs prurit ictère myalgies arthralgies malaise anorexie cachexie léthargie
somnolence confusion convulsions tremblements ataxie paresthésies faiblesse asthénie céphalée céphalées
photophobie diplopie acouphènes odynophagie dysphagie pyrosis dyspepsie ballonnement constipation diarrhée
nausées vomissements éruption urticaire œdème oedème œdèmes oedèmes cyanose sibilants crépitants souffle
tachycardie bradycardie hypotension hypertension hypoxémie fièvre frissons toux adénopathies hépatomégalie
splénomégalie ascite épanchement
motif antécédents examen évolution diagnostic diagnostics traitement conduite pronostic résumé synthèse
commentaire commentaires question questions recommandation recommandations bilan biologie imagerie avis
domicilio domicile dirección procedencia provenance residencia résidence lugar lieu localidad localité nacimiento naissance
courriel adresse téléphone médicaments allergies statut brouillon cycle
genexpert xpert quantiferon mantoux ppd elisa vdrl rpr papanicolaou baciloscopia bacilloscopie
fronteras frontières roja lasante
""")

# ordinary Spanish and French words missing from the ordinary-word list (weekdays, holidays, "alta" = discharge):
# capitalised at a sentence start or after a label they are no name
ORDINARY_MORE = _words("""
seguro social apoyo referencia
alta baja buena bueno mala malo bonne lunes martes miércoles jueves viernes sábado semana navidad pascua carnaval
lundi mardi mercredi jeudi vendredi samedi dimanche noël pâques toussaint ramadan
""")

# divisions above town level (allowed under Safe Harbor like a US state or a Mexican state)
ADMIN_REGIONS = frozenset(w.replace("_", " ") for w in _words("""
ain aisne allier ardèche ardennes ariège aube aude aveyron bouches-du-rhône calvados cantal charente
charente-maritime corrèze corse-du-sud haute-corse côte-d'or côtes-d'armor creuse dordogne doubs drôme eure
eure-et-loir finistère gard haute-garonne gers gironde hérault ille-et-vilaine indre indre-et-loire isère jura
landes loir-et-cher loire haute-loire loire-atlantique loiret lot-et-garonne lozère maine-et-loire manche marne
haute-marne mayenne meurthe-et-moselle meuse morbihan moselle nièvre oise orne pas-de-calais puy-de-dôme
pyrénées-atlantiques hautes-pyrénées pyrénées-orientales bas-rhin haut-rhin rhône haute-saône saône-et-loire sarthe
savoie haute-savoie seine-maritime seine-et-marne yvelines deux-sèvres tarn tarn-et-garonne vaucluse
vendée haute-vienne vosges yonne territoire_de_belfort essonne hauts-de-seine seine-saint-denis val-de-marne
val-d'oise alpes-de-haute-provence hautes-alpes alpes-maritimes
albacete alicante almería badajoz barcelona cádiz castellón ciudad_real girona
guadalajara guipúzcoa gipuzkoa huelva huesca jaén lleida lérida málaga ourense orense
pontevedra tarragona teruel valladolid vizcaya bizkaia zaragoza la_rioja
cusco cuzco callao madre_de_dios san_martín amazonas apurímac
la_guajira norte_de_santander valle_del_cauca san_andrés vichada
midwest new_england panhandle appalachia southwest northwest northeast southeast pacific_northwest deep_south
great_plains mountain_west sun_belt rust_belt gulf_coast east_coast west_coast tri-state bay_area upstate downstate
"""))
# divisions named after their main town: after "in", "en", "à" the town is meant (see REGION_TOWNS)
ADMIN_TOWNS = frozenset(w.replace("_", " ") for w in _words("""
albacete alicante almería ávila badajoz barcelona burgos cáceres cádiz castellón cuenca girona granada guadalajara
huelva huesca jaén león lleida lugo málaga ourense palencia pontevedra salamanca segovia sevilla soria tarragona
teruel toledo valladolid zaragoza cusco cuzco lima callao
"""))

# countries in Spanish and French spellings (allowed like any country)
COUNTRY_NAMES = frozenset(w.replace("_", " ") for w in _words("""
haïti haití pérou perú mexique méxico colombie bolivie équateur guatémala brésil brasil états-unis estados_unidos
canadá espagne españa francia sénégal côte_d'ivoire cameroun république_dominicaine república_dominicana chili
argentine venezuela nicaragua honduras costa_rica panamá paraguay uruguay cuba guatemala ecuador
allemagne alemania italie italia angleterre inglaterra royaume-uni reino_unido belgique bélgica suisse suiza
maroc marruecos algérie argelia tunisie túnez mali guinée guinea congo rwanda bénin togo niger tchad gabon
madagascar liban líbano syrie siria chine china japon japón inde
"""))

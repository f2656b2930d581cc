"""Spanish and French word lists for the privacy guard (hand-written for this project).

ECHO programs run in Latin America, Spain, France, Quebec, Haiti and francophone Africa. These
lists say "an ordinary word" (capitalised at a sentence start or as a form label it is no name),
"a state-level region" (allowed under Safe Harbor, like a US state), or "a person cue".
"""
from __future__ import annotations

from echo.privacy.lexicon import _words
from echo.privacy.lexicon_clinical import ADMIN_TOWNS

# ordinary words that start sentences, head form fields or are capitalised in notes
WORDS = _words("""
el la los las un una unos unas lo al del de en con sin por para desde hasta hace tras según durante entre sobre bajo
ante contra hacia y e o u ni pero sino que quien quién cual cuál cuando cuándo donde dónde como cómo porque pues
qué quién cuál cuándo dónde cómo cuánto cuántos cuánta cuántas se su sus mi mis tu tus nuestro nuestra nuestros este esta estos estas ese esa esos esas aquel aquella
él ella ellos ellas usted ustedes nosotros yo le les me nos también además luego después antes ahora ya aún todavía
no sí muy más menos poco mucho bien mal nunca siempre hoy ayer mañana actualmente previamente posteriormente
refiere refirió niega negó presenta presentó acude acudió consulta consultó tiene tenía toma tomaba tomó recibe recibió
vive vivía trabaja trabajaba continúa continuar inicia inició iniciar suspende suspendió suspender cambia cambiar
sugiere sugerimos propone proponemos recomienda recomendamos indica indicó se_sugiere valorar valoración evaluar
paciente pacientes mujer hombre varón niño niña adolescente adulto adulta familia familiar familiares
motivo consulta antecedentes antecedente personales patológicos quirúrgicos alergias alergia hábitos enfermedad actual
exploración examen físico física diagnóstico diagnósticos tratamiento tratamientos plan pregunta preguntas recomendación
recomendaciones evolución resumen medicamentos medicación laboratorio laboratorios estudios imagen imágenes
seguimiento contexto social signos vitales impresión diagnóstica discusión conclusión comentario comentarios caso
historia clínica clínico nota notas objetivo subjetivo análisis panel especialista especialistas equipo
fiebre tos disnea dolor cefalea náuseas vómitos diarrea astenia adinamia mareo mareos fatiga insomnio ansiedad tristeza
palpitaciones edemas edema prurito hematuria disuria anorexia pérdida peso síncope convulsiones temblor debilidad
dolor torácico abdominal lumbar estreñimiento sangrado hemorragia tos productiva expectoración sudoración escalofríos
hiporexia polidipsia poliuria nicturia ideación suicida alucinaciones delirio agitación confusión somnolencia
diabetes hipertensión depresión asma epoc insuficiencia cardiaca cardíaca renal hepática cirrosis tuberculosis
neumonía infección sepsis anemia obesidad desnutrición embarazo parto cesárea puerperio vih sida hepatitis cáncer
sin cambios estable mejoría empeoramiento negativo positivo normal anormal pendiente
pregunta: recomendación: plan: diagnóstico: motivo: evolución:
le la les un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
il elle ils elles on nous vous je tu lui eux qui que quoi dont où quand comment pourquoi parce
et ou ni mais donc or car puis ensuite enfin alors aussi encore déjà toujours jamais souvent parfois
dans sur sous avec sans pour par chez vers depuis pendant après avant entre contre selon malgré dès
pas plus moins très peu beaucoup bien mal aujourd'hui hier demain actuellement auparavant
rapporte rapportait nie présente présentait consulte consultait prend prenait a avait vit vivait travaille
poursuite poursuivre introduction arrêt arrêter débuter débute débuté remplacer proposons propose proposer
recommande recommandons suggère suggérons réévaluer réévaluation surveiller surveillance reçu reçoit
patient patiente patients femme homme enfant adolescent adulte famille entourage
motif consultation antécédents antécédent personnels familiaux chirurgicaux allergies allergie mode vie
histoire maladie examen diagnostic diagnostics traitement traitements conduite tenir question questions
recommandation recommandations évolution synthèse résumé médicaments biologie imagerie suivi contexte
constantes hypothèse diagnostique discussion conclusion commentaire commentaires cas observation objectif
fièvre toux dyspnée douleur douleurs céphalées céphalée nausées vomissements diarrhée asthénie vertiges fatigue
insomnie anxiété tristesse palpitations œdèmes oedèmes œdème prurit hématurie brûlures mictionnelles anorexie
amaigrissement syncope convulsions tremblements faiblesse constipation saignement hémorragie sueurs frissons
polyurie polydipsie nycturie idées suicidaires hallucinations délire agitation confusion somnolence
diabète hypertension dépression asthme bpco insuffisance cardiaque rénale hépatique cirrhose tuberculose
pneumonie pneumopathie infection sepsis anémie obésité dénutrition grossesse accouchement césarienne vih sida
hépatite cancer paludisme drépanocytose choléra dengue
sans changement stable amélioration aggravation négatif positif normale anormal anormale en cours
courriel téléphone portable adresse domicile véhicule vehículo voiture coche placa patente matrícula immatriculation plaque vitale carte
ingresó ingresa ingresada ingresado derivada derivado trasladada trasladado atendida atendido referida referido
hospitalizada hospitalizado control controlada controlado afiliada afiliado vista visto
suivie suivi vue vu transférée transféré admise admis adressée adressé hospitalisée hospitalisé
sato2 spo2 fc fr ta hta pa tas tad imc glucemia glycémie hba1c creatinina créatinine
""")

# honorifics and forms of address: a capitalised word after one is a person
HONORIFICS = _words("""
sr sra srta sres don doña dña dn lic licda ing dra dr doctora doctor señor señora señorita enf
m mme mmes mlle mlles monsieur madame mademoiselle docteur pr professeur me maître née né
""")

# family and care relations: "su hija Ana", "sa fille Claire"
KIN = _words("""
hijo hija hijos hijas esposo esposa marido mujer madre padre mamá papá hermano hermana abuela abuelo nieto nieta
tío tía primo prima sobrino sobrina novio novia pareja cuidador cuidadora vecino vecina suegra suegro cuñado cuñada
yerno nuera compañero compañera amigo amiga
fils fille filles époux épouse mari femme mère père frère sœur soeur grand-mère grand-père petit-fils petite-fille
oncle tante cousin cousine neveu nièce compagnon compagne conjoint conjointe voisin voisine belle-mère beau-père
belle-fille gendre ami amie aidant aidante
""")

# words after which "de X" names a disease, sign, scale or procedure, not a person
EPONYM_HEADS = _words("""
enfermedad síndrome sindrome mal signo maniobra escala prueba test criterios clasificación tríada reflejo fractura
quiste úlcera tumor linfoma sarcoma bacilo virus operación técnica procedimiento índice puntuación score
maladie syndrome signe manœuvre manoeuvre échelle critères classification triade réflexe fracture kyste ulcère
tumeur lymphome sarcome bacille opération technique procédure indice
disease syndrome sign scale score test criteria
""")

# verbs and phrases after which a capitalised word is a medicine: "toma Sintrom", "sous Kardegic"
DRUG_CUES = _words("""
toma tomaba tomar tome recibe recibía recibió recibir inicia inició iniciar iniciamos continúa continuar suspender
suspendió suspende cambiar cambió cambia agregar añadir sugerimos sugiere usar usa usaba con
agregó agrega añadió añade indicó indica prescribe prescribió pautó receta recetó
prescrit prescrire ajouté ajoute introduit relais
prend prenait prendre sous reçoit recevait reçu débuter débute débuté poursuivre poursuite introduction arrêter
arrêt remplacer proposons propose ajouter associer
takes took taking start started continue continued stop stopped switch switched on
prescribed prescribe
""")

# medicine name endings in Spanish and French (generic names), beside the English ones in words.py
MED_SUFFIXES = ("prazol", "prazole", "dipino", "semida", "sémide", "cilina", "cilline", "statina", "statine", "micina",
                "mycine", "floxacino", "floxacine", "sartán", "formina", "formine", "tiazida", "tiazide", "azepam",
                "azépam", "tidina", "tidine", "setrón", "sétron", "triptán", "parina", "parine", "xabán", "profeno",
                "profène", "cetamol", "cétamol", "olona", "olone", "sona", "ciclina", "cycline", "azol", "azole")

# common medicine brands in Spain, Latin America, France and Quebec
DRUGS = _words("""
adiro lexatin trankimazin eutirox seguril ventolin enantyum valium haldol risperdal zyprexa seroquel tegretol
keppra synthroid glucofage ozempic trulicity jardiance forxiga januvia lantus tresiba humalog augmentine augmentin
bactrim cipro dolex advil motrin aspirina dalsy gelocatil frenadol apiretal efferalgan doliprane kardegic gaviscon
imovane seroplex effexor prozac zoloft previscan eliquis xarelto pradaxa glucophage novorapid seretide symbicort
inexium tahor crestor coversyl triatec aldactone bisoce cardensiel lyrica neurontin skenan oxycontin subutex
suboxone lexomil méthadone voltarène nurofen spedifen tramadol ixprim lamaline temesta xanax lysanxia atarax théralène
tercian loxapac risperdal solian abilify zyprexa depakote lamictal levothyroxine euthyral
""")

# first-level subdivisions (states, provinces, regions, departments): allowed like a US state
REGIONS = _words("""
aguascalientes baja_california campeche chiapas chihuahua coahuila colima durango guanajuato guerrero hidalgo jalisco
michoacán michoacan morelos nayarit oaxaca puebla querétaro queretaro quintana_roo sinaloa sonora tabasco tamaulipas
tlaxcala veracruz yucatán yucatan zacatecas cdmx
amazonas antioquia arauca atlántico bolívar boyacá caldas caquetá casanare cauca cesar chocó córdoba cundinamarca
guainía guaviare huila magdalena meta nariño putumayo quindío risaralda santander sucre tolima vaupés vichada
ancash apurímac arequipa ayacucho cajamarca huancavelica huánuco ica junín lambayeque loreto moquegua pasco piura
puno tacna tumbes ucayali
catamarca chaco chubut corrientes entre_ríos formosa jujuy la_pampa la_rioja misiones neuquén río_negro salta
santa_cruz santa_fe santiago_del_estero tierra_del_fuego tucumán
arica parinacota tarapacá antofagasta atacama coquimbo valparaíso o'higgins maule ñuble biobío araucanía los_ríos
los_lagos aysén magallanes
azuay bolívar cañar carchi chimborazo cotopaxi el_oro esmeraldas galápagos guayas imbabura manabí morona_santiago
napo orellana pastaza pichincha tungurahua zamora_chinchipe
beni chuquisaca cochabamba oruro pando potosí
alta_verapaz baja_verapaz chimaltenango chiquimula el_progreso escuintla izabal jalapa jutiapa petén quetzaltenango
quiché retalhuleu sacatepéquez san_marcos santa_rosa sololá suchitepéquez totonicapán zacapa huehuetenango
atlántida colón comayagua copán cortés el_paraíso francisco_morazán gracias_a_dios intibucá islas_de_la_bahía
lempira ocotepeque olancho yoro valle
ahuachapán cabañas chalatenango cuscatlán la_libertad la_paz la_unión morazán san_miguel san_vicente sonsonate usulután
andalucía aragón asturias baleares canarias cantabria castilla_y_león castilla-la_mancha cataluña catalunya
extremadura galicia navarra euskadi país_vasco comunidad_valenciana murcia
île-de-france bretagne normandie hauts-de-france grand_est bourgogne-franche-comté auvergne-rhône-alpes
provence-alpes-côte_d'azur paca occitanie nouvelle-aquitaine centre-val_de_loire pays_de_la_loire corse alsace
lorraine picardie aquitaine limousin auvergne bourgogne champagne provence franche-comté languedoc roussillon
guadeloupe martinique guyane réunion la_réunion mayotte
ontario québec alberta manitoba saskatchewan nouveau-brunswick nouvelle-écosse colombie-britannique terre-neuve
île-du-prince-édouard nunavut yukon
artibonite centre grand'anse grande-anse nippes nord nord-est nord-ouest ouest sud sud-est
casamance dakar_region
""")
REGIONS = frozenset(w.replace("_", " ") for w in REGIONS)

# regions that share their name with a town (often their capital): after "in", "en", "à" the town is meant
REGION_TOWNS = frozenset(w.replace("_", " ") for w in _words("""
córdoba santa_fe salta tucumán jujuy mendoza corrientes formosa catamarca la_rioja neuquén san_juan san_luis
arequipa ayacucho cajamarca cusco huancavelica huánuco ica moquegua piura puno tacna tumbes
oaxaca puebla durango zacatecas colima campeche chihuahua guanajuato querétaro queretaro aguascalientes tlaxcala veracruz
sucre oruro potosí cochabamba tarija huehuetenango quetzaltenango chimaltenango jalapa jutiapa escuintla zacapa
chiquimula sololá totonicapán retalhuleu comayagua choluteca yoro ocotepeque santa_rosa chalatenango usulután
sonsonate ahuachapán san_miguel san_vicente la_unión la_paz murcia magdalena valparaíso coquimbo antofagasta
esmeraldas québec ontario
"""))
REGION_TOWNS |= ADMIN_TOWNS

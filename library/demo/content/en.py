"""English demo pages: fictional, illustrative, modelled on patterns reported in the region."""

ILLUSTRATIVE = (
    "<p><strong>Illustrative case.</strong> This case study is fictional. It combines patterns reported across the "
    "region; places are named only at province or crossing level and no real person or case is described.</p>"
)

UNODC_TIP = {
    "title": "Human trafficking and migrant smuggling",
    "publisher": "UNODC",
    "year": 2024,
    "url": "https://www.unodc.org/unodc/en/human-trafficking/index.html",
}
TIP_PROTOCOL = {
    "title": "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
    "publisher": "United Nations (OHCHR)",
    "year": 2000,
    "url": "https://www.ohchr.org/en/instruments-mechanisms/instruments/protocol-prevent-suppress-and-punish-trafficking-persons",
}
SOM_PROTOCOL = {
    "title": "Protocol against the Smuggling of Migrants by Land, Sea and Air",
    "publisher": "United Nations (OHCHR)",
    "year": 2000,
    "url": "https://www.ohchr.org/en/instruments-mechanisms/instruments/protocol-against-smuggling-migrants-land-sea-and-air",
}
ACTIP = {
    "title": "ASEAN Convention Against Trafficking in Persons, Especially Women and Children (ACTIP)",
    "publisher": "ASEAN",
    "year": 2015,
    "url": "https://asean.org/",
}
SHERLOC = {
    "title": "SHERLOC case law and legislation database",
    "publisher": "UNODC",
    "year": 2024,
    "url": "https://sherloc.unodc.org/",
}
ILO = {
    "title": "Forced labour, modern slavery and trafficking in persons",
    "publisher": "ILO",
    "year": 2024,
    "url": "https://www.ilo.org/",
}

LAW_TH = "Anti-Trafficking in Persons Act B.E. 2551 (2008), as amended; Criminal Procedure Code."
LAW_KH = "Law on Suppression of Human Trafficking and Sexual Exploitation (2008); Code of Criminal Procedure."
LAW_LA = "Law on Anti-Trafficking in Persons (2015); Law on Criminal Procedure."
LAW_VN = (
    "Law on Prevention and Combat of Human Trafficking; Criminal Code (trafficking offences); Criminal Procedure Code."
)

METHODS = [
    {
        "key": "victim-identification-interview",
        "language": "en",
        "title": "The first victim identification interview",
        "summary": (
            "How to conduct a first, trauma-informed interview with a person who may have been trafficked: "
            "setting, interpreter, questions that open rather than lead, and what to record."
        ),
        "year": 2024,
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["forced-labour", "sexual-exploitation", "forced-marriage", "scam-compounds"],
        "tags": ["victim identification", "interviewing", "trauma-informed"],
        "purpose": (
            "Establish whether a person shows indicators of trafficking, learn what they need now, and record "
            "their account without causing further harm or contaminating later evidence."
        ),
        "when_to_use": (
            "<p>Use it at the first contact after a rescue, a screening referral at a checkpoint, a hotline call "
            "or a deportation hand-over, whenever indicators are present. Do not wait for the person to call "
            "themselves a victim: most will not.</p>"
        ),
        "steps": [
            (
                "Prepare a safe setting",
                "<p>A private room, away from suspects and from other returnees. Offer water, "
                "food and rest first. Remove uniforms or weapons from view where the rules allow.</p>",
            ),
            (
                "Choose the interpreter carefully",
                "<p>Use a vetted interpreter who is not from the person's "
                "village network and who has no link to the recruiter. Ask the person whether they are comfortable "
                "with the interpreter's gender and language.</p>",
            ),
            (
                "Explain who you are and what happens next",
                "<p>Explain rights, the purpose of the interview, that "
                "they may stop at any time, and the support available whatever they decide.</p>",
            ),
            (
                "Ask open questions",
                "<p>Begin with the journey: “Tell me how you came to be here.” Follow with "
                "open prompts about work, pay, debts, documents and freedom to leave. Avoid questions that suggest "
                "an answer.</p>",
            ),
            (
                "Record indicators, not conclusions",
                "<p>Write down what was said in the person's words where "
                "possible, mark indicators on the national screening form, and note physical and emotional "
                "condition without diagnosis.</p>",
            ),
            (
                "Refer and plan the next contact",
                "<p>Arrange shelter, medical care or family contact as needed, "
                "and agree when a fuller statement will be taken.</p>",
            ),
        ],
        "indicators": (
            "<ul><li>Documents held by someone else</li><li>A debt that grows faster than it can be repaid</li>"
            "<li>Work or conditions different from what was promised</li><li>Not free to leave, or watched</li>"
            "<li>Fear of the recruiter, or of the police</li><li>Injuries, or signs of confinement</li></ul>"
        ),
        "what_to_avoid": (
            "<ul><li>Interviewing in front of employers, brokers or fellow workers</li>"
            "<li>Repeated interviews by different agencies about the same events</li>"
            "<li>Treating the person as an offender for immigration breaches before screening</li>"
            "<li>Promising outcomes you cannot guarantee</li></ul>"
        ),
        "legal_bases": [("KH", LAW_KH), ("LA", LAW_LA), ("TH", LAW_TH), ("VN", LAW_VN)],
    },
    {
        "key": "financial-investigation-scam-proceeds",
        "language": "en",
        "title": "Following the money: financial investigation of scam proceeds",
        "summary": (
            "A method for tracing the proceeds of online scams run from compounds: from the victim's transfer, "
            "through mule accounts and crypto-asset exchanges, to the people who control them."
        ),
        "year": 2024,
        "audience": "officers",
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["scam-compounds"],
        "tags": ["financial investigation", "money mules", "crypto-assets"],
        "purpose": (
            "Identify the accounts and people that receive and move scam proceeds, so that assets can be frozen "
            "and the organisers behind the compounds charged, not only the workers forced to run the scams."
        ),
        "when_to_use": (
            "<p>Start as soon as a fraud complaint or a rescued worker's account gives you a first account number, "
            "wallet address or payment reference. Speed matters: funds move within hours.</p>"
        ),
        "steps": [
            (
                "Secure the first transaction",
                "<p>Obtain the victim's transfer record and request an urgent hold "
                "through the bank's fraud channel.</p>",
            ),
            (
                "Map the mule layer",
                "<p>Request statements for receiving accounts and chart onward transfers. "
                "Mule accounts often share devices, IP ranges or the same opening branch.</p>",
            ),
            (
                "Trace crypto-asset movements",
                "<p>Use blockchain analysis to follow stablecoin transfers to "
                "exchange deposit addresses, then send preservation requests to the exchanges.</p>",
            ),
            (
                "Link money to the compound",
                "<p>Compare timing and amounts with devices and chat logs seized from "
                "the compound or described by rescued workers.</p>",
            ),
            (
                "Freeze and share",
                "<p>Apply for freezing orders and share intelligence with financial intelligence "
                "units in the other countries through formal channels.</p>",
            ),
        ],
        "indicators": (
            "<ul><li>Many small incoming transfers from unrelated people, quickly withdrawn</li>"
            "<li>Accounts opened in batches with similar details</li><li>Round-number transfers to crypto-asset "
            "exchanges</li><li>Account holders who cannot explain the activity</li></ul>"
        ),
        "what_to_avoid": (
            "<ul><li>Charging low-level mule account holders while ignoring who recruited them</li>"
            "<li>Alerting suspects with informal enquiries to banks</li><li>Treating trafficked scam workers as "
            "the main offenders</li></ul>"
        ),
        "legal_bases": [
            ("TH", "Anti-Money Laundering Act; " + LAW_TH),
            ("KH", "Law on Anti-Money Laundering and Combating the Financing of Terrorism; " + LAW_KH),
        ],
    },
    {
        "key": "verifying-job-adverts",
        "language": "en",
        "title": "Verifying online job adverts",
        "summary": (
            "A quick check officers and outreach workers can run on an online job offer to tell a genuine "
            "vacancy from a recruitment lure for scam compounds or forced labour."
        ),
        "year": 2023,
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["scam-compounds", "forced-labour"],
        "tags": ["online recruitment", "prevention", "open sources"],
        "purpose": (
            "Decide within minutes whether a job advert shows signs of deceptive recruitment, and preserve it "
            "as evidence if it does."
        ),
        "when_to_use": (
            "<p>When a worker at a checkpoint shows a job offer, when a family reports a relative who left for "
            "an overseas job, or when monitoring social media groups that advertise work abroad.</p>"
        ),
        "steps": [
            (
                "Capture the advert",
                "<p>Take screenshots with the page address and the time visible, and save the "
                "link before the post is deleted.</p>",
            ),
            (
                "Check the employer",
                "<p>Search the company's registration in the destination country and the "
                "licence of any recruitment agency named.</p>",
            ),
            (
                "Compare pay with the market",
                "<p>Salaries far above local rates for “customer service”, "
                "“typing” or “game promotion” work with no skills required are a strong warning sign.</p>",
            ),
            (
                "Check the route",
                "<p>Offers that pay for travel, route through a land border with no work permit "
                "or ask applicants to enter on a tourist visa point to irregular recruitment.</p>",
            ),
            (
                "Record and share",
                "<p>Enter the advert in the shared warning list and tell platform trust-and-safety "
                "teams through their law-enforcement channel.</p>",
            ),
        ],
        "indicators": (
            "<ul><li>High pay, no experience, no interview</li><li>Contact only through a messaging app</li>"
            "<li>Travel paid in advance, repaid from salary</li><li>Vague employer and location</li>"
            "<li>Requests to keep the offer secret from family</li></ul>"
        ),
        "what_to_avoid": (
            "<ul><li>Contacting the recruiter from a personal account</li><li>Blaming the applicant for believing "
            "the advert</li></ul>"
        ),
        "legal_bases": [("TH", LAW_TH), ("VN", LAW_VN)],
    },
    {
        "key": "joint-border-information-exchange",
        "language": "en",
        "title": "Information exchange during joint border patrols",
        "summary": (
            "How counterpart units on both sides of a land border share information on suspected trafficking "
            "and smuggling during joint patrols and border liaison office meetings."
        ),
        "year": 2023,
        "countries": ["KH", "TH", "LA"],
        "crimes": ["migrant-smuggling", "forced-labour", "sexual-exploitation"],
        "tags": ["border liaison", "cooperation", "patrol"],
        "purpose": (
            "Turn what each side sees at the border into timely, lawful action on both sides, without exposing "
            "victims or informants."
        ),
        "when_to_use": (
            "<p>At scheduled border liaison office meetings, during coordinated patrols of irregular crossings, "
            "and whenever a group crossing is expected.</p>"
        ),
        "steps": [
            (
                "Agree what can be shared",
                "<p>Before the patrol, confirm which information may pass through the "
                "border liaison channel and which needs a formal mutual legal assistance request.</p>",
            ),
            (
                "Use a shared incident format",
                "<p>Record date range, crossing area, group size, transport and "
                "indicators, never personal details of victims.</p>",
            ),
            (
                "Name one contact point each side",
                "<p>One officer per shift receives and answers alerts, so "
                "messages do not go missing between units.</p>",
            ),
            (
                "Follow up within the week",
                "<p>Report back what happened to each alert: intercepted, referred, no trace.</p>",
            ),
        ],
        "indicators": (
            "<ul><li>Repeated crossings by the same vehicles or boats</li><li>Groups travelling with one person "
            "holding all documents</li><li>Minors travelling without family</li></ul>"
        ),
        "what_to_avoid": (
            "<ul><li>Sharing photographs or identity documents of victims by personal messaging apps</li>"
            "<li>Pushing people back across the border before screening</li></ul>"
        ),
        "legal_bases": [("TH", LAW_TH), ("KH", LAW_KH), ("LA", LAW_LA)],
    },
    {
        "key": "digital-evidence-messaging-apps",
        "language": "en",
        "title": "Collecting digital evidence from messaging apps",
        "summary": (
            "Preserving and extracting chats, voice notes and payment screenshots from phones of victims and "
            "suspects so that they stand up in court in any of the four countries."
        ),
        "year": 2024,
        "audience": "members",
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["scam-compounds", "forced-marriage", "sexual-exploitation"],
        "tags": ["digital evidence", "messaging apps", "chain of custody"],
        "purpose": (
            "Capture messaging-app evidence in a way that preserves its integrity and the victim's privacy, with "
            "a chain of custody a court will accept."
        ),
        "when_to_use": (
            "<p>Whenever recruitment, control or payment took place through chat apps, which is now the case in "
            "most scam-compound and forced-marriage cases.</p>"
        ),
        "steps": [
            (
                "Ask for consent and explain",
                "<p>For a victim's phone, explain what will be copied and why, and "
                "record consent. Copy only what is relevant.</p>",
            ),
            (
                "Isolate the device",
                "<p>Put suspects' phones in flight mode or a shielded bag to stop remote wiping.</p>",
            ),
            (
                "Extract, then hash",
                "<p>Use an approved extraction tool, compute a hash of the extraction and "
                "record it in the exhibit log.</p>",
            ),
            (
                "Request provider data",
                "<p>Send preservation requests to the app provider quickly; account data is kept for a short time.</p>",
            ),
            (
                "Translate with care",
                "<p>Have chats in other languages translated by a certified translator, "
                "keeping the original text beside the translation.</p>",
            ),
        ],
        "indicators": (
            "<ul><li>Group chats used to assign daily “targets”</li><li>Photos of passports sent to a "
            "recruiter</li><li>Voice notes with threats or debt amounts</li></ul>"
        ),
        "what_to_avoid": (
            "<ul><li>Forwarding evidence to personal accounts</li><li>Keeping a victim's phone longer than "
            "necessary</li><li>Screenshots without the surrounding context</li></ul>"
        ),
        "legal_bases": [("VN", LAW_VN), ("TH", "Computer-Related Crime Act; " + LAW_TH)],
    },
    {
        "key": "age-assessment",
        "language": "en",
        "title": "Assessing the age of a possible child victim",
        "summary": (
            "When documents are missing or false, how to assess whether a person may be under 18 and apply "
            "child protections while the assessment is under way."
        ),
        "year": 2023,
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["sexual-exploitation", "forced-labour", "forced-marriage"],
        "tags": ["children", "age assessment", "victim identification"],
        "purpose": "Protect children who are treated as adults because their documents say so, or because none exist.",
        "when_to_use": (
            "<p>Whenever a person's appearance, account or documents leave doubt about whether they are a child.</p>"
        ),
        "steps": [
            (
                "Presume childhood while in doubt",
                "<p>Apply child protection procedures until the assessment is complete.</p>",
            ),
            (
                "Gather documentary evidence",
                "<p>Ask the country of origin, through official channels, for birth or school records.</p>",
            ),
            (
                "Hold a holistic interview",
                "<p>A social worker and a trained officer together, covering family, schooling and life events.</p>",
            ),
            (
                "Use medical methods only as a last resort",
                "<p>Their margin of error is wide; record it, and give the benefit of the doubt.</p>",
            ),
        ],
        "indicators": "<ul><li>Documents with a birth year that does not match school history</li>"
        "<li>Identity cards obtained shortly before travel</li></ul>",
        "what_to_avoid": "<ul><li>Relying on appearance alone</li><li>Detaining a possible child with adults</li></ul>",
        "legal_bases": [("TH", "Child Protection Act B.E. 2546 (2003); " + LAW_TH), ("KH", LAW_KH)],
    },
    {
        "key": "referral-to-shelters",
        "language": "en",
        "title": "Referral to shelters and support services",
        "summary": (
            "Who to call, what to hand over and how to follow up when referring an identified or presumed "
            "victim to a shelter or support service, within the country or across a border."
        ),
        "year": 2024,
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["forced-labour", "sexual-exploitation", "forced-marriage", "scam-compounds"],
        "tags": ["referral", "shelter", "victim support"],
        "purpose": "Make sure every presumed victim reaches safe accommodation, care and advice, with consent.",
        "when_to_use": "<p>As soon as indicators are found, before any decision on prosecution.</p>",
        "steps": [
            (
                "Explain the options",
                "<p>Shelter, community-based support, or return home with follow-up; the person chooses.</p>",
            ),
            (
                "Call the social welfare focal point",
                "<p>Use the national referral mechanism contact for the province; agree a hand-over time.</p>",
            ),
            ("Hand over a minimal file", "<p>Only the information the service needs, marked confidential.</p>"),
            (
                "Plan repatriation through official channels",
                "<p>Cross-border returns go through the social "
                "welfare ministries of both countries, not through informal transport.</p>",
            ),
            ("Follow up", "<p>Check at one week and one month that the person arrived and is supported.</p>"),
        ],
        "indicators": "<ul><li>No safe place to stay</li><li>Debt to the recruiter still outstanding</li></ul>",
        "what_to_avoid": "<ul><li>Holding victims in immigration detention for lack of shelter space</li>"
        "<li>Making support conditional on testifying</li></ul>",
        "legal_bases": [("LA", LAW_LA), ("VN", LAW_VN)],
    },
]

RESOURCES = [
    {
        "key": "asean-actip",
        "language": "en",
        "title": "ASEAN Convention Against Trafficking in Persons (ACTIP)",
        "summary": (
            "The regional convention that binds all four countries: criminalisation, protection of victims, "
            "and cooperation, including mutual legal assistance and extradition."
        ),
        "year": 2015,
        "resource_kind": "law",
        "publisher": "ASEAN",
        "link": "https://asean.org/",
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["forced-labour", "sexual-exploitation", "forced-marriage"],
        "tags": ["ACTIP", "regional law", "cooperation"],
    },
    {
        "key": "un-trafficking-protocol",
        "language": "en",
        "title": "UN Trafficking in Persons Protocol",
        "summary": "The international definition of trafficking in persons: act, means and purpose.",
        "year": 2000,
        "resource_kind": "law",
        "publisher": "United Nations",
        "link": TIP_PROTOCOL["url"],
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["forced-labour", "sexual-exploitation", "forced-marriage", "scam-compounds"],
        "tags": ["international law", "definition"],
    },
    {
        "key": "un-smuggling-protocol",
        "language": "en",
        "title": "UN Smuggling of Migrants Protocol",
        "summary": "The international definition of migrant smuggling and the protection of smuggled migrants.",
        "year": 2000,
        "resource_kind": "law",
        "publisher": "United Nations",
        "link": SOM_PROTOCOL["url"],
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["migrant-smuggling"],
        "tags": ["international law", "definition", "smuggling"],
    },
    {
        "key": "national-laws-sherloc",
        "language": "en",
        "title": "National trafficking laws of Cambodia, Laos, Thailand and Viet Nam (SHERLOC)",
        "summary": (
            "UNODC's database holds the anti-trafficking and anti-smuggling legislation of each country and "
            "summaries of case law. Start here to compare offences and penalties."
        ),
        "year": 2024,
        "resource_kind": "law",
        "publisher": "UNODC",
        "link": SHERLOC["url"],
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["forced-labour", "migrant-smuggling", "document-fraud"],
        "tags": ["national law", "case law"],
    },
    {
        "key": "indicators-pocket-card",
        "language": "en",
        "title": "Pocket card: trafficking indicators at the checkpoint",
        "summary": (
            "A two-page printable card with the questions and indicators a checkpoint officer can use in the "
            "first minutes of contact. Illustrative material generated for the demo."
        ),
        "year": 2024,
        "resource_kind": "guide",
        "publisher": "Frontline Exchange (illustrative)",
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["forced-labour", "sexual-exploitation", "migrant-smuggling"],
        "tags": ["victim identification", "checkpoint", "printable"],
        "document": {
            "format": "pdf",
            "title": "Pocket card: trafficking indicators at the checkpoint (illustrative)",
            "paragraphs": [
                "Illustrative material for the Frontline Exchange demo. Adapt it to your national screening form.",
                "Ask: Who arranged your trip? Who holds your passport? What work were you promised? "
                "Do you owe money to anyone for this journey? Can you contact your family?",
                "Look for: one person answering for the whole group; travellers who do not know their destination; "
                "identical new documents; minors without family; signs of fear or injury.",
                "Act: separate the person from the group politely; use a trusted interpreter; refer to the "
                "social welfare focal point; record indicators, not conclusions.",
                "Never: share photographs of victims on personal phones; push people back before screening; "
                "promise what you cannot guarantee.",
            ],
        },
    },
    {
        "key": "checkpoint-training-curriculum",
        "language": "en",
        "title": "Two-day training curriculum: identifying victims at border checkpoints",
        "summary": (
            "Session plans, exercises and case discussions for a two-day course for immigration and border "
            "police officers. Illustrative curriculum generated for the demo."
        ),
        "year": 2024,
        "resource_kind": "curriculum",
        "publisher": "Frontline Exchange (illustrative)",
        "countries": ["KH", "LA", "TH", "VN"],
        "crimes": ["forced-labour", "sexual-exploitation", "scam-compounds", "migrant-smuggling"],
        "tags": ["training", "curriculum", "victim identification"],
        "audience": "members",
        "document": {
            "format": "docx",
            "title": "Two-day curriculum: identifying victims at border checkpoints (illustrative)",
            "paragraphs": [
                "Day one, morning: definitions. Trafficking in persons and migrant smuggling compared; the act, "
                "means and purpose elements; consent is irrelevant once means are used.",
                "Day one, afternoon: indicators at the checkpoint. Exercise with three fictional travel groups.",
                "Day two, morning: the first interview. Role play with interpreters; what to avoid.",
                "Day two, afternoon: referral and cross-border cooperation. Mapping the national referral "
                "mechanism and the border liaison channel.",
                "- Materials: pocket card, national screening form, fictional case files.",
                "- Assessment: a short scenario test at the end of each day.",
            ],
        },
    },
]

CASE_STUDIES = [
    {
        "key": "scam-compound-coastal-province",
        "language": "en",
        "title": "Job advert for “customer service” leads to a coastal scam compound",
        "summary": (
            "Illustrative case. Young Vietnamese and Thai jobseekers answered an online advert for customer "
            "service work, were driven across the border and held in a guarded compound where they were forced "
            "to run investment scams."
        ),
        "year": 2022,
        "year_end": 2023,
        "countries": [("VN", "origin"), ("TH", "origin"), ("KH", "destination")],
        "border_area": "Preah Sihanouk province",
        "crimes": ["scam-compounds", "forced-labour"],
        "channels": ["social-media", "job-advert"],
        "tags": ["scam compound", "online recruitment", "debt bondage"],
        "modus_operandi": (
            "<p>Adverts in social media groups for jobseekers offered monthly pay several times the local rate "
            "for “customer service” with no experience needed. Recruiters moved conversations to a messaging "
            "app, paid for bus tickets and arranged a crossing at an unofficial point. On arrival, passports "
            "were taken and workers told they owed the cost of travel and “training”.</p>"
            "<p>Workers were given scripts and fake profiles and set daily targets for persuading strangers to "
            "invest in a fake trading platform. Those who missed targets were fined, beaten or threatened with "
            "resale to another compound.</p>"
        ),
        "victim_count": "21-100",
        "victim_age_band": "18-24",
        "victim_gender": "mixed",
        "detection": (
            "<p>A worker sent a location pin and voice notes to a relative, who reported to the provincial "
            "police in the country of origin. The report reached the destination country through the liaison "
            "officer network.</p>"
        ),
        "investigation_steps": (
            "<ol><li>Verified the reports against satellite imagery and public company records.</li>"
            "<li>Collected and preserved the chats relatives had received.</li>"
            "<li>Coordinated a raid with the destination country's police; workers were screened on site.</li>"
            "<li>Traced salary and ransom payments through mule accounts to exchange wallets.</li></ol>"
        ),
        "cooperation": (
            "<p>Police liaison officers of the origin countries, the destination country's anti-trafficking "
            "police and immigration department, and embassies for travel documents.</p>"
        ),
        "outcome_status": "prosecution",
        "sentence": "",
        "victim_support": (
            "<p>Screened workers were housed in a temporary shelter, given medical checks and repatriated "
            "through official channels; some received support to repay informal loans taken to pay ransoms.</p>"
        ),
        "lessons_learned": (
            "<ul><li>Families are often the first to know: make reporting channels easy to find.</li>"
            "<li>Screen everyone leaving a compound; many were treated as offenders at first.</li>"
            "<li>Start the financial investigation on day one.</li></ul>"
        ),
        "related_methods": [
            "verifying-job-adverts",
            "victim-identification-interview",
            "financial-investigation-scam-proceeds",
        ],
        "sources": [UNODC_TIP, TIP_PROTOCOL],
        "body": [
            ("heading", "Why this case matters"),
            (
                "paragraph",
                "<p>It shows how recruitment for forced criminality looks like ordinary job "
                "advertising, and why workers released from compounds must be screened as possible victims "
                "before any charge is considered.</p>",
            ),
        ],
    },
    {
        "key": "scam-compound-river-border",
        "language": "en",
        "title": "Routed across a river border into a scam compound",
        "summary": (
            "Illustrative case. Thai graduates recruited through a messaging app for “game promotion” jobs "
            "were taken across a river border and forced to run romance scams in a compound on the other bank."
        ),
        "year": 2023,
        "countries": [("TH", "origin"), ("MM", "destination")],
        "border_area": "Tak province (river border)",
        "crimes": ["scam-compounds", "forced-labour"],
        "channels": ["social-media", "job-advert"],
        "tags": ["scam compound", "river crossing", "online recruitment"],
        "modus_operandi": (
            "<p>A recruiter contacted graduates through a messaging-app group about online game promotion "
            "work. Flights to the border province were paid in advance. Drivers took the recruits to a riverbank "
            "where boats crossed in minutes outside official hours.</p>"
            "<p>In the compound, workers were assigned fake social-media profiles and told to build romantic "
            "relationships with foreigners before steering them to a fraudulent investment site.</p>"
        ),
        "victim_count": "6-20",
        "victim_age_band": "18-24",
        "victim_gender": "mixed",
        "detection": (
            "<p>Two workers who escaped reached the border checkpoint and were screened by immigration officers "
            "using the national indicators form.</p>"
        ),
        "investigation_steps": (
            "<ol><li>Interviewed the escaped workers with a social worker present.</li>"
            "<li>Identified the recruiter's messaging account and requested data preservation.</li>"
            "<li>Traced the drivers through toll records and ride payments.</li>"
            "<li>Charged the domestic recruiter and driver.</li></ol>"
        ),
        "cooperation": (
            "<p>Border liaison contacts were used to request the release of remaining workers; a humanitarian "
            "organisation assisted with their return.</p>"
        ),
        "outcome_status": "conviction",
        "sentence": "Recruiter: 8 years' imprisonment and a fine; driver: 4 years",
        "victim_support": "<p>Shelter, counselling and help with lost university certificates.</p>",
        "lessons_learned": (
            "<ul><li>Domestic recruiters and drivers can be prosecuted even when the compound is out of reach.</li>"
            "<li>Early data preservation requests kept the recruiter's chat history available.</li></ul>"
        ),
        "related_methods": ["verifying-job-adverts", "digital-evidence-messaging-apps"],
        "sources": [UNODC_TIP],
        "body": [],
    },
    {
        "key": "fishing-vessel-debt-bondage",
        "language": "en",
        "title": "Debt bondage on a long-haul fishing vessel",
        "summary": (
            "Illustrative case. Cambodian men recruited by a broker for work on fishing boats were kept at sea "
            "for months, unpaid, their debt growing; a port inspection found the indicators."
        ),
        "year": 2021,
        "year_end": 2022,
        "countries": [("KH", "origin"), ("TH", "destination")],
        "border_area": "Gulf of Thailand ports (Songkhla province)",
        "crimes": ["forced-labour"],
        "channels": ["broker", "family"],
        "tags": ["fishing", "debt bondage", "port inspection"],
        "modus_operandi": (
            "<p>A broker from the men's home district promised work in seafood processing and lent money for "
            "documents and travel. On arrival the men were placed on a vessel that transferred its catch at sea, "
            "so it rarely returned to port. Wages were paid to the broker to repay the debt.</p>"
        ),
        "victim_count": "6-20",
        "victim_age_band": "25-34",
        "victim_gender": "male",
        "detection": (
            "<p>At a port-in inspection, an interpreter noticed that crew could not state their wage and that the "
            "captain held all seafarer books. The crew were interviewed separately on shore.</p>"
        ),
        "investigation_steps": (
            "<ol><li>Compared crew lists with vessel monitoring data to establish time at sea.</li>"
            "<li>Obtained payment records showing wages paid to the broker.</li>"
            "<li>Interviewed crew ashore with a trusted interpreter.</li></ol>"
        ),
        "cooperation": (
            "<p>The labour inspectorate, marine police and the origin country's embassy; the origin country's "
            "police located the broker.</p>"
        ),
        "outcome_status": "conviction",
        "sentence": "Broker: 6 years' imprisonment; vessel owner fined and licence suspended",
        "victim_support": "<p>Back pay recovered through the labour court; repatriation and reintegration grants.</p>",
        "lessons_learned": (
            "<ul><li>Interview crew away from the captain.</li><li>Vessel monitoring data corroborates accounts "
            "of long periods at sea.</li></ul>"
        ),
        "related_methods": ["victim-identification-interview", "referral-to-shelters"],
        "sources": [ILO, UNODC_TIP],
        "body": [],
    },
    {
        "key": "forced-marriage-northern-border-lao",
        "language": "en",
        "title": "Promised work, sold into marriage across the northern border",
        "summary": (
            "Illustrative case. Young Lao women were offered factory jobs by a marriage broker working through "
            "acquaintances, taken across the northern border and sold as brides."
        ),
        "year": 2022,
        "countries": [("LA", "origin"), ("CN", "destination")],
        "border_area": "Luang Namtha province (northern border)",
        "crimes": ["forced-marriage"],
        "channels": ["marriage-broker", "family"],
        "tags": ["forced marriage", "bride trafficking", "northern border"],
        "modus_operandi": (
            "<p>A woman from a neighbouring district, known to the families, spoke of well-paid factory jobs "
            "across the border. She arranged border passes and accompanied the women to a town where a broker "
            "introduced them to men who had paid for a bride. Phones were taken and the women were told they "
            "owed the full price.</p>"
        ),
        "victim_count": "2-5",
        "victim_age_band": "18-24",
        "victim_gender": "female",
        "detection": (
            "<p>One woman borrowed a phone and contacted her family, who told the district police. The report "
            "was passed to the province's anti-trafficking unit.</p>"
        ),
        "investigation_steps": (
            "<ol><li>Took statements from families and identified the local recruiter.</li>"
            "<li>Requested location assistance through the border liaison office.</li>"
            "<li>Arrested the recruiter on her return; seized border-pass applications.</li></ol>"
        ),
        "cooperation": (
            "<p>The border liaison office channel with the destination country's public security bureau located "
            "two women, who were returned at the official crossing.</p>"
        ),
        "outcome_status": "conviction",
        "sentence": "Recruiter: 10 years' imprisonment and a fine",
        "victim_support": "<p>Shelter, medical care and vocational training on return.</p>",
        "lessons_learned": (
            "<ul><li>Recruiters are often trusted acquaintances; prevention messages should say so.</li>"
            "<li>Border pass applications are a useful paper trail.</li></ul>"
        ),
        "related_methods": ["joint-border-information-exchange", "referral-to-shelters"],
        "sources": [TIP_PROTOCOL, ACTIP],
        "body": [],
    },
    {
        "key": "forced-marriage-northern-border-viet",
        "language": "en",
        "title": "From a social media friendship to a forced marriage",
        "summary": (
            "Illustrative case. Women from northern mountain provinces of Viet Nam were befriended online, "
            "offered jobs in a border market and then sold to families across the border as brides."
        ),
        "year": 2023,
        "countries": [("VN", "origin"), ("CN", "destination")],
        "border_area": "Lao Cai province (northern border)",
        "crimes": ["forced-marriage"],
        "channels": ["social-media", "marriage-broker"],
        "tags": ["forced marriage", "online grooming", "northern border"],
        "modus_operandi": (
            "<p>A recruiter built friendships over several weeks through a social media platform, then offered "
            "work selling goods in a border market. The women were guided across the border on forest paths at "
            "night and handed to a broker who arranged marriages for a fee.</p>"
        ),
        "victim_count": "2-5",
        "victim_age_band": "under-18",
        "victim_gender": "female",
        "detection": (
            "<p>A teacher reported a pupil missing and mentioned a new online friend. Border guards "
            "matched the report with a group seen near the border the same week.</p>"
        ),
        "investigation_steps": (
            "<ol><li>Preserved the social media account and its messages.</li><li>Used age assessment for one "
            "woman whose papers showed her as an adult.</li><li>Identified the domestic recruiter from "
            "payment transfers.</li></ol>"
        ),
        "cooperation": (
            "<p>Border guards, provincial police and the counterpart public security bureau, through the border "
            "liaison office.</p>"
        ),
        "outcome_status": "prosecution",
        "sentence": "",
        "victim_support": "<p>Reception at the border, a support centre stay and return to school.</p>",
        "lessons_learned": (
            "<ul><li>Schools can spot risk early; teachers need a simple reporting route.</li>"
            "<li>Treat documents showing adulthood with caution when other signs point to a child.</li></ul>"
        ),
        "related_methods": ["age-assessment", "digital-evidence-messaging-apps"],
        "sources": [TIP_PROTOCOL],
        "body": [],
    },
    {
        "key": "smuggling-poipet-aranyaprathet",
        "language": "en",
        "title": "Smuggling network at irregular crossings near Poipet and Aranyaprathet",
        "summary": (
            "Illustrative case. A network charged migrants a fee to cross on foot through irregular crossings "
            "and drove them to construction sites; some ended in forced labour."
        ),
        "year": 2022,
        "countries": [("KH", "origin"), ("TH", "destination")],
        "border_area": "Banteay Meanchey and Sa Kaeo provinces (Poipet–Aranyaprathet)",
        "crimes": ["migrant-smuggling", "forced-labour"],
        "channels": ["broker"],
        "tags": ["smuggling", "irregular crossing", "construction"],
        "modus_operandi": (
            "<p>Brokers collected groups of migrants near the official crossing, charged a fee and guided them "
            "through fields at dawn. Pick-up trucks waited on the other side. Migrants who could not pay were "
            "told to work off the fee at construction sites, where some were locked in at night.</p>"
        ),
        "victim_count": "21-100",
        "victim_age_band": "mixed",
        "victim_gender": "mixed",
        "detection": "<p>A joint patrol stopped a crowded pick-up truck on a rural road.</p>",
        "investigation_steps": (
            "<ol><li>Screened every passenger; separated those with indicators of trafficking.</li>"
            "<li>Analysed the driver's phone to find the broker network.</li><li>Shared the network map with "
            "the counterpart through the border liaison office.</li></ol>"
        ),
        "cooperation": "<p>Joint patrol, border liaison office meetings, provincial labour offices.</p>",
        "outcome_status": "conviction",
        "sentence": "Driver and two brokers: 3 to 7 years' imprisonment",
        "victim_support": "<p>Smuggled migrants were returned through the official crossing; presumed "
        "trafficking victims were referred to shelters.</p>",
        "lessons_learned": (
            "<ul><li>Smuggling and trafficking overlap: screen everyone.</li>"
            "<li>Phones of drivers lead to the network.</li></ul>"
        ),
        "related_methods": ["joint-border-information-exchange", "victim-identification-interview"],
        "sources": [SOM_PROTOCOL],
        "body": [],
    },
    {
        "key": "mekong-boat-crossing",
        "language": "en",
        "title": "Night boat crossings on the Mekong",
        "summary": (
            "Illustrative case. Small boats carried Lao migrants across the Mekong at night to meet drivers who "
            "took them to factories; the smugglers advertised in closed social media groups."
        ),
        "year": 2023,
        "countries": [("LA", "origin"), ("TH", "destination")],
        "border_area": "Vientiane Capital and Nong Khai province (Mekong)",
        "crimes": ["migrant-smuggling"],
        "channels": ["social-media", "broker"],
        "tags": ["Mekong", "smuggling", "river crossing"],
        "modus_operandi": (
            "<p>Posts in closed groups offered “safe transport to work”. Payment was made by mobile banking. "
            "Boats crossed in minutes at night; drivers waited with vans on the other bank.</p>"
        ),
        "victim_count": "6-20",
        "victim_age_band": "18-24",
        "victim_gender": "mixed",
        "detection": "<p>River police noticed a van waiting near the bank at night on several occasions.</p>",
        "investigation_steps": (
            "<ol><li>Surveillance of the pick-up point.</li><li>Mobile banking records linked payments to the "
            "organiser.</li><li>Coordinated arrests on both banks.</li></ol>"
        ),
        "cooperation": "<p>River police units on both banks exchanged information weekly.</p>",
        "outcome_status": "conviction",
        "sentence": "Organiser: 5 years' imprisonment",
        "victim_support": "<p>Migrants were given information on regular labour migration channels.</p>",
        "lessons_learned": "<ul><li>Payments leave a trail even when crossings do not.</li></ul>",
        "related_methods": ["joint-border-information-exchange"],
        "sources": [SOM_PROTOCOL],
        "body": [],
    },
    {
        "key": "forged-work-permits-transit",
        "language": "en",
        "title": "Forged work permits for a transit route to Malaysia",
        "summary": (
            "Illustrative case. A document workshop supplied altered passports and forged work permits to "
            "Vietnamese workers moving through Thailand to plantations in Malaysia."
        ),
        "year": 2021,
        "countries": [("VN", "origin"), ("TH", "transit"), ("MY", "destination")],
        "border_area": "Songkhla province (southern border)",
        "crimes": ["document-fraud", "migrant-smuggling"],
        "channels": ["recruitment-agency"],
        "tags": ["document fraud", "work permits", "transit"],
        "modus_operandi": (
            "<p>An unlicensed agency charged a package fee for transport and documents. Photo pages were "
            "replaced and visas forged with consumer printers.</p>"
        ),
        "victim_count": "21-100",
        "victim_age_band": "25-34",
        "victim_gender": "male",
        "detection": "<p>Document examiners at the southern checkpoint noticed identical visa foil errors.</p>",
        "investigation_steps": (
            "<ol><li>Forensic document examination.</li><li>Search of the workshop with the printers and "
            "blank foils.</li><li>Financial analysis of the agency's accounts.</li></ol>"
        ),
        "cooperation": "<p>Immigration liaison officers of all three countries shared document alerts.</p>",
        "outcome_status": "conviction",
        "sentence": "Workshop operator: 4 years' imprisonment",
        "victim_support": "<p>Workers were not charged for using the documents and were returned home.</p>",
        "lessons_learned": "<ul><li>Share document alerts regionally the same day.</li></ul>",
        "related_methods": ["joint-border-information-exchange"],
        "sources": [SOM_PROTOCOL, SHERLOC],
        "body": [],
    },
    {
        "key": "children-street-selling",
        "language": "en",
        "title": "Children made to sell flowers in tourist areas",
        "summary": (
            "Illustrative case. Children from border districts were brought across to sell flowers late at "
            "night in tourist streets and handed their earnings to a controller."
        ),
        "year": 2022,
        "countries": [("KH", "origin"), ("TH", "destination")],
        "border_area": "Bangkok and Sa Kaeo province",
        "crimes": ["forced-labour"],
        "channels": ["family", "broker"],
        "tags": ["children", "begging", "street selling"],
        "modus_operandi": (
            "<p>A controller paid parents a small advance and promised schooling. The children lived in a "
            "rented room and sold flowers until the early morning.</p>"
        ),
        "victim_count": "6-20",
        "victim_age_band": "under-18",
        "victim_gender": "mixed",
        "detection": "<p>Outreach workers noticed the same children night after night and called the hotline.</p>",
        "investigation_steps": (
            "<ol><li>Age assessment and interviews with child protection staff.</li><li>Identified the "
            "controller through the rental contract.</li></ol>"
        ),
        "cooperation": "<p>Social welfare ministries of both countries arranged family assessments before return.</p>",
        "outcome_status": "conviction",
        "sentence": "Controller: 9 years' imprisonment",
        "victim_support": "<p>Family assessment, return to school and monthly follow-up.</p>",
        "lessons_learned": "<ul><li>Family involvement does not mean consent.</li></ul>",
        "related_methods": ["age-assessment", "referral-to-shelters"],
        "sources": [TIP_PROTOCOL],
        "body": [],
    },
    {
        "key": "karaoke-bars-border-province",
        "language": "en",
        "title": "Teenagers recruited for karaoke bars in a border province",
        "summary": (
            "Illustrative case. Lao teenagers were recruited as waitresses and then forced into commercial sex "
            "in karaoke bars, their earnings withheld against a recruitment debt."
        ),
        "year": 2023,
        "countries": [("LA", "origin"), ("TH", "destination")],
        "border_area": "Ubon Ratchathani province",
        "crimes": ["sexual-exploitation"],
        "channels": ["social-media", "family"],
        "tags": ["children", "sexual exploitation", "karaoke"],
        "modus_operandi": (
            "<p>Recruiters offered waitress jobs through friends and social media. The girls crossed with "
            "border passes and were told they owed travel costs.</p>"
        ),
        "victim_count": "6-20",
        "victim_age_band": "under-18",
        "victim_gender": "female",
        "detection": "<p>A labour inspection with a social worker present.</p>",
        "investigation_steps": "<ol><li>Age assessment.</li><li>Financial records of the bars.</li></ol>",
        "cooperation": "<p>Provincial task force; repatriation through social welfare ministries.</p>",
        "outcome_status": "conviction",
        "sentence": "Bar owner: 12 years' imprisonment",
        "victim_support": "<p>Shelter, counselling and family tracing before return.</p>",
        "lessons_learned": "<ul><li>Include social workers in inspections of entertainment venues.</li></ul>",
        "related_methods": ["age-assessment", "victim-identification-interview"],
        "sources": [TIP_PROTOCOL],
        "body": [],
    },
    {
        "key": "scam-compound-special-economic-zone",
        "language": "en",
        "title": "Special economic zone compound: trafficked workers and those who ran them",
        "summary": (
            "Illustrative case for officers only. Workers from several countries were held in a compound inside "
            "a special economic zone; the case describes how the site was mapped and who was charged."
        ),
        "year": 2023,
        "year_end": 2024,
        "audience": "officers",
        "countries": [("VN", "origin"), ("TH", "origin"), ("LA", "destination")],
        "border_area": "Bokeo province",
        "crimes": ["scam-compounds", "forced-labour"],
        "channels": ["social-media", "job-advert"],
        "tags": ["scam compound", "special economic zone", "raid planning"],
        "modus_operandi": (
            "<p>Workers were recruited online for data entry jobs and moved through two borders. Inside the "
            "zone, managers confiscated phones and passports and sold “non-performing” workers between "
            "compounds.</p>"
        ),
        "victim_count": "100+",
        "victim_age_band": "18-24",
        "victim_gender": "mixed",
        "detection": "<p>Relatives' reports to several embassies were combined by a regional working group.</p>",
        "investigation_steps": (
            "<ol><li>Mapped buildings from satellite imagery and workers' descriptions.</li>"
            "<li>Planned a coordinated operation with screening teams on site.</li>"
            "<li>Identified managers from seized devices.</li></ol>"
        ),
        "cooperation": "<p>A regional operations cell with liaison officers of all countries concerned.</p>",
        "outcome_status": "investigation",
        "sentence": "",
        "victim_support": "<p>Mass screening, temporary shelter, consular assistance and repatriation.</p>",
        "lessons_learned": "<ul><li>Plan screening capacity before a raid, not after.</li></ul>",
        "related_methods": ["financial-investigation-scam-proceeds", "victim-identification-interview"],
        "sources": [UNODC_TIP],
        "body": [],
    },
    {
        "key": "money-mule-accounts",
        "language": "en",
        "title": "Rented bank accounts moving scam proceeds",
        "summary": (
            "Illustrative case for members. Students rented out their bank accounts for a monthly fee; the "
            "accounts moved proceeds of scams run from compounds abroad."
        ),
        "year": 2024,
        "audience": "members",
        "countries": [("TH", "destination"), ("KH", "transit")],
        "border_area": "Bangkok",
        "crimes": ["scam-compounds"],
        "channels": ["social-media"],
        "tags": ["money mules", "financial investigation"],
        "modus_operandi": (
            "<p>Posts offered easy income for “account rental”. Account holders handed over banking app access; "
            "funds from scam victims passed through within minutes.</p>"
        ),
        "victim_count": "unknown",
        "victim_age_band": "unknown",
        "victim_gender": "unknown",
        "detection": "<p>Bank fraud analytics flagged rapid pass-through transfers.</p>",
        "investigation_steps": "<ol><li>Mapped mule accounts.</li><li>Identified the account recruiter.</li></ol>",
        "cooperation": "<p>Financial intelligence units exchanged information through formal channels.</p>",
        "outcome_status": "prosecution",
        "sentence": "",
        "victim_support": "<p>Scam victims were informed about asset recovery procedures.</p>",
        "lessons_learned": "<ul><li>Mule recruiters are a reachable link in the chain.</li></ul>",
        "related_methods": ["financial-investigation-scam-proceeds"],
        "sources": [UNODC_TIP],
        "body": [],
    },
    {
        "key": "plantation-workers-agency-debt",
        "language": "en",
        "title": "Plantation workers tied to an agency debt",
        "summary": (
            "Illustrative case. Seasonal workers recruited by an agency for fruit plantations had wages "
            "deducted for fees they were never told about and could not leave before the debt was repaid."
        ),
        "year": 2022,
        "countries": [("KH", "origin"), ("TH", "destination")],
        "border_area": "Chanthaburi province",
        "crimes": ["forced-labour"],
        "channels": ["recruitment-agency"],
        "tags": ["agriculture", "debt bondage", "recruitment fees"],
        "modus_operandi": (
            "<p>The agency charged placement fees, housing and transport, deducted from wages; passports were "
            "held “for safekeeping”.</p>"
        ),
        "victim_count": "21-100",
        "victim_age_band": "mixed",
        "victim_gender": "mixed",
        "detection": "<p>A workers' association contacted the provincial labour office.</p>",
        "investigation_steps": "<ol><li>Wage records compared with contracts.</li><li>Passports recovered.</li></ol>",
        "cooperation": "<p>Labour offices of both countries and the origin country's labour attaché.</p>",
        "outcome_status": "no-prosecution",
        "sentence": "",
        "victim_support": "<p>Fees refunded through a labour court settlement.</p>",
        "lessons_learned": "<ul><li>Civil remedies matter when criminal thresholds are not met.</li></ul>",
        "related_methods": ["victim-identification-interview"],
        "sources": [ILO],
        "body": [],
    },
    {
        "key": "construction-workers-passports-held",
        "language": "en",
        "title": "Construction workers whose passports were held by the contractor",
        "summary": (
            "Illustrative case. Vietnamese construction workers in Laos had passports held and wages delayed "
            "for months; they were threatened with arrest if they left the site."
        ),
        "year": 2021,
        "countries": [("VN", "origin"), ("LA", "destination")],
        "border_area": "Xiengkhouang province",
        "crimes": ["forced-labour"],
        "channels": ["broker", "recruitment-agency"],
        "tags": ["construction", "passport retention"],
        "modus_operandi": "<p>A subcontractor held passports and paid only food money, promising the rest later.</p>",
        "victim_count": "6-20",
        "victim_age_band": "25-34",
        "victim_gender": "male",
        "detection": "<p>A worker contacted the consulate.</p>",
        "investigation_steps": "<ol><li>Site visit with labour inspectors.</li><li>Payroll analysis.</li></ol>",
        "cooperation": "<p>Consulate, labour ministry and provincial police.</p>",
        "outcome_status": "referred",
        "sentence": "",
        "victim_support": "<p>Wages partly recovered; safe return arranged.</p>",
        "lessons_learned": "<ul><li>Consulates are a key detection channel for migrant workers.</li></ul>",
        "related_methods": ["referral-to-shelters"],
        "sources": [ILO],
        "body": [],
    },
]

"""manage.py seed_demo: a small, lifelike agency to try Waypoint with.

One organization runs three programs (youth workforce, Housing First outreach,
refugee resettlement) with thirteen staff and about 150 participants. Every
person and enrollment is created through the same actions the pages use, so
the demo carries the audit trail and enrollment history a real agency would.
Dates are then spread over the last eighteen months so that due dates and
"days since contact" look like a working caseload. Intake assessments, numbered
needs and service plans follow those dates (waypoint/demo/plans.py); then contacts and notes
(notes.py), consents and referrals (referrals.py), and case conferences
(conferences.py), endings (endings.py), approvals (approvals.py), supervision
sessions (supervision.py) and file reviews (quality.py). Nothing is emailed while
the demo loads.

Running it again does nothing but print the sign-ins.
"""

from __future__ import annotations

import os
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from waypoint.accounts.actions import create_organization, create_program, create_staff, grant_role
from waypoint.accounts.models import Organization, Program, User
from waypoint.accounts.second_factor import DEMO_ORGANIZATION
from waypoint.assessments.models import Assessment, Need
from waypoint.closure import actions as closing
from waypoint.closure.models import CheckIn, Closure
from waypoint.demo import approvals as demo_approvals
from waypoint.demo import conferences as demo_conferences
from waypoint.demo import endings as demo_endings
from waypoint.demo import households as demo_households
from waypoint.demo import quality as demo_quality
from waypoint.demo import referrals as demo_referrals
from waypoint.demo import supervision as demo_supervision
from waypoint.demo.directory import headline, seed_directory
from waypoint.demo.notes import seed_contacts_and_notes, summary
from waypoint.demo.plans import seed_assessments_and_plans
from waypoint.enrollments import actions as flow
from waypoint.enrollments.models import Enrollment, EnrollmentEvent, Status
from waypoint.enrollments.standards import apply_due_dates
from waypoint.hmis import demo as hud_demo
from waypoint.participants.actions import ContactData
from waypoint.participants.models import Participant
from waypoint.plans.models import Goal, PlanVersion, Progress

ORGANIZATION_NAME = DEMO_ORGANIZATION  # the sign-in page knows it by this name
DEMO_PASSWORD = "waypoint-demo-2026"  # noqa: S105 - published on purpose: demo data only
SEED = 2026

# ---------------------------------------------------------------------------
# Programs
# ---------------------------------------------------------------------------

YOUTH, HOUSING, RESETTLEMENT = "youth", "housing", "resettlement"

PROGRAMS: dict[str, dict[str, Any]] = {
    YOUTH: {
        "name": "Harbor Youth Works",
        "description": (
            "Paid training, industry credentials and a first job for young people aged 16 to "
            "24, with a navigator alongside from the first conversation until a year after "
            "placement."
        ),
        "phases": ["Recruitment", "Enrollment", "Training", "Placement", "Follow-up"],
        "delivery_modes": ["in_person", "hybrid"],
        "caseload_cap": 25,
        "assessment_due_days": 14,
        "isp_due_days": 30,
        "note_due_hours": 48,
        "contact_every_days": 14,
        "team_visibility": False,
        "terminology": {},
    },
    HOUSING: {
        "name": "Home Base Outreach",
        "description": (
            "Housing First street outreach: the team meets neighbors where they are, helps "
            "them into a home of their own without preconditions, and stays close while the "
            "new home becomes settled."
        ),
        "phases": ["Outreach", "Engagement", "Housing search", "Move-in", "Stabilization"],
        "delivery_modes": ["in_person"],
        "caseload_cap": 20,
        "assessment_due_days": 30,
        "isp_due_days": 45,
        "note_due_hours": 24,
        "contact_every_days": 7,
        "team_visibility": True,
        "terminology": {"case closure": "moving on celebration", "exited": "moved on"},
    },
    RESETTLEMENT: {
        "name": "New Roots Resettlement",
        "description": (
            "Welcoming newly arrived refugee families: reception, cultural orientation, a "
            "first job and the steps toward self-sufficiency, in each family's own language."
        ),
        "phases": ["Reception", "Orientation", "Employment", "Self-sufficiency"],
        "delivery_modes": ["in_person", "virtual"],
        "caseload_cap": 30,
        "assessment_due_days": 10,
        "isp_due_days": 30,
        "note_due_hours": 48,
        "contact_every_days": 10,
        "team_visibility": False,
        "terminology": {"case closure": "transition celebration"},
    },
}

# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffSpec:
    username: str
    display_name: str
    pronouns: str
    roles: tuple[tuple[str, str | None], ...]
    note: str = ""


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("admin", "Priya Raman", "she/her", (("admin", None),), "runs the system"),
    StaffSpec(
        "manager",
        "Tomás Echeverría",
        "he/him",
        (("manager", YOUTH), ("manager", RESETTLEMENT)),
        "manages two programs",
    ),
    StaffSpec("manager2", "Grace Nakamura-Bell", "she/her", (("manager", HOUSING),)),
    StaffSpec("supervisor", "Kwame Asante", "he/him", (("supervisor", YOUTH),)),
    StaffSpec(
        "supervisor2",
        "Robin Tallchief",
        "they/them",
        (("supervisor", HOUSING), ("supervisor", RESETTLEMENT)),
    ),
    StaffSpec(
        "navigator", "Alicia Moreno", "she/her", (("navigator", YOUTH),), "about 20 participants"
    ),
    StaffSpec(
        "navigator2",
        "Marcus Greenwood",
        "he/him",
        (("navigator", YOUTH),),
        "full caseload (at the cap)",
    ),
    StaffSpec(
        "navigator3", "Hana Yusuf", "she/they", (("navigator", YOUTH), ("navigator", HOUSING))
    ),
    StaffSpec("navigator4", "Declan Ó Murchú", "he/him", (("navigator", HOUSING),)),
    StaffSpec(
        "navigator5",
        "Lina Haddad",
        "she/her",
        (("navigator", HOUSING), ("navigator", RESETTLEMENT)),
        "speaks Arabic",
    ),
    StaffSpec(
        "navigator6", "Farhad Noori", "he/him", (("navigator", RESETTLEMENT),), "speaks Dari"
    ),
    StaffSpec("staff", "Mai Trần", "she/her", (("staff", RESETTLEMENT),), "employment specialist"),
    StaffSpec(
        "auditor",
        "Sam Okonkwo-Reyes",
        "he/they",
        (("auditor", YOUTH), ("auditor", HOUSING), ("auditor", RESETTLEMENT)),
    ),
)
SUPERVISOR_OF = {YOUTH: "supervisor", HOUSING: "supervisor2", RESETTLEMENT: "supervisor2"}
ROLE_LABELS = {
    "admin": "Administrator",
    "manager": "Program manager",
    "supervisor": "Supervisor",
    "navigator": "Navigator",
    "staff": "Program staff",
    "auditor": "Auditor (read only)",
}

# ---------------------------------------------------------------------------
# Names. Each pool: given names with the pronouns the person most likely uses,
# family names, and the languages people from that community often speak.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    given: tuple[tuple[str, str], ...]
    family: tuple[str, ...]
    languages: tuple[str, ...]
    family_first: bool = False


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


def _names(text: str, pronouns: str) -> tuple[tuple[str, str], ...]:
    return tuple((name.strip(), pronouns) for name in text.split(",") if name.strip())


SHE, HE, THEY = "she/her", "he/him", "they/them"

POOLS: dict[str, Pool] = {
    "black_american": Pool(
        _names("Imani, Aaliyah, Keisha, Nia, Zaria, Ebony, Destiny, Kiara, Jasmine, Taliyah", SHE)
        + _names("DeShawn, Jaylen, Tyrell, Marquise, Jamal, Malik, Terrence, Darnell, Khalil", HE)
        + _names("Amari, Quinn", THEY),
        _words(
            "Washington, Jefferson, Brooks, Coleman, Freeman, Banks, Jackson, Robinson, Gaines, "
            "Holloway, Pettiford, Battle, Merriweather, Stokes, Ellison, Dorsey, Boykin"
        ),
        ("English",),
    ),
    "latino": Pool(
        _names(
            "María José, Lucía, Valentina, Ximena, Guadalupe, Xiomara, Camila, Yesenia, "
            "Dayana, Marisol, Itzel",
            SHE,
        )
        + _names("Alejandro, Santiago, Joaquín, Andrés, Mateo, Luis Ángel, Jesús, Cristian", HE)
        + _names("Emilio", HE),
        _words(
            "García-López, Hernández, Peña, Muñoz, Ortiz Ramírez, Castañeda, Rodríguez, "
            "Villanueva, Cruz, Delgado, Ibarra, Zúñiga, Montoya, Orozco, Saldaña, Quiñones, "
            "Betancourt, Ríos"
        ),
        ("Spanish, English", "English, Spanish", "Spanish"),
    ),
    "irish": Pool(
        _names("Aoife, Niamh, Róisín, Caoimhe, Saoirse", SHE)
        + _names("Ciarán, Pádraig, Eoin, Oisín, Brendan", HE),
        ("O'Sullivan", "McCarthy", "O'Connor", "Fitzgerald", "Gallagher", "Ó Dónaill", "Keane"),
        ("English", "English, Irish"),
    ),
    "native": Pool(
        _names("Tahnee, Shilah, Winona, Nizhoni, Kiona, Dyani, Tallulah", SHE)
        + _names("Elan, Ahanu, Chayton, Hania", HE)
        + _names("Dakota, Sequoia", THEY),
        ("Begay", "Yazzie", "Tsosie", "Whitehorse", "Benally", "Harjo", "Chee", "Roanhorse"),
        ("English", "English, Navajo (Diné bizaad)", "English, Lakota"),
    ),
    "vietnamese": Pool(
        _names("Lan, Thu Hà, Bảo Ngọc, Mai Anh, Hương", SHE)
        + _names("Minh, Khoa, Đức, Quang, Huy, Tuấn", HE)
        + _names("Linh", THEY),
        ("Nguyễn", "Trần", "Phạm", "Lê", "Huỳnh", "Võ", "Đặng", "Bùi"),
        ("Vietnamese, English", "English, Vietnamese"),
        family_first=True,
    ),
    "haitian": Pool(
        _names("Wideline, Fabienne, Nadège, Esperancia, Roseline, Daphnée, Guerda, Lovely", SHE)
        + _names("Jean-Rony, Widmarc, Jean-Baptiste, Mackenson, Kervens, Stanley", HE),
        _words(
            "Pierre-Louis, Désir, Joseph, Saint-Fleur, Célestin, Jean-Louis, Toussaint, Dorvil, "
            "Étienne, Augustin, Bien-Aimé"
        ),
        ("Haitian Creole, French, English", "Haitian Creole, English", "Haitian Creole"),
    ),
    "somali": Pool(
        _names("Hodan, Farhiya, Ayaan, Khadra, Sagal, Hamdi, Yasmin, Nasra, Ilhan", SHE)
        + _names("Abdirahman, Mohamed, Liban, Abdullahi, Said, Bashir", HE),
        _words("Warsame, Abdi, Farah, Hussein, Jama, Osman, Mohamud, Aden, Hassan, Yusuf, Egal"),
        ("Somali, English", "Somali, Arabic", "Somali"),
    ),
    "afghan": Pool(
        _names("Zarghuna, Mahbooba, Nargis, Soraya, Shabnam, Freshta, Parwana, Marzia", SHE)
        + _names("Farid, Ahmad Shah, Wahid, Habibullah, Mustafa, Jawad, Naqibullah", HE),
        _words(
            "Noorzai, Sultani, Ahmadi, Karimi, Rahimi, Safi, Popal, Hotak, Wardak, Amiri, Hakimi"
        ),
        ("Dari", "Pashto", "Dari, Pashto", "Dari, English", "Pashto, Dari, Urdu"),
    ),
    "arabic": Pool(
        _names("Rania, Layla, Hala, Reem, Amira, Dana", SHE)
        + _names("Yousef, Omar, Khaled, Samir, Tariq, Bilal, Ibrahim", HE)
        + _names("Nour", THEY),
        _words(
            "Al-Hassan, Darwish, Khoury, Al-Sayed, Mansour, Al-Tamimi, Hamdan, Qasim, Saleh, "
            "Al-Masri, Aziz"
        ),
        ("Arabic", "Arabic, English", "Arabic, Kurdish"),
    ),
    "ukrainian": Pool(
        _names("Yuliia, Kateryna, Oksana, Solomiia, Iryna, Nataliia, Viktoriia", SHE)
        + _names("Oleksandr, Dmytro, Bohdan, Andrii, Taras, Mykola", HE),
        _words(
            "Kovalenko, Shevchenko, Bondarenko, Tkachuk, Melnyk, Kravets, Savchuk, Lysenko, "
            "Hnatiuk, Polishchuk"
        ),
        ("Ukrainian, Russian", "Ukrainian", "Ukrainian, English", "Ukrainian, Polish"),
    ),
    "congolese": Pool(
        _names("Furaha, Neema, Mapendo, Aline, Bahati, Riziki, Esther", SHE)
        + _names("Espoir, Baraka, Jean-Claude, Faustin, Patrick", HE)
        + _names("Amani", THEY),
        ("Mukendi", "Ilunga", "Mbuyi", "Tshibangu", "Nsimba", "Kabeya", "Mwamba", "Bisimwa"),
        ("Swahili, French", "Kinyarwanda, Swahili", "Lingala, French", "Kirundi, Swahili"),
    ),
    # Karen and Burmese names carry no family name: the whole name is the person's.
    "karen": Pool(
        _names("Naw Hser Paw, Naw Paw Htoo, Hser Nay Moo, Naw Mu Lah, Paw Say Wah", SHE)
        + _names("Saw Eh Doh, Saw Ler Htoo, Eh Kaw Htoo, Saw Blut Moo, Saw Kyaw Lay", HE),
        (),
        ("S'gaw Karen, Burmese", "S'gaw Karen", "Pwo Karen, Burmese"),
    ),
    "burmese": Pool(
        _names("Khin Myat Noe, Thiri Aung, Su Mon Kyaw, Ei Phyu Sin", SHE)
        + _names("Aung Ko Ko, Zaw Min Htet, Nyi Nyi Lwin, Kyaw Zin Oo", HE),
        (),
        ("Burmese", "Burmese, English"),
    ),
    "nepali": Pool(
        _names("Dil Maya, Chandra Kala, Devi, Sita, Pabitra", SHE)
        + _names("Man Bahadur, Bishnu, Tika Ram, Hari, Dhan Kumar", HE),
        ("Gurung", "Rai", "Subba", "Chhetri", "Tamang", "Adhikari", "Dhakal", "Ghimire"),
        ("Nepali", "Nepali, English", "Nepali, Hindi"),
    ),
    "american": Pool(
        _names("Emily, Kayla, Ashley, Megan, Brittany, Amber, Linda, Rosemary", SHE)
        + _names("Tyler, Brandon, Cody, Dustin, Hunter, Gabe, Walter, Earl", HE)
        + _names("Jordan, Riley", THEY),
        _words(
            "Kowalski, Schmidt, Henderson, Miller, Caldwell, Novak, Pruitt, Hollis, Ramsey, "
            "Bartlett, Yoder, Mancini, Greco, Abernathy, Walsh"
        ),
        ("English",),
    ),
}

# Who each program mostly serves (pool name, weight).
MIX: dict[str, tuple[tuple[str, int], ...]] = {
    YOUTH: (
        ("black_american", 5),
        ("latino", 5),
        ("american", 3),
        ("haitian", 2),
        ("somali", 2),
        ("native", 2),
        ("vietnamese", 1),
        ("irish", 1),
    ),
    HOUSING: (
        ("american", 4),
        ("black_american", 4),
        ("latino", 3),
        ("native", 2),
        ("irish", 1),
        ("haitian", 1),
        ("vietnamese", 1),
    ),
    RESETTLEMENT: (
        ("afghan", 4),
        ("ukrainian", 3),
        ("congolese", 3),
        ("arabic", 3),
        ("karen", 2),
        ("burmese", 1),
        ("somali", 2),
        ("nepali", 1),
        ("haitian", 1),
        ("latino", 1),
    ),
}

PRONUNCIATION: dict[str, str] = {
    "Aoife": "EE-fa",
    "Niamh": "NEEV",
    "Róisín": "ro-SHEEN",
    "Caoimhe": "KEE-va",
    "Saoirse": "SEER-sha",
    "Ciarán": "KEER-awn",
    "Pádraig": "PAW-drig",
    "Eoin": "OH-in",
    "Oisín": "uh-SHEEN",
    "Ó Dónaill": "oh DOE-nil",
    "Ximena": "hee-MEH-nah",
    "Xiomara": "see-oh-MAH-rah",
    "Joaquín": "hwah-KEEN",
    "Itzel": "eet-SEL",
    "Nguyễn": "nwin",
    "Trần": "chun",
    "Huỳnh": "hwin",
    "Đức": "duke",
    "Khoa": "kwah",
    "Tahnee": "TAH-nee",
    "Nizhoni": "nih-ZHOH-nee",
    "Begay": "bih-GAY",
    "Tsosie": "TSO-see",
    "Yazzie": "YAH-zee",
    "Wideline": "weed-LEEN",
    "Nadège": "na-DEZH",
    "Kervens": "ker-VENS",
    "Abdirahman": "ab-dee-rah-MAHN",
    "Hodan": "HO-dan",
    "Khadra": "KHAD-ra",
    "Zarghuna": "zar-GOO-na",
    "Habibullah": "ha-bee-BOO-lah",
    "Naqibullah": "na-kee-BOO-lah",
    "Oleksandr": "o-lek-SAHN-der",
    "Yuliia": "YOO-lee-ya",
    "Solomiia": "so-lo-MEE-ya",
    "Mykola": "mi-KO-la",
    "Tshibangu": "chee-BAHN-goo",
    "Mapendo": "ma-PEN-doh",
    "Naw Hser Paw": "naw sheh paw",
    "Hser Nay Moo": "sheh nay moo",
    "Nyi Nyi Lwin": "nyee nyee lwin",
    "Imani": "ee-MAH-nee",
    "Taliyah": "tah-LEE-yah",
}

# ---------------------------------------------------------------------------
# People written out by hand, to show the range of names Waypoint keeps as given.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Special:
    program: str
    navigator: str | None
    target: str
    preferred_name: str
    legal_name: str = ""
    pronunciation: str = ""
    pronouns: str = ""
    languages: str = "English"
    declined: tuple[str, ...] = ()
    contact_note: str = ""
    text_only: bool = False


SPECIALS: tuple[Special, ...] = (
    Special(
        YOUTH,
        "navigator",
        "enrolled:Training",
        "Siobhán Ní Bhriain",
        pronunciation="shiv-AWN nee VREE-in",
        pronouns=SHE,
        languages="English, Irish",
    ),
    Special(
        YOUTH,
        "navigator",
        "enrolled:Placement",
        "D'Andre O'Neal-Washington",
        pronunciation="dee-AHN-dray oh-NEEL",
        pronouns=HE,
    ),
    Special(
        YOUTH,
        "navigator",
        "enrolled:Enrollment",
        "José Ángel Núñez-Peña",
        pronunciation="ho-SEH AHN-hel NOON-yes PEN-ya",
        pronouns=HE,
        languages="Spanish, English",
    ),
    Special(
        YOUTH,
        "navigator",
        "eligibility",
        "Tahnee Begay",
        pronunciation="TAH-nee bih-GAY",
        pronouns=SHE,
        languages="English, Navajo (Diné bizaad)",
    ),
    Special(
        YOUTH,
        "navigator",
        "enrolled:Training",
        "River Castillo",
        pronouns=THEY,
        languages="English, Spanish",
    ),
    Special(
        YOUTH,
        "navigator",
        "enrolled:Recruitment",
        "Skye Lindqvist",
        pronouns=THEY,
        languages="American Sign Language (ASL), English",
        contact_note="Text or email only; book an ASL interpreter for meetings",
        text_only=True,
    ),
    Special(
        YOUTH,
        "navigator2",
        "enrolled:Training",
        "Jiahui Lin",
        legal_name="林佳慧",
        pronunciation="jyah-HWAY lin",
        pronouns=SHE,
        languages="English, Mandarin",
    ),
    Special(YOUTH, "navigator2", "enrolled:Placement", "Ma'Kayla Banks", pronouns=SHE),
    Special(
        HOUSING,
        "navigator4",
        "enrolled:Housing search",
        "王芳",
        legal_name="Wang Fang",
        pronunciation="wahng fahng",
        pronouns=SHE,
        languages="Mandarin, Cantonese",
    ),
    Special(
        HOUSING,
        "navigator3",
        "enrolled:Move-in",
        "Lan Nguyễn",
        legal_name="Nguyễn Thị Lan",
        pronunciation="lahn nwin",
        pronouns=SHE,
        languages="Vietnamese, English",
    ),
    Special(
        HOUSING,
        "navigator4",
        "enrolled:Engagement",
        "Dee Holloway",
        declined=("pronouns", "date_of_birth", "emergency_contact"),
    ),
    Special(
        HOUSING,
        "navigator5",
        "enrolled:Stabilization",
        "Ngozi Okafor-Adeyemi",
        pronunciation="en-GO-zee oh-KAH-for ah-DAY-yeh-mee",
        pronouns=SHE,
        languages="English, Igbo",
    ),
    Special(
        RESETTLEMENT,
        "navigator5",
        "enrolled:Orientation",
        "مريم",
        legal_name="Maryam Al-Khatib",
        pronunciation="MAR-yam",
        pronouns=SHE,
        languages="Arabic, English",
        contact_note="Evenings; prefers an Arabic-speaking navigator",
    ),
    Special(
        RESETTLEMENT,
        "navigator6",
        "enrolled:Employment",
        "Thura",
        legal_name="Thura",
        pronunciation="thoo-RAH",
        pronouns=HE,
        languages="Burmese, English",
    ),
    Special(
        RESETTLEMENT,
        "navigator6",
        "enrolled:Reception",
        "Olena Kovalenko",
        legal_name="Олена Коваленко",
        pronunciation="o-LEH-na ko-va-LEN-ko",
        pronouns=SHE,
        languages="Ukrainian, Russian",
    ),
    Special(
        RESETTLEMENT,
        "navigator6",
        "enrolled:Orientation",
        "Zarghuna Stanikzai",
        legal_name="زرغونه ستانکزی",
        pronunciation="zar-GOO-na stah-nik-ZAI",
        pronouns=SHE,
        languages="Pashto, Dari",
        contact_note="Mornings; a Pashto interpreter helps",
    ),
)

# ---------------------------------------------------------------------------
# Where everyone is in their journey: per program, per navigator, how many at
# each status or phase. "enrolled:<phase>" means enrolled, in that phase;
# "reopened" means exited once and came back.
# ---------------------------------------------------------------------------

PLAN: dict[str, dict[str | None, dict[str, int]]] = {
    YOUTH: {
        "navigator": {
            "inquiry": 2,
            "eligibility": 2,
            "enrolled:Recruitment": 1,
            "enrolled:Enrollment": 3,
            "enrolled:Training": 5,
            "enrolled:Placement": 3,
            "enrolled:Follow-up": 1,
            "exiting": 1,
            "follow_up": 2,
            "exited": 3,
            "reopened": 1,
        },
        # Exactly at the cap of 25 open enrollments.
        "navigator2": {
            "inquiry": 1,
            "eligibility": 2,
            "enrolled:Recruitment": 2,
            "enrolled:Enrollment": 4,
            "enrolled:Training": 8,
            "enrolled:Placement": 5,
            "enrolled:Follow-up": 1,
            "exiting": 2,
            "follow_up": 1,
            "exited": 1,
        },
        "navigator3": {
            "inquiry": 1,
            "eligibility": 1,
            "enrolled:Enrollment": 1,
            "enrolled:Training": 2,
            "enrolled:Placement": 1,
            "exited": 1,
        },
        None: {"inquiry": 2, "eligibility": 1},
    },
    HOUSING: {
        "navigator4": {
            "inquiry": 2,
            "eligibility": 1,
            "enrolled:Outreach": 2,
            "enrolled:Engagement": 3,
            "enrolled:Housing search": 4,
            "enrolled:Move-in": 2,
            "enrolled:Stabilization": 3,
            "exiting": 1,
            "follow_up": 1,
            "exited": 2,
        },
        "navigator3": {
            "enrolled:Engagement": 2,
            "enrolled:Housing search": 2,
            "enrolled:Move-in": 1,
            "enrolled:Stabilization": 1,
            "follow_up": 1,
            "reopened": 1,
            "exited": 1,
        },
        "navigator5": {
            "eligibility": 1,
            "enrolled:Outreach": 1,
            "enrolled:Engagement": 1,
            "enrolled:Housing search": 2,
            "enrolled:Move-in": 1,
            "enrolled:Stabilization": 2,
            "exiting": 1,
            "exited": 1,
        },
        None: {"inquiry": 3},
    },
    RESETTLEMENT: {
        "navigator6": {
            "inquiry": 1,
            "eligibility": 1,
            "enrolled:Reception": 4,
            "enrolled:Orientation": 5,
            "enrolled:Employment": 6,
            "enrolled:Self-sufficiency": 3,
            "exiting": 1,
            "follow_up": 2,
            "exited": 2,
        },
        "navigator5": {
            "eligibility": 1,
            "enrolled:Reception": 2,
            "enrolled:Orientation": 2,
            "enrolled:Employment": 3,
            "enrolled:Self-sufficiency": 1,
            "follow_up": 1,
            "exited": 1,
        },
        "staff": {
            "enrolled:Employment": 4,
            "enrolled:Self-sufficiency": 2,
            "exiting": 1,
            "follow_up": 1,
        },
        None: {"inquiry": 2},
    },
}

# A few people are enrolled in a second program too: (program, navigator, target) of the
# first enrollment to pick the person by, then the second enrollment.
SECOND_ENROLLMENTS: tuple[tuple[tuple[str, str, str], tuple[str, str, str]], ...] = (
    (
        (RESETTLEMENT, "navigator6", "enrolled:Employment"),
        (YOUTH, "navigator3", "enrolled:Training"),
    ),
    ((YOUTH, "navigator", "exited"), (HOUSING, "navigator4", "enrolled:Housing search")),
    (
        (RESETTLEMENT, "navigator6", "follow_up"),
        (HOUSING, "navigator5", "enrolled:Housing search"),
    ),
)

# (the program's closure reason, the closing note in the navigator's words)
GOALS_MET_WORK = "Reached their goals and started work or school"
GOALS_MET_HOME = "Reached their goals and moved into a home of their own"
EXIT_REASONS: dict[str, tuple[tuple[str, str], ...]] = {
    YOUTH: (
        (GOALS_MET_WORK, "Started full time as a pharmacy technician; moving on with our cheers"),
        (GOALS_MET_WORK, "Earned the forklift certification and chose to begin work right away"),
        ("Moved away from the area", "Moved with family to Columbus; warm hand-off made there"),
        (GOALS_MET_WORK, "Enrolled full time at the community college"),
        (
            "Chose to move on before the end of the program",
            "Chose to focus on caring for a new baby for now; welcome back any time",
        ),
    ),
    HOUSING: (
        (GOALS_MET_HOME, "Moved into an apartment of their own; moving on celebration held"),
        (
            "Reached their goals and lives with family for good",
            "Reunited with family in Baltimore, with a room of their own there",
        ),
        (
            "Reached their goals and moved into a home with a subsidy",
            "Settled in permanent supportive housing with support on site",
        ),
        (
            "Chose to move on before the end of the program",
            "Chose to pause outreach visits for now; the team keeps saying hello",
        ),
    ),
    RESETTLEMENT: (
        (GOALS_MET_HOME, "Reached the family's self-sufficiency goals; celebration held"),
        ("Moved away from the area", "Relocated to join relatives in Minneapolis; hand-off made"),
        (GOALS_MET_WORK, "Working full time and ready to continue on their own"),
    ),
}
EARLY_EXIT_REASONS = (
    (
        "Decided not to join after the first conversations",
        "Chose another program that fits their schedule better",
    ),
    (
        "We lost touch after many tries to reach them",
        "We could not reach them after several tries; the door stays open",
    ),
)
REOPEN_REASONS = {
    YOUTH: "Came back after a seasonal layoff and wants help finding the next job",
    HOUSING: "The building was sold and the lease ended; back to the housing search together",
    RESETTLEMENT: "The family asked for help again after a job ended",
}
FOLLOW_UP_REASON = "Thirty-day check-in after moving on, as planned together"
EXITING_REASON = "Exit interview scheduled; post-program plan in progress"

AREA_CODES = ("215", "267", "412", "617", "312", "503", "612", "404", "305", "206")
# Emergency contacts: relationships by the contact's own pronouns, then ones that fit anyone.
RELATIONSHIPS: dict[str, dict[str, tuple[str, ...]]] = {
    YOUTH: {
        SHE: ("Mother", "Grandmother", "Aunt", "Older sister"),
        HE: ("Father", "Grandfather", "Uncle", "Older brother"),
        THEY: ("Foster parent", "Coach", "Cousin", "Youth pastor"),
    },
    HOUSING: {
        SHE: ("Sister", "Daughter", "Mother"),
        HE: ("Brother", "Son", "Father"),
        THEY: ("Friend", "Cousin", "Pastor", "Peer from the drop-in center"),
    },
    RESETTLEMENT: {
        SHE: ("Wife", "Sister", "Daughter", "Aunt"),
        HE: ("Husband", "Brother", "Uncle", "Son"),
        THEY: ("Cousin", "Sponsor circle lead", "Neighbor from home"),
    },
}
CONTACT_TIMES = {
    YOUTH: (
        "After 3 pm on school days",
        "Evenings after work",
        "Weekends",
        "Any time",
        "Mornings before training",
        "",
    ),
    HOUSING: (
        "Mornings; phone is often off by afternoon",
        "Any time",
        "Weekdays before noon",
        "Leave a short message; calls back from the library",
        "",
    ),
    RESETTLEMENT: (
        "After 6 pm (works the day shift)",
        "Weekends",
        "Evenings; an interpreter helps",
        "Through their cousin, who speaks English",
        "",
    ),
}
OUTREACH_SPOTS = (
    "Usually at the Fifth Street drop-in center, weekday mornings",
    "Riverside Library, Tuesdays and Thursdays",
    "Hot meal at St. Brigid's, Sunday evenings",
    "Near the Harbor Street bus depot; ask the team",
)


@dataclass
class Slot:
    """One enrollment to create: where it should end up, and for whom."""

    program: str
    navigator: str | None
    target: str
    person: dict[str, Any] = field(default_factory=dict)
    contacts: list[ContactData] = field(default_factory=list)
    participant: Participant | None = None


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch in " -"))


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.users: dict[str, User] = {}
        self.programs: dict[str, Program] = {}
        self.used_names: set[str] = set()
        self.seconds: list[tuple[Slot, tuple[str, str, str]]] = []
        self.notes: dict[str, int] = {}
        numbers = [f"({area}) 555-01{n:02d}" for area in AREA_CODES for n in range(100)]
        self.rng.shuffle(numbers)
        self.phones = numbers

    # -- set-up ---------------------------------------------------------------

    def organization(self) -> Organization:
        organization = create_organization(name=ORGANIZATION_NAME)
        for spec in STAFF:
            user = create_staff(
                organization=organization,
                username=spec.username,
                email=f"{spec.username}@harbor.example.org",
                display_name=spec.display_name,
                pronouns=spec.pronouns,
                password=DEMO_PASSWORD,
            )
            validate_password(DEMO_PASSWORD, user)
            self.users[spec.username] = user
        admin = self.users["admin"]
        grant_role(user=admin, role="admin")
        for key, settings in PROGRAMS.items():
            self.programs[key] = create_program(by=admin, organization=organization, **settings)
        # The housing program reports to HUD (its HMIS CSV export is checked in the tests).
        hud_demo.seed(by=admin, program=self.programs[HOUSING], today=self.today)
        for spec in STAFF:
            for role, program_key in spec.roles:
                if program_key is not None:
                    grant_role(
                        user=self.users[spec.username],
                        role=role,
                        program=self.programs[program_key],
                    )
        return organization

    # -- people ---------------------------------------------------------------

    def _phone(self) -> str:
        return self.phones.pop()

    def _pick_pool(self, program: str) -> Pool:
        names, weights = zip(*MIX[program], strict=True)
        return POOLS[self.rng.choices(names, weights=weights)[0]]

    def _age_range(self, program: str) -> tuple[int, int]:
        return {YOUTH: (16, 24), HOUSING: (22, 71), RESETTLEMENT: (18, 66)}[program]

    def _birth_date(self, program: str) -> date:
        low, high = self._age_range(program)
        days = self.rng.randint(low * 365 + 20, high * 365 + 340)
        return self.today - timedelta(days=days)

    def _generated_name(self, pool: Pool) -> tuple[str, str, str, str]:
        """(preferred, legal, pronunciation, pronouns), unique among the demo people."""
        for _ in range(200):
            given, pronouns = self.rng.choice(pool.given)
            family = self.rng.choice(pool.family) if pool.family else ""
            if not family:
                preferred = legal = given
            elif pool.family_first:
                middle = {SHE: "Thị", HE: "Văn"}.get(pronouns, "")
                preferred = f"{given} {family}"
                legal = " ".join(part for part in (family, middle, given) if part)
            else:
                preferred = legal = f"{given} {family}"
            if preferred in self.used_names:
                continue
            self.used_names.add(preferred)
            hints = [PRONUNCIATION.get(part) for part in (given, family) if part]
            pronunciation = ""
            if any(hints) and self.rng.random() < 0.8:
                parts = [PRONUNCIATION.get(p, p) for p in (given, family) if p]
                pronunciation = " ".join(parts)
            return preferred, legal, pronunciation, pronouns
        raise RuntimeError("Ran out of distinct demo names.")

    def _contacts(
        self, program: str, email_name: str, special: Special | None
    ) -> list[ContactData]:
        rng = self.rng
        times = CONTACT_TIMES[program]
        handle = ".".join(_ascii(email_name).lower().replace("-", " ").split()) or "participant"
        email = f"{handle}{rng.randint(1, 99) if rng.random() < 0.4 else ''}@example.org"
        if special is not None and special.text_only:
            return [
                ContactData("text", self._phone(), "yes", special.contact_note),
                ContactData("email", email, "yes", special.contact_note),
            ]
        note = special.contact_note if special else ""
        if program == HOUSING and rng.random() < 0.25:
            found = [ContactData("other", rng.choice(OUTREACH_SPOTS), "yes", note)]
            if rng.random() < 0.5:
                found.append(
                    ContactData(
                        "mail",
                        "c/o Harbor Community Partners, 120 Front Street",
                        "yes",
                        "Mail is held at the front desk",
                    )
                )
            return found
        if program == YOUTH:
            kind = rng.choices(["text", "phone", "email"], weights=[6, 3, 1])[0]
        else:
            kind = rng.choices(["phone", "text"], weights=[3, 1])[0]
        safe = rng.choices(["yes", "ask", "no"], weights=[8, 2, 1 if program == HOUSING else 0])[0]
        if safe == "no":
            found = [
                ContactData(
                    kind, self._phone(), "no", "Shared phone; please do not leave messages"
                ),
                ContactData("text", self._phone(), "yes", note or rng.choice(times)),
            ]
        else:
            value = email if kind == "email" else self._phone()
            found = [ContactData(kind, value, safe, note or rng.choice(times))]
        if kind != "email" and rng.random() < (0.5 if program == YOUTH else 0.25):
            found.append(ContactData("email", email, "yes", ""))
        return found

    def _emergency(self, program: str, pool: Pool, family: str, own: str) -> dict[str, str]:
        """Someone to call in an emergency, for a little under half of the people."""
        rng = self.rng
        if rng.random() > 0.45:
            return {}
        given, pronouns = rng.choice([g for g in pool.given if not own.startswith(g[0])])
        choices = RELATIONSHIPS[program]
        relationship = rng.choice(choices[THEY] if rng.random() < 0.3 else choices[pronouns])
        if relationship in choices[THEY] or not family:
            family = rng.choice(pool.family) if pool.family else ""
        return {
            "emergency_contact_name": f"{given} {family}".strip(),
            "emergency_contact_relationship": relationship,
            "emergency_contact_phone": self._phone(),
        }

    def _fill(self, slot: Slot, special: Special | None) -> None:
        rng = self.rng
        if special is not None:
            preferred, legal = special.preferred_name, special.legal_name or special.preferred_name
            pronunciation, pronouns, languages = (
                special.pronunciation,
                special.pronouns,
                special.languages,
            )
            declined = list(special.declined)
            pool: Pool | None = None
            family = ""
            self.used_names.add(preferred)
        else:
            pool = self._pick_pool(slot.program)
            preferred, legal, pronunciation, pronouns = self._generated_name(pool)
            languages = rng.choice(pool.languages)
            family = preferred.split()[-1] if pool.family and not pool.family_first else ""
            declined = []
            roll = rng.random()
            if roll < 0.05:
                pronouns = THEY
            elif roll < 0.13:
                pronouns = ""  # not asked yet
            elif roll < 0.17:
                declined.append("pronouns")
            if rng.random() < (0.08 if slot.program == HOUSING else 0.03):
                declined.append("date_of_birth")
        data: dict[str, Any] = {
            "preferred_name": preferred,
            "legal_name": legal,
            "pronunciation": pronunciation,
            "pronouns": pronouns,
            "date_of_birth": self._birth_date(slot.program),
            "languages": languages,
            # Their printed plan in their first language, where Waypoint has it.
            "written_language": WRITTEN_LANGUAGES.get(languages.split(",")[0].strip(), "en"),
            "declined": declined,
        }
        if pool is not None and "emergency_contact" not in declined:
            data.update(self._emergency(slot.program, pool, family, preferred))
        email_name = preferred if _ascii(preferred).strip() else legal
        slot.person = data
        slot.contacts = self._contacts(slot.program, email_name, special)

    def slots(self) -> list[Slot]:
        slots: list[Slot] = []
        for program, by_navigator in PLAN.items():
            for navigator, counts in by_navigator.items():
                for target, count in counts.items():
                    slots.extend(Slot(program, navigator, target) for _ in range(count))
        self.rng.shuffle(slots)
        for special in SPECIALS:
            slot = next(
                s
                for s in slots
                if not s.person
                and s.program == special.program
                and s.navigator == special.navigator
                and s.target == special.target
            )
            self._fill(slot, special)
        for slot in slots:
            if not slot.person:
                self._fill(slot, None)
        for (program, navigator, target), second in SECOND_ENROLLMENTS:
            slot = next(
                s
                for s in slots
                if (s.program, s.navigator, s.target) == (program, navigator, target)
            )
            if second[0] == YOUTH:  # old enough to work, young enough for the program
                slot.person["date_of_birth"] = self.today - timedelta(
                    days=self.rng.randint(19 * 365, 23 * 365)
                )
            self.seconds.append((slot, second))
        return slots

    # -- journeys -------------------------------------------------------------

    def _first_status(self, target: str) -> str:
        if target == "inquiry":
            return Status.INQUIRY
        if target == "eligibility":
            return Status.INQUIRY if self.rng.random() < 0.6 else Status.ELIGIBILITY
        if target == "exited":
            if self.rng.random() < 0.25:
                return Status.INQUIRY  # never went further
            return self.rng.choice([Status.ELIGIBILITY, Status.ENROLLED])
        return self.rng.choice([Status.INQUIRY, Status.ELIGIBILITY, Status.ENROLLED])

    def _walk_phases(
        self, e: Enrollment, actor: User, program: Program, to_index: int
    ) -> Enrollment:
        for phase in program.phases[1 : to_index + 1]:
            e = flow.change_phase(by=actor, enrollment=e, to_phase=phase)
        return e

    def journey(
        self, e: Enrollment, target: str, program_key: str, actor: User
    ) -> tuple[Enrollment, int]:
        """Move ``e`` from its first status to ``target``; returns it and its age in days."""
        rng = self.rng
        program = self.programs[program_key]
        phases = program.phases
        supervisor = self.users[SUPERVISOR_OF[program_key]]
        if target == "inquiry":
            return e, rng.randint(0, 20)
        if e.status == Status.INQUIRY and target == "exited":
            e = self._close(e, actor, rng.choice(EARLY_EXIT_REASONS))
            return e, rng.randint(30, 300)
        if e.status == Status.INQUIRY:
            e = flow.change_status(
                by=actor,
                enrollment=e,
                to_status=Status.ELIGIBILITY,
                reason="Gathering eligibility documents together",
            )
        if target == "eligibility":
            return e, rng.randint(3, 30)
        if e.status == Status.ELIGIBILITY:
            e = flow.change_status(
                by=actor,
                enrollment=e,
                to_status=Status.ENROLLED,
                reason="Welcome conversation held; agreed to meet every week",
            )
        span = 480 / len(phases)
        if target.startswith("enrolled:"):
            index = phases.index(target.removeprefix("enrolled:"))
            e = self._walk_phases(e, actor, program, index)
            low = int(15 + index * span * 0.8)
            return e, rng.randint(low, int(low + span))
        last = len(phases) - 1
        index = rng.randint(max(0, last - 1), last)
        if target == "reopened":
            index = rng.randint(1, last)
        e = self._walk_phases(e, actor, program, index)
        if target == "exiting":
            e = flow.change_status(
                by=actor, enrollment=e, to_status=Status.EXITING, reason=EXITING_REASON
            )
            return e, rng.randint(200, 450)
        if rng.random() < 0.7:
            e = flow.change_status(
                by=actor, enrollment=e, to_status=Status.EXITING, reason=EXITING_REASON
            )
        e = self._close(e, actor, rng.choice(EXIT_REASONS[program_key]))
        if target == "exited":
            return e, rng.randint(120, 540)
        e = flow.change_status(
            by=actor, enrollment=e, to_status=Status.FOLLOW_UP, reason=FOLLOW_UP_REASON
        )
        if target == "follow_up":
            return e, rng.randint(250, 540)
        back = closing.reopen_enrollment(
            by=supervisor, enrollment=e, reason=REOPEN_REASONS[program_key]
        )
        return back.enrollment, rng.randint(330, 540)

    def _close(self, e: Enrollment, actor: User, why: tuple[str, str]) -> Enrollment:
        """Close through the program's closure: its reason, HUD codes and a closing note."""
        label, note = why
        reason = next(r for r in closing.reasons_for(e.program) if r.label == label)
        closing.request_closure(
            by=actor,
            enrollment=e,
            reason=reason,
            destination=reason.destination,
            destination_subsidy=hud_demo.SUBSIDY.get(reason.destination),
            completion=reason.completion,
            exit_on=self.today,
            note=note,
        )
        return Enrollment.objects.select_related("program", "participant").get(pk=e.pk)

    def set_dates(self, e: Enrollment, target: str, age_days: int) -> None:
        """Spread the enrollment's dates back in time, then recompute what is due."""
        rng = self.rng
        program = e.program
        today = self.today
        started = today - timedelta(days=age_days)
        e.started_on = started
        if e.enrolled_on is not None:
            e.enrolled_on = min(today, started + timedelta(days=rng.randint(0, 12)))
        end = today
        if e.exited_on is not None:
            earliest = e.enrolled_on or started
            if target == "follow_up":
                back = rng.randint(20, 90)
            else:
                back = rng.randint(5, max(6, (today - earliest).days - 20))
            e.exited_on = max(earliest, today - timedelta(days=back))
            end = e.exited_on
        if e.enrolled_on is not None:
            in_service = (end - e.enrolled_on).days
            due = program.assessment_due_days
            done = rng.random() < (0.95 if in_service > due + 3 else 0.35)
            if done and in_service > 1:
                offset = rng.randint(1, min(in_service, due + 4))
                e.assessment_done_on = e.enrolled_on + timedelta(days=offset)
            if e.assessment_done_on is not None:
                left = (end - e.assessment_done_on).days
                isp_due = program.isp_due_days
                chance = 0.9 if (end - e.enrolled_on).days > isp_due + 3 else 0.3
                if left > 1 and rng.random() < chance:
                    gap = rng.randint(1, min(left, isp_due))
                    e.isp_done_on = e.assessment_done_on + timedelta(days=gap)
        e.last_contact_at = self._last_contact(e, target, started)
        fields = [
            "started_on",
            "enrolled_on",
            "exited_on",
            "last_contact_at",
            "assessment_done_on",
            "isp_done_on",
            *apply_due_dates(e, program),
        ]
        e.save(update_fields=fields)
        self._backdate_history(e, started, end)
        self._backdate_closure(e)

    def _backdate_closure(self, e: Enrollment) -> None:
        """Move the closures' dates (and their check-ins) to the enrollment's exit."""
        zone = timezone.get_current_timezone()
        for closure in Closure.objects.filter(enrollment=e, status=Closure.Status.CLOSED):
            exit_on = e.exited_on if closure.cycle == e.cycle and e.exited_on else None
            if exit_on is None:  # an earlier ending, before a reopening
                exit_on = max(e.enrolled_on or e.started_on, self.today - timedelta(days=200))
            at = datetime.combine(exit_on, time(15, 0), tzinfo=zone)
            Closure.objects.filter(pk=closure.pk).update(
                exit_on=exit_on, requested_at=at, closed_at=at
            )
            closure.events.update(at=at)
            for check_in in CheckIn.objects.filter(closure=closure):
                check_in.due_on = exit_on + timedelta(days=check_in.days_after)
                check_in.save(update_fields=["due_on"])

    def _backdate_history(self, e: Enrollment, started: date, end: date) -> None:
        """Spread the enrollment's history over its real span, in order, in working hours."""
        events = list(EnrollmentEvent.objects.filter(enrollment=e).order_by("at", "pk"))
        zone = timezone.get_current_timezone()
        last_day = max(end, started)
        span = (last_day - started).days
        opening = [ev for ev in events if ev.kind in ("created", "assigned")][:2]
        later = [ev for ev in events if ev not in opening]
        for i, ev in enumerate(opening):
            ev.at = datetime.combine(started, time(9, 30 + 5 * i), tzinfo=zone)
        days = sorted(
            min(span, max(1, round(span * i / (len(later) + 1)))) for i in range(1, len(later) + 1)
        )
        for ev, offset in zip(later, days, strict=True):
            hour = self.rng.randint(10, 16)
            ev.at = datetime.combine(
                started + timedelta(days=offset),
                time(hour, self.rng.choice([0, 15, 30, 45])),
                tzinfo=zone,
            )
            ev.at = min(ev.at, self.now)
        for before, after in pairwise(events):
            if after.at <= before.at:  # two on one day: keep the order they happened in
                after.at = before.at + timedelta(minutes=20)
        EnrollmentEvent.objects.bulk_update(events, ["at"])

    def _last_contact(self, e: Enrollment, target: str, started: date) -> datetime | None:
        rng = self.rng
        every = e.program.contact_every_days
        if e.status == Status.EXITED:
            assert e.exited_on is not None
            days_ago = (self.today - e.exited_on).days + rng.randint(0, 5)
        elif target == "inquiry" and rng.random() < 0.5:
            return None
        else:
            roll = rng.random()
            if roll < 0.5:
                days_ago = rng.randint(0, max(0, every - 3))
            elif roll < 0.7:
                days_ago = rng.randint(max(0, every - 2), every)
            elif roll < 0.92:
                days_ago = rng.randint(every + 1, every + 35)
            elif (self.today - started).days < 30:
                return None  # new, nothing logged yet: counted from the start
            else:
                days_ago = rng.randint(every + 1, every + 35)
        since_start = (self.today - started).days
        if days_ago >= since_start:
            return self.now - timedelta(days=since_start)
        # In working hours (9 am to 5 pm), on the day it happened; today's only if that
        # time has already come.
        at = time(9 + rng.randint(0, 8), rng.choice([0, 10, 25, 40]))
        when = timezone.make_aware(datetime.combine(self.today - timedelta(days=days_ago), at))
        if when > self.now:
            when -= timedelta(days=1)
        return when

    # -- the whole thing ------------------------------------------------------

    def run(self) -> dict[str, int]:
        organization = self.organization()
        # The resource directory, with its own random stream so the people stay the same.
        seed_directory(owner_id=organization.pk, today=self.today, rng=random.Random(SEED))
        slots = self.slots()
        # Closed journeys first, so that navigators at the cap are not refused on the way.
        order = {"exited": 0, "follow_up": 0, "reopened": 1}
        for slot in sorted(slots, key=lambda s: order.get(s.target, 2)):
            program = self.programs[slot.program]
            navigator = self.users[slot.navigator] if slot.navigator else None
            actor = navigator or self.users[SUPERVISOR_OF[slot.program]]
            enrollment = flow.enroll_new_participant(
                by=actor,
                program=program,
                data=slot.person,
                contacts=slot.contacts,
                status=self._first_status(slot.target),
                navigator=navigator,
                delivery_mode=self.rng.choice(program.delivery_modes),
            )
            slot.participant = enrollment.participant
            enrollment, age = self.journey(enrollment, slot.target, slot.program, actor)
            self.set_dates(enrollment, slot.target, age)
        for slot, (program_key, navigator_name, target) in self.seconds:
            person = slot.participant
            assert person is not None
            program = self.programs[program_key]
            navigator = self.users[navigator_name]
            enrollment = flow.enroll(
                by=navigator,
                participant=person,
                program=program,
                status=Status.ENROLLED,
                navigator=navigator,
                delivery_mode=program.delivery_modes[0],
            )
            enrollment, age = self.journey(enrollment, target, program_key, navigator)
            self.set_dates(enrollment, target, min(age, 200))
        # Assessments, needs and plans, now that every enrollment has its final dates.
        seed_assessments_and_plans(
            rng=self.rng,
            enrollments=list(
                Enrollment.objects.filter(organization=organization)
                .select_related("participant", "navigator")
                .order_by("pk")
            ),
            program_keys={program.pk: key for key, program in self.programs.items()},
            fallback={key: self.users[name] for key, name in SUPERVISOR_OF.items()},
            today=self.today,
            now=self.now,
        )
        # Contacts, notes, appointments and commitments, now that plans have goals.
        self.notes = seed_contacts_and_notes(
            rng=self.rng,
            enrollments=list(
                Enrollment.objects.filter(organization=organization)
                .select_related("program", "participant", "navigator")
                .prefetch_related("participant__contacts")
                .order_by("pk")
            ),
            program_keys={program.pk: key for key, program in self.programs.items()},
            fallback={key: self.users[name] for key, name in SUPERVISOR_OF.items()},
            now=self.now,
        )
        # Consents to share and referrals, with their own random stream so that
        # everything above stays the same.
        shared = demo_referrals.seed_consents_and_referrals(
            rng=random.Random(SEED + 1),
            enrollments=list(
                Enrollment.objects.filter(organization=organization)
                .select_related("program", "participant", "navigator")
                .order_by("pk")
            ),
            now=self.now,
            today=self.today,
        )
        add_partner_sign_in(self.users["admin"], organization)
        add_participant_sign_in(organization)
        # Case conferences, with the partner sign-in in one of them, and their own
        # random stream.
        conferences = demo_conferences.seed_conferences(
            rng=random.Random(SEED + 2),
            users=self.users,
            programs=self.programs,
            supervisors={key: self.users[name] for key, name in SUPERVISOR_OF.items()},
            partner=User.objects.filter(username=PARTNER_USERNAME).first(),
            today=self.today,
        )
        # Endings: transition dates, exit interviews, post-program plans, closures
        # waiting for approval and check-ins after the exit, with their own stream.
        endings = demo_endings.seed_endings(
            rng=random.Random(SEED + 3),
            users=self.users,
            programs=self.programs,
            supervisors={key: self.users[name] for key, name in SUPERVISOR_OF.items()},
            today=self.today,
        )
        # Approvals: Harbor Youth Works asks a supervisor to approve plans before sharing.
        approvals = demo_approvals.seed_approvals(
            programs=self.programs,
            supervisors={key: self.users[name] for key, name in SUPERVISOR_OF.items()},
            manager=self.users["admin"],
            key=YOUTH,
            now=self.now,
        )
        # Supervision sessions: one signed and one draft per program's supervisor.
        sessions = demo_supervision.seed_sessions(
            programs=self.programs,
            supervisors={key: self.users[name] for key, name in SUPERVISOR_OF.items()},
            today=self.today,
        )
        # File reviews: one signed and one in progress (with a correction) per program.
        quality = demo_quality.seed_quality(
            programs=self.programs,
            supervisors={key: self.users[name] for key, name in SUPERVISOR_OF.items()},
            today=self.today,
        )
        # Households: a household stay in housing, a mother heading a household in youth,
        # and a family with a son who moved out in resettlement.
        households = demo_households.seed_households(
            programs=self.programs,
            housing=HOUSING,
            youth=YOUTH,
            resettlement=RESETTLEMENT,
            today=self.today,
        )
        plans = PlanVersion.objects.filter(plan__enrollment__organization=organization)
        return {
            **{f"households_{k}": n for k, n in households.items()},
            **{f"supervision_{k}": n for k, n in sessions.items()},
            **{f"endings_{k}": n for k, n in endings.items()},
            **{f"approvals_{k}": n for k, n in approvals.items()},
            **{f"quality_{k}": n for k, n in quality.items()},
            **{f"shared_{k}": n for k, n in shared.items()},
            **{f"conferences_{k}": n for k, n in conferences.items()},
            "programs": Program.objects.filter(organization=organization).count(),
            "staff": User.objects.filter(
                organization=organization, partner_of=None, participant=None
            ).count(),
            "participants": Participant.objects.filter(organization=organization).count(),
            "enrollments": Enrollment.objects.filter(organization=organization).count(),
            "assessments": Assessment.objects.filter(enrollment__organization=organization).count(),
            "needs": Need.objects.filter(enrollment__organization=organization).count(),
            "plans": plans.filter(status=PlanVersion.Status.ACKNOWLEDGED).count(),
            "draft_plans": plans.filter(status=PlanVersion.Status.DRAFT).count(),
            "goals": Goal.objects.filter(version__plan__enrollment__organization=organization)
            .values("key")
            .distinct()
            .count(),
            "achieved": Progress.objects.filter(
                plan__enrollment__organization=organization, status="achieved"
            ).count(),
            **{f"directory_{k}": n for k, n in headline(organization.pk).items()},
        }


PARTNER_USERNAME = "partner"
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def add_partner_sign_in(admin: User, organization: Organization) -> None:
    """Someone at the partner that received the most referrals signs in to the partner
    view; the answers, connections and outcomes on their referrals become theirs."""
    from django.db.models import Count

    from waypoint.accounts.actions import invite_staff
    from waypoint.directory.models import Provider
    from waypoint.referrals.actions import PARTNER_STEPS
    from waypoint.referrals.models import ReferralEvent, Status

    provider = (
        Provider.objects.filter(owner=organization)
        .annotate(sent=Count("referrals", filter=~Q(referrals__status=Status.DRAFT)))
        .order_by("-sent", "name")
        .first()
    )
    if provider is None:
        return
    person = invite_staff(
        by=admin,
        username=PARTNER_USERNAME,
        display_name="Dana Okafor",
        email="dana.okafor@partner.example.org",
        pronouns="she/her",
        partner_of=provider,
    )
    person.set_password(DEMO_PASSWORD)
    person.save(update_fields=["password"])
    ReferralEvent.objects.filter(
        referral__provider=provider, to_status__in=PARTNER_STEPS - {Status.OUTCOME}
    ).update(by=person, by_partner=True)


PARTICIPANT_USERNAME = "participant"


def add_participant_sign_in(organization: Organization) -> None:
    """One participant with a plan they can read (one who reads Spanish, where there is
    one) uses their own Waypoint."""
    from waypoint.plans.models import PlanVersion

    versions = (
        PlanVersion.objects.filter(plan__enrollment__organization=organization)
        .exclude(status=PlanVersion.Status.DRAFT)
        .exclude(plan__enrollment__status="exited")
        .select_related("plan__participant")
        .order_by("pk")
    )
    chosen = versions.filter(plan__participant__written_language="es").first() or versions.first()
    if chosen is None:
        return
    person = chosen.plan.participant
    account = User(
        username=PARTICIPANT_USERNAME,
        organization=organization,
        participant=person,
        display_name=person.preferred_name,
    )
    account.set_password(DEMO_PASSWORD)
    account.save()


def one_step_sign_in() -> None:
    """Demo only: the personas sign in with their password alone, so the demo works in
    one command. Organizations made any other way ask for a second step."""
    from waypoint.accounts.actions import set_second_factor_required

    admin = User.objects.filter(
        username="admin", organization__name=ORGANIZATION_NAME, is_active=True
    ).first()
    if admin is not None:
        set_second_factor_required(by=admin, required=False)


def sign_in_rows() -> list[tuple[str, str, str, str]]:
    names = {key: settings["name"] for key, settings in PROGRAMS.items()}
    rows = []
    for spec in STAFF:
        roles = sorted({role for role, _ in spec.roles}, key=list(ROLE_LABELS).index)
        where = [names[p] for _, p in spec.roles if p is not None]
        if spec.username == "auditor":
            where = ["all three programs"]
        rows.append(
            (
                spec.username,
                " / ".join(ROLE_LABELS[r] for r in roles),
                ", ".join(where) or "whole organization",
                spec.note,
            )
        )
    partner = User.objects.filter(username=PARTNER_USERNAME).select_related("partner_of").first()
    if partner is not None and partner.partner_of is not None:
        rows.append(
            (
                PARTNER_USERNAME,
                "Partner",
                partner.partner_of.name,
                "sees only the referrals sent there",
            )
        )
    participant = User.objects.filter(username=PARTICIPANT_USERNAME).first()
    if participant is not None:
        rows.append(
            (
                PARTICIPANT_USERNAME,
                "Participant",
                str(participant),
                "their own Waypoint at /my/sign-in/",
            )
        )
    return rows


WRITTEN_LANGUAGES = {"Spanish": "es", "Arabic": "ar"}


class Command(BaseCommand):
    help = (
        "Load a demo agency (three programs, 13 staff, about 150 participants) so you can try "
        "Waypoint. Does nothing if it is already loaded."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.filter(name=ORGANIZATION_NAME).exists():
            self.stdout.write("Demo data already loaded.")
            one_step_sign_in()
            self.print_sign_ins()
            return
        builder = Builder()
        # The demo's people have made-up addresses: nothing it records is mailed (the
        # conference invitations and action items are sent once the data is saved).
        with override_settings(EMAIL_BACKEND=NO_MAIL), transaction.atomic():
            counts = builder.run()
            one_step_sign_in()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {ORGANIZATION_NAME}: {counts['programs']} programs, "
                f"{counts['staff']} staff, {counts['participants']} participants, "
                f"{counts['enrollments']} enrollments, {counts['assessments']} assessments, "
                f"{counts['needs']} needs, {counts['plans']} acknowledged plans "
                f"({counts['draft_plans']} more in draft), {counts['goals']} goals "
                f"({counts['achieved']} achieved)."
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Contacts and notes: {summary(builder.notes)}."))
        shared = {
            k.removeprefix("shared_"): n for k, n in counts.items() if k.startswith("shared_")
        }
        self.stdout.write(
            self.style.SUCCESS(f"Consents and referrals: {demo_referrals.summary(shared)}.")
        )
        conferences = {
            k.removeprefix("conferences_"): n
            for k, n in counts.items()
            if k.startswith("conferences_")
        }
        self.stdout.write(
            self.style.SUCCESS(f"Conferences: {demo_conferences.summary(conferences)}.")
        )
        endings = {
            k.removeprefix("endings_"): n for k, n in counts.items() if k.startswith("endings_")
        }
        self.stdout.write(self.style.SUCCESS(f"Endings: {demo_endings.summary(endings)}."))
        approvals = {
            k.removeprefix("approvals_"): n for k, n in counts.items() if k.startswith("approvals_")
        }
        self.stdout.write(self.style.SUCCESS(f"Approvals: {demo_approvals.summary(approvals)}."))
        sessions = {
            k.removeprefix("supervision_"): n
            for k, n in counts.items()
            if k.startswith("supervision_")
        }
        self.stdout.write(
            self.style.SUCCESS(f"Supervision sessions: {demo_supervision.summary(sessions)}.")
        )
        quality = {
            k.removeprefix("quality_"): n for k, n in counts.items() if k.startswith("quality_")
        }
        self.stdout.write(self.style.SUCCESS(f"File reviews: {demo_quality.summary(quality)}."))
        households = {
            k.removeprefix("households_"): n
            for k, n in counts.items()
            if k.startswith("households_")
        }
        self.stdout.write(self.style.SUCCESS(f"Households: {demo_households.summary(households)}."))
        housing = Program.objects.get(
            organization__name=ORGANIZATION_NAME, name=PROGRAMS[HOUSING]["name"]
        )
        self.stdout.write(self.style.SUCCESS(f"HUD reporting: {hud_demo.summary(housing)}."))
        self.stdout.write(
            self.style.SUCCESS(
                f"Resource directory: {counts['directory_services']} services from "
                f"{counts['directory_providers']} providers at "
                f"{counts['directory_locations']} locations ({counts['directory_vetted']} "
                f"vetted, {counts['directory_published']} published)."
            )
        )
        self.print_sign_ins()

    def print_sign_ins(self) -> None:
        rows = [("username", "role", "program", "note"), *sign_in_rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Demo sign-ins:")
        for i, row in enumerate(rows):
            line = "  ".join(cell.ljust(widths[n]) for n, cell in enumerate(row[:3]))
            self.stdout.write(f"  {line}  {row[3]}".rstrip())
            if i == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        port = os.environ.get("PORT") or "8000"
        self.stdout.write("")
        self.stdout.write(f"Password for every demo sign-in: {DEMO_PASSWORD}")
        self.stdout.write(
            "Demo only: these sign-ins take the password alone. Every other organization "
            "asks for a code from an authenticator app as well (see docs/user-guide.md)."
        )
        self.stdout.write(f"Open http://127.0.0.1:{port}/ and sign in.")

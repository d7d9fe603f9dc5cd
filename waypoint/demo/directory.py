"""A lifelike resource directory for the demo agency: the partners a navigator in Harbor
City refers people to, as Open Referral HSDS 3.0 rows.

Everything here is fictional (places, people, numbers, tax ids); phone numbers use the
555-01xx range kept for fiction, and every web and email address is under example.org.
Ids are uuid5 of a fixed namespace and a name, so the same data has the same HSDS ids in
every Waypoint. ``seed_directory`` fills every HSDS table, so an export of the demo
exercises the whole specification.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from waypoint.accounts.models import User
from waypoint.directory.actions import ensure_domains
from waypoint.directory.hsds import TABLES
from waypoint.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    DirectoryContact,
    Funding,
    Language,
    Location,
    Metadata,
    MetaTableDescription,
    Phone,
    Provider,
    ProviderIdentifier,
    ProviderProgram,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

NAMESPACE = uuid.UUID("3b8e2c4a-9d71-4f0e-8a25-6c1f0d9e7b53")
CITY = "Harbor City"
COUNTY = "Harbor County"
STATE = "ME"
COUNTRY = "US"
AREA_CODE = "207"
TEAM = "Harbor Community Partners resource team"
TEAM_EMAIL = "resources@harbor.example.org"
WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
STAFF_SPEAK = "Spoken by staff here."
LINE_SPEAKS = "The line is answered in this language; ask when you call."
SEASON = "During tax season, February 1 to April 15."
RECENT, STALE = "recent", "stale"  # last checked within six months, or longer ago
CHECKER_ROLES = ("navigator", "staff", "supervisor", "manager")

# ISO 639-3 codes (Dari, S'gaw Karen and others have no two-letter code).
LANGUAGES: dict[str, str] = {
    "English": "eng",
    "Spanish": "spa",
    "Haitian Creole": "hat",
    "French": "fra",
    "Somali": "som",
    "Arabic": "ara",
    "Dari": "prs",
    "Pashto": "pus",
    "Ukrainian": "ukr",
    "Russian": "rus",
    "Swahili": "swa",
    "Kinyarwanda": "kin",
    "S'gaw Karen": "ksw",
    "Burmese": "mya",
    "Nepali": "nep",
    "Vietnamese": "vie",
    "Navajo": "nav",
    "Lakota": "lkt",
    "American Sign Language": "ase",
}

# Neighborhood: (city, postal code, latitude, longitude of its middle).
PLACES: dict[str, tuple[str, str, float, float]] = {
    "harborfront": (CITY, "04101", 43.6572, -70.2525),
    "eastside": (CITY, "04101", 43.6672, -70.2462),
    "maple_hill": (CITY, "04102", 43.6618, -70.2735),
    "elm_heights": (CITY, "04102", 43.6497, -70.2851),
    "riverside": (CITY, "04103", 43.6781, -70.2906),
    "northgate": (CITY, "04103", 43.6934, -70.2771),
    "millbrook": ("Millbrook", "04092", 43.6812, -70.3493),
}

# Service areas: key → (name, description, extent, extent type).
AREAS: dict[str, tuple[str, str, str, str]] = {
    "city": (CITY, "Anyone who lives or stays in Harbor City, housed or not.", "", ""),
    "county": (
        COUNTY,
        "Harbor City, Millbrook and the smaller towns of Harbor County.",
        "",
        "",
    ),
    "downtown": (
        "Harbor City ZIP codes 04101 and 04102",
        "Harborfront, Eastside, Maple Hill and Elm Heights.",
        "04101,04102",
        "text",
    ),
    "north": (
        "Riverside and Northgate (ZIP code 04103)",
        "The neighborhoods north of the river.",
        "04103",
        "text",
    ),
    "millbrook": ("Millbrook", "The town of Millbrook, west of Harbor City.", "04092", "text"),
}


# --- The shape of the data --------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    """One schedule row: days and times, or only a description."""

    byday: str = ""
    opens: str = ""
    closes: str = ""
    description: str = ""
    freq: str = "WEEKLY"
    attending: str = ""
    notes: str = ""
    seasonal: bool = False  # valid only during tax season


@dataclass(frozen=True)
class Line:
    """A phone number; the number itself is handed out in order from the 555-01xx range."""

    description: str
    type: str = "voice"
    extension: int | None = None
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    name: str = ""
    title: str = ""
    department: str = ""
    mailbox: str = ""  # before the @ of the provider's domain
    phone: Line | None = None


@dataclass(frozen=True)
class Cost:
    option: str
    amount: float | None
    description: str = ""
    from_new_year: bool = False


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    description: str
    domain: str
    alternate_name: str = ""
    mailbox: str = "info"
    tax_status: str = "501(c)(3) nonprofit"
    ein: str = ""
    year: int | None = None
    legal_status: str = "Nonprofit corporation"
    program: tuple[str, str] | None = None
    funding: tuple[str, ...] = ()
    parent: str = ""
    fax: bool = False
    contact: Person | None = None
    other_id: tuple[str, str, str] | None = None  # (scheme, type, identifier)


@dataclass(frozen=True)
class Site:
    key: str
    org: str  # "" for a place no provider owns (a courthouse, a community room)
    name: str
    street: str
    place: str
    description: str = ""
    address_2: str = ""
    transportation: str = ""
    access: tuple[str, str] = ("", "")
    access_url: str = ""
    languages: tuple[str, ...] = ()
    hours: tuple[Hours, ...] = ()
    phone: Line | None = None
    contact: Person | None = None
    kind: str = "physical"
    url: str = ""
    alternate_name: str = ""


@dataclass(frozen=True)
class At:
    """A service at one of its locations."""

    site: str
    description: str = ""
    hours: tuple[Hours, ...] = ()
    phone: Line | None = None
    contact: Person | None = None


@dataclass(frozen=True)
class Svc:
    key: str
    org: str
    name: str
    description: str
    domains: tuple[str, ...]
    at: tuple[At, ...]
    what_to_expect: str = ""
    alternate_name: str = ""
    path: str = ""
    mailbox: str = ""
    status: str = "active"
    alert: str = ""
    application: str = ""
    eligibility: str = ""
    min_age: int | None = None
    max_age: int | None = None
    fees_description: str = ""
    fees: str = ""
    wait: str = ""
    interpretation: str = ""
    accreditations: str = ""
    licenses: str = ""
    languages: tuple[str, ...] = ()
    hours: tuple[Hours, ...] = ()
    areas: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    costs: tuple[Cost, ...] = ()
    phones: tuple[Line, ...] = ()
    contact: Person | None = None
    focus: tuple[str, ...] = ()
    funding: tuple[str, ...] = ()
    in_program: bool = False
    vetted: bool = False
    checked: str = ""  # RECENT, STALE or "" (never checked)
    public: bool = False


# --- The providers ----------------------------------------------------------------------

ORGS: tuple[Org, ...] = (
    Org(
        "hcp",
        "Harbor Community Partners",
        "A community agency walking beside young people, neighbors without homes and newly "
        "arrived refugee families in Harbor City, through Harbor Youth Works, Home Base "
        "Outreach and New Roots Resettlement.",
        "harbor.example.org",
        ein="01-0000417",
        year=1987,
        funding=("Harbor Community Foundation", "Gifts from neighbors and local businesses"),
    ),
    Org(
        "foodbank",
        "Harbor Food Bank",
        "Collects food from farms, grocers and neighbors and shares it through its own "
        "pantry, a mobile pantry and more than thirty partner pantries across the county.",
        "harborfoodbank.example.org",
        mailbox="intake",
        ein="01-0000532",
        year=1983,
        program=(
            "Neighborhood Pantry Network",
            "The food bank's own choice pantry on Dock Street and the mobile pantry that "
            "visits apartment complexes and community centers each month.",
        ),
        funding=("Donations from neighbors, farms and local grocers",),
    ),
    Org(
        "stbrigid",
        "St. Brigid's Parish Outreach",
        "The outreach ministry of St. Brigid's parish: a Sunday supper for anyone who is "
        "hungry, a coat closet in winter and a listening ear.",
        "stbrigid.example.org",
        tax_status="Religious organization (tax-exempt)",
        legal_status="Religious organization",
        year=1911,
    ),
    Org(
        "fifth",
        "Fifth Street Drop-In Center",
        "A day center and night shelter for adults without a home: meals, showers, "
        "laundry, mail, a phone charger and a friendly face, with outreach, health and "
        "housing workers stopping by through the week.",
        "fifthstreetdropin.example.org",
        alternate_name="The Drop-In",
        mailbox="frontdesk",
        ein="01-0000686",
        year=1994,
        funding=("City of Harbor City emergency shelter grant", "Private donors"),
        contact=Person("Deirdre Okafor", "Front desk lead", mailbox="deirdre.okafor"),
    ),
    Org(
        "hha",
        "Harbor Housing Alliance",
        "Helps people and families who have lost their home, or are about to, find and "
        "keep a place of their own: family shelter, rapid rehousing and housing voucher "
        "help.",
        "harborhousing.example.org",
        ein="01-0000741",
        year=2003,
        program=(
            "Pathways Home",
            "Family shelter, rapid rehousing and housing voucher help under one roof, "
            "so a family that arrives at the shelter can leave with keys.",
        ),
        funding=("Federal Continuum of Care grant through Harbor County",),
    ),
    Org(
        "legalaid",
        "Harbor County Legal Aid",
        "Free civil legal advice and representation for people with low incomes: "
        "housing and eviction, public benefits, and sealing old records.",
        "harborlegalaid.example.org",
        mailbox="help",
        ein="01-0000858",
        year=1969,
        fax=True,
        program=(
            "Civil Legal Help",
            "Lawyers, paralegals and volunteers giving free legal help with housing, "
            "public benefits and criminal records.",
        ),
        funding=("State Bar Foundation", "Harbor County Community Development Block Grant"),
    ),
    Org(
        "newshores",
        "New Shores Immigration Law Project",
        "Free and low-cost immigration legal help for refugees, asylum seekers and "
        "immigrant families, in their own languages.",
        "newshoreslaw.example.org",
        mailbox="intake",
        ein="01-0000963",
        year=2009,
        contact=Person("Mariam Rezai", "Legal intake coordinator", mailbox="mariam.rezai"),
    ),
    Org(
        "learning",
        "Harbor Adult Learning Center",
        "Classes for adults and young people who want a high school credential, better "
        "English or new skills, with morning and evening groups and free childcare in "
        "the mornings.",
        "harborlearning.example.org",
        alternate_name="The Learning Center",
        ein="01-0001024",
        year=1978,
        funding=("State adult education grant",),
    ),
    Org(
        "career",
        "Harbor Career Center",
        "The public workforce center for Harbor County: career coaching, job listings, "
        "computers for job search and short training courses with recognized "
        "certificates.",
        "harborcareers.example.org",
        tax_status="Government agency (tax-exempt)",
        legal_status="Government",
        program=(
            "Harbor Works Training",
            "Short job training courses that lead to recognized certificates, paid for by "
            "workforce grants for people who qualify.",
        ),
        funding=("U.S. Department of Labor workforce grant through the state",),
    ),
    Org(
        "clinic",
        "Harbor Health Clinic",
        "A community health center on Maple Street: primary care, pharmacy, health "
        "screening for new arrivals, and doctors and nurses who go out to people "
        "living outside.",
        "harborhealth.example.org",
        ein="01-0001180",
        year=1972,
        fax=True,
        program=(
            "Health Care for the Homeless",
            "Doctors and nurses who bring care to people living outside or in shelters, "
            "at the drop-in center and on the street.",
        ),
        funding=("Federal health center program", "Harbor Community Foundation"),
    ),
    Org(
        "tidewater",
        "Tidewater Behavioral Health",
        "Counseling and crisis support for adults and families, in person, by video or "
        "by phone, with a crisis line open day and night.",
        "tidewaterbh.example.org",
        ein="01-0001243",
        year=1981,
        funding=("State department of behavioral health",),
    ),
    Org(
        "safeharbor",
        "Safe Harbor Recovery Center",
        "Outpatient treatment, medication for opioid use disorder and peer recovery "
        "coaching, on each person's own terms.",
        "safeharborrecovery.example.org",
        ein="01-0001377",
        year=1998,
        program=(
            "Recovery Services",
            "Outpatient groups, one-on-one counseling and medication for opioid use "
            "disorder, started the same day whenever possible.",
        ),
    ),
    Org(
        "harm",
        "Harbor Harm Reduction Collective",
        "A storefront by the bus depot offering safer use supplies, naloxone, testing "
        "and a welcome without conditions.",
        "harborharmreduction.example.org",
        ein="01-0001452",
        year=2016,
    ),
    Org(
        "reentry",
        "Second Chance Reentry Network",
        "Navigators who have been through the justice system themselves, helping people "
        "coming home from jail or prison with the first months: ID, housing, work and "
        "court.",
        "secondchancereentry.example.org",
        ein="01-0001519",
        year=2012,
        funding=("State reentry services grant",),
    ),
    Org(
        "cu",
        "Harbor Community Credit Union",
        "A member-owned credit union with no-fee accounts, small loans that build credit, "
        "free financial coaching and free tax preparation.",
        "harborcu.example.org",
        mailbox="members",
        tax_status="Tax-exempt credit union",
        legal_status="Credit union",
        year=1952,
        program=(
            "Money Matters",
            "Free financial coaching and free tax preparation for members and neighbors.",
        ),
        contact=Person(department="Member services", mailbox="members"),
        other_id=("", "Credit union charter number", "24517"),
    ),
    Org(
        "transit",
        "Harbor Regional Transit",
        "Buses across Harbor City and Millbrook, reduced fares, and door-to-door rides for "
        "medical appointments.",
        "harbortransit.example.org",
        mailbox="customerservice",
        tax_status="Government agency (tax-exempt)",
        legal_status="Public transit authority",
    ),
    Org(
        "wheels",
        "Wheels to Work",
        "Gets people to work: rides to early and late shifts while they get on their feet, "
        "and car repairs at the cost of parts.",
        "wheelstowork.example.org",
        mailbox="rides",
        ein="01-0001688",
        year=2006,
    ),
    Org(
        "frc",
        "Harbor Family Resource Center",
        "A welcoming place for families with young children: playgroups, parent circles, "
        "and help finding and paying for childcare.",
        "harborfamilies.example.org",
        mailbox="hello",
        ein="01-0001725",
        year=2001,
        contact=Person("Naledi Mokoena", "Family coach", mailbox="naledi.mokoena"),
    ),
    Org(
        "oak",
        "Oak Street Early Learning Center",
        "A licensed childcare center for children from six weeks to five years old, run by "
        "the Harbor Family Resource Center.",
        "oakstreetlearning.example.org",
        mailbox="office",
        ein="01-0001793",
        year=2011,
        parent="frc",
        funding=("State childcare subsidy program",),
    ),
    Org(
        "dss",
        "Harbor County Department of Social Services",
        "The county office for food benefits (SNAP), cash assistance and health coverage "
        "(Medicaid).",
        "harborcounty.example.org",
        mailbox="dss",
        tax_status="Government agency (tax-exempt)",
        legal_status="Government",
        fax=True,
    ),
    Org(
        "library",
        "Riverside Library",
        "The Riverside branch of the Harbor City Public Library: books in many languages, "
        "free computers and Wi-Fi, and people who help with online forms.",
        "harborlibrary.example.org",
        alternate_name="Harbor City Public Library, Riverside branch",
        mailbox="riverside",
        tax_status="Government agency (tax-exempt)",
        legal_status="Government",
    ),
    Org(
        "native",
        "Harbor Native Friendship Center",
        "A gathering place for Native people of every nation and their families: shared "
        "meals, ceremony, language circles and help finding services.",
        "harbornative.example.org",
        ein="01-0001866",
        year=1976,
    ),
    Org(
        "welcome",
        "Harbor Welcome Circle",
        "Neighbors who once arrived as refugees themselves, welcoming new families: "
        "community navigators who speak their languages and a free furniture bank.",
        "harborwelcome.example.org",
        mailbox="welcome",
        ein="01-0001931",
        year=2017,
        funding=("Gifts from congregations and neighbors",),
    ),
)

# --- The places ------------------------------------------------------------------------

M_F_9_5 = Hours(WEEKDAYS, "09:00", "17:00", notes="Closed on public holidays.")

SITES: tuple[Site, ...] = (
    Site(
        "hcp",
        "hcp",
        "Harbor Community Partners",
        "120 Front Street",
        "harborfront",
        "The agency's main office; mail for people in Home Base Outreach is held at the "
        "front desk.",
        address_2="Second floor",
        transportation="Bus 12 stops at Front and Dock, one block away.",
        access=("Elevator and step-free entrance", "Entrance and elevator on Front Street."),
        languages=("Spanish", "Arabic", "Dari"),
        hours=(M_F_9_5,),
    ),
    Site(
        "foodbank",
        "foodbank",
        "Harbor Food Bank, Dock Street pantry",
        "48 Dock Street",
        "harborfront",
        "The choice pantry and the food bank's warehouse.",
        transportation="Bus 12 stops at Dock Street; free parking behind the building.",
        access=(
            "Ramp at the side door",
            "The ramp is on the Dock Street side; carts are wide enough for a wheelchair to pass.",
        ),
        languages=("Spanish", "Somali"),
    ),
    Site(
        "foodbank_mail",
        "foodbank",
        "Harbor Food Bank mailing address",
        "PO Box 2210",
        "harborfront",
        "For letters and checks only; food donations go to Dock Street.",
        kind="postal",
    ),
    Site(
        "elm_court",
        "",
        "Elm Court Apartments community room",
        "300 Elm Court",
        "elm_heights",
        "A community room shared by the tenants' association and visiting services.",
        transportation="Bus 4 stops at the Elm Court entrance.",
        access=("Step-free", "Ground floor room with an accessible restroom."),
    ),
    Site(
        "stbrigid",
        "stbrigid",
        "St. Brigid's Parish Hall",
        "22 Maple Street",
        "maple_hill",
        "The parish hall beside the church.",
        transportation="Bus 4 stops at Maple and Church.",
        access=("Ramp at the rear door", "Use the parking lot door; the front has steps."),
    ),
    Site(
        "fifth",
        "fifth",
        "Fifth Street Drop-In Center",
        "211 Fifth Street",
        "eastside",
        "Day center with a dining room, showers, laundry and a quiet room.",
        transportation="Ten minutes' walk from the Harbor Street bus depot; bus 2 stops at "
        "Fifth and Ocean.",
        access=(
            "Step-free entrance",
            "Accessible shower and restroom; service animals and pets welcome.",
        ),
        languages=("Spanish",),
        hours=(
            Hours(WEEKDAYS, "07:30", "15:00"),
            Hours("SA,SU", "08:00", "12:00", description="Weekend brunch and showers."),
        ),
    ),
    Site(
        "fifth_shelter",
        "fifth",
        "Fifth Street Night Shelter",
        "215 Fifth Street",
        "eastside",
        "Next door to the drop-in center; the door on the left side of the building.",
        transportation="Bus 2 stops at Fifth and Ocean.",
        access=("Step-free entrance", "Ground floor beds for people who cannot use stairs."),
    ),
    Site(
        "hha",
        "hha",
        "Harbor Housing Alliance",
        "75 Market Street",
        "harborfront",
        "Offices of Pathways Home, including family shelter intake.",
        address_2="Suite 300",
        transportation="Bus 12 and bus 4 stop at Market Square.",
        access=("Elevator", "Elevator from the lobby; a quiet family room on the third floor."),
        hours=(Hours(WEEKDAYS, "08:30", "16:30"),),
    ),
    Site(
        "hha_mail",
        "hha",
        "Harbor Housing Alliance mailing address",
        "PO Box 884",
        "harborfront",
        kind="postal",
    ),
    Site(
        "legalaid",
        "legalaid",
        "Harbor County Legal Aid",
        "40 Court Street",
        "harborfront",
        address_2="Second floor",
        transportation="Bus 12 stops at Court and Front.",
        access=(
            "Elevator",
            "Elevator at the back of the lobby; private meeting rooms on the same floor.",
        ),
        languages=("Spanish", "Vietnamese"),
        hours=(M_F_9_5,),
    ),
    Site(
        "courthouse",
        "",
        "Harbor County Courthouse",
        "1 Court Square",
        "harborfront",
        "Help desks for housing court and court support are in the lobby, left of security.",
        transportation="Bus 12 stops at Court Square.",
        access=("Step-free entrance and elevators", "Enter by the ramp on Court Street."),
    ),
    Site(
        "newshores",
        "newshores",
        "New Shores Immigration Law Project",
        "9 Lincoln Avenue",
        "riverside",
        transportation="Bus 7 stops at Lincoln and Riverside Drive.",
        access=("Step-free entrance", "Ground floor office with a children's corner."),
        languages=("Dari", "Pashto", "Arabic", "Ukrainian", "French", "Spanish"),
    ),
    Site(
        "learning",
        "learning",
        "Harbor Adult Learning Center",
        "410 Harbor Street",
        "maple_hill",
        "Classrooms, a computer lab and a childcare room.",
        transportation="Bus 2 and bus 4 stop outside.",
        access=(
            "Elevator to every floor",
            "Large-print materials and hearing loops in the classrooms.",
        ),
        languages=("Arabic", "Dari", "Ukrainian", "Spanish"),
        hours=(
            Hours("MO,TU,WE,TH", "08:30", "20:30"),
            Hours("FR", "08:30", "13:00"),
        ),
    ),
    Site(
        "career",
        "career",
        "Harbor Career Center",
        "500 Route 9",
        "northgate",
        "Job search room, classrooms and a training yard behind the building.",
        transportation="Bus 12 ends at the career center.",
        access=("Step-free entrance", "Screen readers and an adjustable desk in the job room."),
        languages=("Spanish", "Somali"),
        hours=(Hours(WEEKDAYS, "08:30", "16:30"),),
    ),
    Site(
        "clinic",
        "clinic",
        "Harbor Health Clinic, Maple Street",
        "88 Maple Street",
        "maple_hill",
        "Primary care, pharmacy and lab.",
        transportation="Bus 4 stops in front; free parking for patients.",
        access=(
            "Step-free entrance and wheelchairs to borrow",
            "Automatic doors, an accessible exam room on each floor, and American Sign "
            "Language interpreters on request.",
        ),
        access_url="https://harborhealth.example.org/accessibility",
        languages=("Spanish", "Haitian Creole", "Vietnamese", "American Sign Language"),
        hours=(
            Hours(WEEKDAYS, "08:00", "18:00"),
            Hours("SA", "09:00", "13:00", description="Saturday morning walk-in hours."),
        ),
        phone=Line("Pharmacy", extension=104),
    ),
    Site(
        "tidewater",
        "tidewater",
        "Tidewater Behavioral Health",
        "12 Riverside Drive",
        "riverside",
        transportation="Bus 7 stops at Riverside Drive and Lincoln.",
        access=("Step-free entrance", "Quiet waiting room; you can wait outside if you prefer."),
        languages=("Spanish", "Arabic", "Ukrainian"),
        hours=(
            Hours("MO,TU,WE,TH", "08:00", "20:00"),
            Hours("FR", "08:00", "17:00"),
        ),
    ),
    Site(
        "tidewater_line",
        "tidewater",
        "Tidewater crisis line",
        "",
        "",
        "Call or text, any time; the mobile team goes anywhere in the county.",
        kind="virtual",
        url="https://tidewaterbh.example.org/crisis",
    ),
    Site(
        "safeharbor",
        "safeharbor",
        "Safe Harbor Recovery Center",
        "140 Ocean Avenue",
        "eastside",
        transportation="Bus 2 stops at Ocean and Fifth.",
        access=("Step-free entrance", "Private entrance for medication visits."),
        hours=(Hours(WEEKDAYS, "07:00", "19:00"), Hours("SA", "07:00", "11:00")),
    ),
    Site(
        "harm",
        "harm",
        "Harbor Harm Reduction Collective storefront",
        "19 Harbor Street",
        "harborfront",
        "Across from the Harbor Street bus depot.",
        transportation="Every bus stops at the Harbor Street depot, across the street.",
        access=("Step-free entrance", ""),
    ),
    Site(
        "reentry",
        "reentry",
        "Second Chance Reentry Network",
        "77 Lincoln Avenue",
        "riverside",
        transportation="Bus 7 stops at Lincoln and Riverside Drive.",
        access=("Step-free entrance", ""),
        hours=(M_F_9_5,),
    ),
    Site(
        "cu",
        "cu",
        "Harbor Community Credit Union, Market Street branch",
        "101 Market Street",
        "harborfront",
        transportation="Bus 12 and bus 4 stop at Market Square.",
        access=("Step-free entrance", "Lowered counter at window 1."),
        languages=("Spanish", "Vietnamese"),
        hours=(Hours(WEEKDAYS, "09:00", "17:00"), Hours("SA", "09:00", "12:00")),
    ),
    Site(
        "transit",
        "transit",
        "Harbor Regional Transit customer center",
        "2 Harbor Street",
        "harborfront",
        "Inside the Harbor Street bus depot, next to the ticket machines.",
        alternate_name="Harbor Street bus depot",
        transportation="Every bus route stops at the depot.",
        access=("Step-free", "Audio announcements and a lowered service window."),
        languages=("Spanish", "Somali"),
        hours=(Hours(WEEKDAYS, "07:00", "18:00"), Hours("SA", "09:00", "13:00")),
    ),
    Site(
        "wheels",
        "wheels",
        "Wheels to Work garage",
        "9 Industrial Way",
        "millbrook",
        transportation="Bus 9 stops at Industrial Way; rides from Harbor City on request.",
        access=("Step-free office", "The waiting room is beside the garage bays."),
    ),
    Site(
        "oak",
        "oak",
        "Oak Street Early Learning Center",
        "35 Oak Street",
        "elm_heights",
        "Infant, toddler and preschool rooms and a fenced playground.",
        transportation="Bus 4 stops at Oak and Elm; drop-off parking in front.",
        access=("Step-free entrance", "Every room is on the ground floor."),
        languages=("Spanish", "Arabic", "Somali"),
        hours=(Hours(WEEKDAYS, "06:30", "18:00"),),
        phone=Line("Front office"),
        contact=Person("Beatriz Alcántara", "Center director", mailbox="director"),
    ),
    Site(
        "frc",
        "frc",
        "Harbor Family Resource Center",
        "14 School Street",
        "elm_heights",
        "Next to Lincoln Elementary; the playroom is on the left as you come in.",
        transportation="Bus 4 stops at School Street.",
        access=("Step-free entrance", "Room for strollers; a private room for nursing."),
        languages=("Spanish", "Haitian Creole", "Nepali"),
        hours=(Hours(WEEKDAYS, "09:00", "17:00"), Hours("WE", "17:00", "20:00")),
    ),
    Site(
        "dss",
        "dss",
        "Harbor County Department of Social Services",
        "200 Market Street",
        "harborfront",
        "Take a number at the front window on the first floor.",
        transportation="Bus 12 and bus 4 stop at Market Square.",
        access=(
            "Step-free entrance",
            "Seating while you wait; ask at the window for a private room.",
        ),
        languages=("Spanish",),
        hours=(Hours(WEEKDAYS, "08:00", "16:30"),),
    ),
    Site(
        "library",
        "library",
        "Riverside Library",
        "400 Riverside Drive",
        "riverside",
        "Computers, Wi-Fi, a quiet reading room and a community room.",
        transportation="Bus 7 stops at the library.",
        access=(
            "Step-free entrance and elevator",
            "Screen readers, a magnifier and large-print books.",
        ),
        hours=(
            Hours("MO,TU,WE,TH", "10:00", "20:00"),
            Hours("FR,SA", "10:00", "17:00"),
        ),
        phone=Line("Information desk"),
    ),
    Site(
        "native",
        "native",
        "Harbor Native Friendship Center",
        "61 Cedar Street",
        "northgate",
        transportation="Bus 12 stops at Cedar Street.",
        access=("Step-free entrance", ""),
        languages=("Navajo", "Lakota"),
    ),
    Site(
        "welcome_warehouse",
        "welcome",
        "Harbor Welcome Circle furniture bank",
        "12 Industrial Way",
        "millbrook",
        "Warehouse; ring the bell at the loading door.",
        transportation="Bus 9 stops at Industrial Way.",
        access=("Loading door at ground level", ""),
    ),
)

# --- The services ----------------------------------------------------------------------

SERVICES: tuple[Svc, ...] = (
    Svc(
        "hcp_documents",
        "hcp",
        "ID and documents help",
        "Help getting the papers that open doors: a state ID, a birth certificate from any "
        "state, a Social Security card, and copies of papers from another country. Fees "
        "are paid from the agency's documents fund.",
        ("legal_documents",),
        (At("hcp", "At the front desk, second floor."),),
        what_to_expect="Your navigator sits down with you to work out which papers you need "
        "first: a state ID, a birth certificate, a Social Security card, or papers from "
        "another country. You fill in the forms together, and the documents fund pays the "
        "fees, so you do not pay anything. Bring whatever papers you still have, even old "
        "or damaged ones; they often help. A birth certificate from another state can take "
        "four to eight weeks, and your navigator will tell you as soon as it arrives.",
        path="documents",
        eligibility="People taking part in any Harbor Community Partners program.",
        fees_description="No cost to you.",
        languages=("English", "Spanish", "Arabic", "Dari"),
        areas=("city",),
        costs=(Cost("ID, birth certificate and record fees", 0, "Paid by the documents fund."),),
        vetted=True,
        checked=RECENT,
    ),
    Svc(
        "fb_pantry",
        "foodbank",
        "Dock Street Food Pantry",
        "A choice pantry: people pick their own groceries, including fresh produce, bread, "
        "dairy, and halal and vegetarian foods.",
        ("food",),
        (At("foodbank", "Enter by the side door on Dock Street, where the ramp is."),),
        what_to_expect="Walk in during open hours; there is no appointment and no paperwork "
        "beyond your first name and how many people you shop for. A volunteer at the door "
        "gives you a number and a cart, and you choose your own food, including fresh "
        "produce, bread, and halal and vegetarian options. Volunteers speak Spanish, and "
        "Somali on Saturdays. The line is longest right at opening; after 11 it is usually "
        "under 15 minutes. Bring your own bags if you can.",
        path="pantry",
        mailbox="pantry",
        eligibility="Anyone in Harbor County who needs food. No ID or proof of income needed.",
        fees="Free",
        fees_description="Free.",
        wait="Usually under 15 minutes after the first hour.",
        languages=("English", "Spanish", "Somali"),
        hours=(
            Hours("TU,TH", "10:00", "18:00"),
            Hours("SA", "09:00", "12:00", description="Somali-speaking volunteers on Saturdays."),
        ),
        areas=("county",),
        phones=(Line("Pantry hours and holiday closures (recorded message)", extension=2),),
        focus=("families",),
        funding=("Federal emergency food program (commodities)",),
        in_program=True,
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "fb_mobile",
        "foodbank",
        "Mobile Pantry",
        "A truck of fresh and shelf-stable food that visits apartment complexes and "
        "community centers once a month.",
        ("food",),
        (At("elm_court", "In the parking lot beside the community room."),),
        what_to_expect="When it is running, the truck parks by the Elm Court community room "
        "on the second Saturday of the month. Bring bags or a box; volunteers hand each "
        "household in line a mix of produce, dairy and pantry staples, with no questions "
        "asked.",
        path="mobile-pantry",
        status="temporarily closed",
        alert="Visits are paused while the truck is repaired; it should be back on the road "
        "within a few weeks. Until then, the Dock Street pantry is open Tuesdays, Thursdays "
        "and Saturdays.",
        eligibility="Anyone who comes to a stop.",
        fees="Free",
        hours=(
            Hours(
                "2SA",
                "10:00",
                "12:00",
                description="On the second Saturday of each month, while food lasts.",
                freq="MONTHLY",
            ),
        ),
        areas=("downtown",),
        in_program=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "stb_supper",
        "stbrigid",
        "Sunday community supper",
        "A hot sit-down supper every Sunday evening, open to everyone.",
        ("food", "family_social"),
        (At("stbrigid", "In the parish hall; use the parking lot door."),),
        what_to_expect="Everyone is welcome at the Sunday supper: no sign-up and no "
        "questions. Come to the parish hall door by the parking lot; volunteers serve a hot "
        "meal at the tables, and you can take a bag of sandwiches for Monday. Many people "
        "from the Fifth Street drop-in come every week, so you will likely see familiar "
        "faces. There is no religious service attached to the meal.",
        path="supper",
        fees="Free",
        languages=("English", "Spanish"),
        hours=(Hours("SU", "17:00", "18:30"),),
        areas=("city",),
        checked=RECENT,
        public=True,
    ),
    Svc(
        "fifth_dropin",
        "fifth",
        "Day drop-in: meals, showers and mail",
        "Breakfast and lunch, hot showers, laundry, phone charging, computers, and a "
        "mailing address for people without a home. Outreach, health and housing workers "
        "visit through the week.",
        ("housing", "food", "other"),
        (At("fifth"),),
        what_to_expect="The front desk greets you, and by your second visit they will know "
        "your name. You can have breakfast and lunch, take a hot shower (sign up at the "
        "desk; towels and soap are provided), wash clothes, charge your phone and use the "
        "computers. You can also use the drop-in as your mailing address: sign a short form "
        "at the desk and mail is held for you for up to 60 days. A nurse comes on Tuesdays "
        "and a recovery coach on Thursdays, so it is a good place to meet people who can "
        "help. Nothing to bring.",
        path="day-center",
        eligibility="Adults 18 and over.",
        min_age=18,
        fees="Free",
        languages=("English", "Spanish"),
        areas=("city",),
        contact=Person("Deirdre Okafor", "Front desk lead", mailbox="deirdre.okafor"),
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "fifth_shelter",
        "fifth",
        "Fifth Street Night Shelter",
        "Forty emergency beds for adults, with dinner, a shower, a locker and breakfast.",
        ("housing",),
        (At("fifth_shelter", "Doors open at 7 pm; the line forms by the left-side door."),),
        what_to_expect="Call the bed line after 3 pm to ask whether there is a bed tonight; "
        "if there is, staff can hold it for you until 9 pm. At the door, staff ask your "
        "name and check you in; you do not need ID. Men and women sleep in separate rooms, "
        "and there are a few beds in a quieter room if crowds are hard for you. You get "
        "dinner, a shower and a locker for the night, and breakfast at 6:30. Pets in "
        "carriers are welcome; tell staff when you call.",
        path="shelter",
        eligibility="Adults 18 and over.",
        min_age=18,
        fees="Free",
        wait="Beds often fill by 8 pm in winter; call after 3 pm to ask about tonight.",
        languages=("English",),
        hours=(
            Hours(
                EVERY_DAY,
                "19:00",
                "07:00",
                description="Beds are held until 9 pm for people who called ahead.",
            ),
        ),
        areas=("city",),
        phones=(Line("Bed line, from 3 pm"),),
        checked=STALE,
        public=True,
    ),
    Svc(
        "hha_rrh",
        "hha",
        "Rapid rehousing",
        "Help finding an apartment quickly, with the deposit, first month's rent and up to "
        "a year of rent help that steps down as income grows.",
        ("housing", "finances"),
        (At("hha", "Meetings at the office, the drop-in center or wherever suits you."),),
        what_to_expect="A housing specialist meets you wherever is easiest, often at the "
        "drop-in center or the Market Street office, and asks what kind of place and "
        "neighborhood you want. They help you search, talk with landlords, and pay the "
        "deposit and first month's rent; after that the program helps with rent for up to "
        "12 months, stepping down as your income grows. Expect to meet every week or two "
        "at first. Bring any ID and income letters you have, but do not wait for papers to "
        "get started.",
        path="rapid-rehousing",
        mailbox="rehousing",
        application="A referral through Harbor County's coordinated entry list. "
        "Navigators at Harbor Community Partners and the drop-in center can refer you.",
        eligibility="People and families without a home right now: staying outside, in a "
        "shelter or in a car.",
        wait="About three to six weeks from referral to the first meeting.",
        languages=("English", "Spanish", "Haitian Creole"),
        areas=("county",),
        documents=(
            "Photo ID of any kind (the program helps if you have none)",
            "Income letters or pay stubs, if you have any",
        ),
        contact=Person(
            "Marisol Quintero",
            "Housing specialist",
            mailbox="marisol.quintero",
            phone=Line("Marisol's desk", extension=214),
        ),
        funding=("Federal Continuum of Care rapid rehousing grant",),
        in_program=True,
        vetted=True,
        checked=RECENT,
    ),
    Svc(
        "hha_family",
        "hha",
        "Family shelter",
        "Private rooms for families with children who have nowhere safe to stay, with a "
        "shared kitchen, a playroom and help moving on to a home.",
        ("housing", "family_social"),
        (
            At(
                "hha",
                "Families come to this office for intake. The shelter's address is shared "
                "after intake to keep everyone safe.",
            ),
        ),
        what_to_expect="Come to the Market Street office with your children, or call first. "
        "An intake worker meets your family in a private room, asks where you stayed last "
        "night and what you need tonight, and finds you a family room, usually the same "
        "day. Each family has its own room with a door that locks, and there is a shared "
        "kitchen and a playroom. Bring any medicines and the children's school papers; "
        "everything else can be sorted out later.",
        path="family-shelter",
        eligibility="Families with children under 18, and pregnant people, with nowhere safe "
        "to stay tonight.",
        fees="Free",
        languages=("English", "Spanish", "Arabic"),
        hours=(
            Hours(
                WEEKDAYS,
                "08:30",
                "16:30",
                description="After 4:30 pm and on weekends, call the on-call line.",
            ),
        ),
        areas=("county",),
        phones=(Line("Family shelter on-call line, evenings and weekends"),),
        focus=("families",),
        in_program=True,
        public=True,
    ),
    Svc(
        "hha_voucher",
        "hha",
        "Housing voucher application help",
        "Help applying for housing vouchers and other affordable housing waitlists, and "
        "monthly voucher briefings.",
        ("housing",),
        (At("hha", "Walk-in help in the third-floor family room."),),
        what_to_expect="Drop in on Tuesday or Thursday afternoon and a housing counselor "
        "goes through the voucher application with you, page by page. The waitlist is "
        "long, so the counselor also helps you sign up for other lists at the same visit. "
        "Bring the papers on the list; if some are missing, come anyway and you will work "
        "out together how to get them.",
        path="vouchers",
        eligibility="Anyone in Harbor County with a low income.",
        fees="Free",
        wait="The voucher waitlist is about two years.",
        hours=(
            Hours("TU,TH", "13:00", "16:00", description="Walk-in application help."),
            Hours(
                "1TU",
                "13:00",
                "14:00",
                description="Voucher briefing on the first Tuesday of each month.",
                freq="MONTHLY",
            ),
        ),
        areas=("county",),
        documents=(
            "Photo ID for each adult",
            "Social Security cards or numbers for everyone in the household, if you have them",
            "Income letters or pay stubs from the last 30 days",
        ),
        in_program=True,
        checked=RECENT,
    ),
    Svc(
        "la_tenant",
        "legalaid",
        "Tenant legal help and eviction defense",
        "Free advice and representation for renters facing eviction, unsafe conditions or "
        "a landlord who will not return a deposit.",
        ("housing", "legal_documents"),
        (
            At("legalaid"),
            At(
                "courthouse",
                "Housing court help desk, for people with a hearing that morning.",
                hours=(Hours("TU,TH", "08:30", "12:00", attending="In person"),),
            ),
        ),
        what_to_expect="If you have an eviction notice or a court date, call the legal help "
        "line and press 1 for housing, or come to the help desk at the courthouse on the "
        "morning of your hearing. An intake worker asks a few questions about your "
        "household and income, then a lawyer or paralegal calls you back, usually within "
        "two working days, sooner if your hearing is close. Bring or photograph every paper "
        "from your landlord or the court, and your lease if you have one. What you tell "
        "them stays confidential.",
        path="housing",
        mailbox="housing",
        eligibility="Renters in Harbor County with a household income under twice the "
        "federal poverty level. People with a hearing this week are seen first.",
        fees="Free",
        fees_description="Free.",
        wait="A call back within two working days.",
        interpretation="Free interpreters in any language, in person or by phone.",
        languages=("English", "Spanish", "Vietnamese"),
        areas=("county",),
        documents=("Any notice from your landlord or the court", "Your lease, if you have one"),
        phones=(Line("Legal help line: press 1 for housing, 2 for benefits"),),
        contact=Person(department="Housing unit intake", mailbox="housing"),
        in_program=True,
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "la_sealing",
        "legalaid",
        "Record sealing clinic",
        "A monthly evening clinic where volunteer lawyers check whether old arrests and "
        "convictions can be sealed, and file the petition with you.",
        ("justice", "legal_documents"),
        (At("reentry", "The clinic meets in the Second Chance Reentry Network office."),),
        what_to_expect="At the evening clinic a volunteer lawyer looks up your record "
        "together with you, then tells you honestly which parts can be sealed and how long "
        "it takes. If you qualify, they fill in the petition with you that night. You do "
        "not need to bring anything, but a photo ID helps. Sealing a record can open doors "
        "to jobs and housing, and the clinic is free.",
        path="record-sealing",
        eligibility="Adults with an arrest or conviction record in this state.",
        fees="Free",
        languages=("English", "Spanish"),
        hours=(
            Hours(
                "3WE",
                "17:00",
                "19:00",
                description="On the third Wednesday of each month; no appointment needed.",
                freq="MONTHLY",
            ),
        ),
        areas=("county",),
        focus=("reentry",),
        in_program=True,
    ),
    Svc(
        "la_benefits",
        "legalaid",
        "Benefits denials and appeals",
        "Help when food, cash, disability or health benefits are denied, cut or stopped, "
        "including representation at hearings.",
        ("finances", "legal_documents"),
        (At("legalaid"),),
        what_to_expect="If your benefits were denied, cut or stopped, call the legal help "
        "line and press 2. The deadline to appeal is short, often 10 to 30 days from the "
        "date on the letter, so call as soon as the letter arrives. Bring the letter and "
        "copies of what you sent in. A paralegal explains your choices and can go with you "
        "to the hearing.",
        path="benefits",
        eligibility="People in Harbor County with a low income.",
        fees="Free",
        interpretation="Free interpreters in any language.",
        areas=("county",),
        documents=("The letter about your benefits",),
        in_program=True,
    ),
    Svc(
        "ns_immigration",
        "newshores",
        "Immigration legal consultations",
        "One-hour consultations with an attorney or accredited representative about "
        "asylum, work permits, green cards, family petitions and citizenship, then help "
        "with the applications.",
        ("legal_documents",),
        (At("newshores"),),
        what_to_expect="A legal assistant who speaks your language, or an interpreter on the "
        "phone, welcomes you and books a one-hour consultation with an attorney or "
        "accredited representative. At that meeting they look at every paper you have and "
        "explain your options: asylum, a work permit, a green card, a family petition or "
        "citizenship. You leave with a clear list of next steps and deadlines. Bring all "
        "your immigration papers, even ones you think are not important. Nothing you say "
        "is shared with immigration authorities.",
        path="consultations",
        mailbox="intake",
        application="Call the intake line or walk in on Wednesday.",
        eligibility="Refugees, asylum seekers and immigrants in Harbor County with a household "
        "income under 250% of the federal poverty level.",
        fees_description="Consultations are free. Some applications carry government filing "
        "fees; the project helps people ask for fee waivers.",
        wait="Consultations are usually booked within two weeks; sooner if a deadline is close.",
        interpretation="Staff speak Dari, Pashto, Arabic, Ukrainian, French and Spanish; phone "
        "interpreters for every other language, free.",
        accreditations="Recognized organization with accredited representatives.",
        languages=("English", "Dari", "Pashto", "Arabic", "Ukrainian", "French", "Spanish"),
        hours=(
            Hours("MO,WE,FR", "10:00", "16:00", description="By appointment."),
            Hours("WE", "10:00", "13:00", description="Walk-in hours.", attending="In person"),
        ),
        areas=("county",),
        documents=(
            "Passport or travel document",
            "Your I-94 record and any immigration papers you have",
            "Any letters from immigration authorities or the court",
        ),
        phones=(Line("Intake line", languages=("Dari", "Pashto", "Arabic")),),
        contact=Person("Mariam Rezai", "Legal intake coordinator", mailbox="mariam.rezai"),
        focus=("new_arrivals",),
        funding=("State Office for New Americans legal services grant",),
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "ln_ged",
        "learning",
        "High school equivalency classes (GED and HiSET)",
        "Small morning and evening classes that prepare people for the high school "
        "equivalency tests, at each person's own pace.",
        ("education_employment",),
        (At("learning"),),
        what_to_expect="Your first visit is a short, relaxed placement session: a teacher "
        "asks about your goals and you try a practice test so you start at the right "
        "level; nobody fails it. Classes are small, with morning and evening groups, and "
        "you move at your own pace. The center pays for your first try at each official "
        "test. Bring a photo ID if you have one; books, pencils and a laptop to borrow are "
        "provided.",
        alternate_name="HSE classes",
        path="ged",
        eligibility="Anyone 16 or older without a high school diploma; 16- and 17-year-olds "
        "need a release form from their school district.",
        min_age=16,
        fees_description="Classes are free; the first try at each official test is paid for.",
        languages=("English", "Spanish"),
        hours=(
            Hours("MO,TU,WE,TH", "09:00", "12:00", description="Morning classes."),
            Hours("MO,WE", "18:00", "20:30", description="Evening classes."),
        ),
        areas=("county",),
        costs=(
            Cost("Retaking one official test section", 10, "Per section, after the first try."),
        ),
        focus=("youth",),
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "ln_esl",
        "learning",
        "English classes for speakers of other languages",
        "English classes from first words to job-interview English, mornings and "
        "evenings, with free childcare during morning classes.",
        ("education_employment", "family_social"),
        (
            At("learning"),
            At(
                "library",
                "Evening class in the library's community room.",
                hours=(Hours("TU", "18:00", "20:00", description="Evening class at the library."),),
            ),
        ),
        what_to_expect="You start with a short, friendly chat and a listening activity so "
        "you join the right level, from first words to job-interview English. Teachers "
        "speak slowly and use pictures, and many classmates are new to the country too. "
        "Free childcare is available during morning classes for children aged 1 to 5; ask "
        "when you sign up. Bring any ID document; notebooks are provided. Staff at the "
        "front desk speak Arabic, Dari, Ukrainian and Spanish.",
        alternate_name="ESL",
        path="english",
        eligibility="Adults and young people 16 and older whose first language is not English.",
        min_age=16,
        fees="Free",
        languages=("English", "Arabic", "Dari", "Ukrainian", "Spanish"),
        hours=(
            Hours("MO,WE,TH", "09:30", "12:00", description="Morning classes with childcare."),
            Hours("MO,WE,TH", "18:00", "20:00", description="Evening classes."),
        ),
        areas=("county",),
        contact=Person("Oksana Lytvyn", "English program coordinator", mailbox="english"),
        focus=("new_arrivals",),
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "cc_jobs",
        "career",
        "Job search and career coaching",
        "Career coaching, resume help, interview practice, job listings and introductions "
        "to local employers, with free computers, printing and phones for job calls.",
        ("education_employment",),
        (At("career"),),
        what_to_expect="At the front desk you sign in on a tablet (staff will help if you "
        "like), and a career coach meets you the same day or books you for the next "
        "morning. Together you look at what you are good at, what pays enough, and what is "
        "hiring nearby; the coach can help with a resume, practice interviews and "
        "introductions to employers along Route 9. Computers, printing and phones for job "
        "calls are free. Bring any resume or work history you have, and a photo ID if you "
        "have one.",
        path="coaching",
        fees="Free",
        interpretation="Phone interpreters in any language, free.",
        languages=("English", "Spanish", "Somali"),
        areas=("county",),
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "cc_forklift",
        "career",
        "Forklift and warehouse certification",
        "A two-week course in warehouse safety and forklift driving that ends with a "
        "certificate and an interview with a local employer.",
        ("education_employment",),
        (
            At(
                "career",
                "Classroom at the career center; driving practice in the training yard "
                "behind the building.",
            ),
        ),
        what_to_expect="The course starts with a morning orientation where you meet the "
        "instructor and the group, then two weeks of classroom time and hands-on driving "
        "in the training yard. Wear closed-toe shoes (steel toes are best; ask if you need "
        "a pair) and bring lunch. Most people who finish get a certificate and an "
        "interview with a local warehouse in the last week.",
        path="forklift",
        application="Ask a career coach; you fill in the training grant form together.",
        eligibility="Adults 18 and over who can stand and lift 25 pounds.",
        min_age=18,
        wait="A new group starts each month, with 12 places.",
        hours=(
            Hours(
                WEEKDAYS,
                "08:00",
                "14:00",
                description="A two-week course; a new group starts each month.",
            ),
        ),
        areas=("county",),
        documents=("Photo ID", "Social Security card or work authorization"),
        costs=(
            Cost("With a training grant", 0, "Most people qualify; a coach checks with you."),
            Cost("Without a training grant", 450, "For the whole course and the certificate."),
        ),
        in_program=True,
    ),
    Svc(
        "cc_summer",
        "career",
        "Summer youth jobs",
        "Paid summer jobs for young people at parks, libraries and local businesses.",
        ("education_employment",),
        (At("career"),),
        path="summer",
        status="inactive",
        alert="Between summers. Applications for next summer open in March.",
        eligibility="Young people aged 16 to 21 who live in Harbor County.",
        min_age=16,
        max_age=21,
        areas=("county",),
        focus=("youth",),
    ),
    Svc(
        "hc_primary",
        "clinic",
        "Primary care for adults and families",
        "Checkups, care for long-term conditions such as diabetes and high blood pressure, "
        "women's health, children's visits and vaccines, with a pharmacy and lab on site.",
        ("physical_health",),
        (At("clinic"),),
        what_to_expect="Call to book a new-patient visit, or come in for the same-day "
        "appointments that open at 8 am. The front desk asks for your name, date of birth "
        "and any insurance; if you have no insurance, a benefits helper sits down with you "
        "to apply for coverage or the sliding fee. Your first visit takes about an hour: a "
        "nurse checks your blood pressure and medicines, then you meet the doctor or nurse "
        "practitioner who will be your regular provider. Bring your medicines or a list of "
        "them, and any insurance card.",
        path="primary-care",
        mailbox="appointments",
        eligibility="Everyone, with or without insurance.",
        fees_description="Most insurance accepted, including Medicaid. Without insurance, a "
        "sliding fee based on income; nobody is turned away for not being able to pay.",
        interpretation="Staff speak Spanish, Haitian Creole and Vietnamese; interpreters in "
        "any language, including American Sign Language, free.",
        accreditations="Federally qualified health center.",
        languages=("English", "Spanish", "Haitian Creole", "Vietnamese"),
        areas=("county",),
        documents=("Insurance card, if you have one", "Your medicines or a list of them"),
        costs=(
            Cost(
                "Visit fee on the sliding scale",
                40,
                "The most anyone pays for a visit; most people pay $0 to $20.",
            ),
        ),
        phones=(Line("Appointments", extension=101),),
        funding=("Federal health center program",),
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "hc_street",
        "clinic",
        "Street medicine",
        "A doctor and nurse who bring care to people living outside or in shelters: "
        "wound care, refills, foot care and help getting to the clinic.",
        ("physical_health", "housing"),
        (
            At(
                "fifth",
                "Tuesday mornings in the drop-in center's quiet room.",
                hours=(Hours("TU", "09:00", "12:00", attending="In person"),),
                phone=Line("Street medicine nurse, call or text", type="text"),
            ),
        ),
        what_to_expect="A nurse and a doctor come to the drop-in center every Tuesday "
        "morning, and walk the riverside path and the bus depot on Thursday afternoons. "
        "You can talk with them about anything: a cut that will not heal, your feet, "
        "refills, or just a question. No appointment, ID or insurance needed. They can "
        "book you a visit at the Maple Street clinic and arrange a ride.",
        path="street-medicine",
        fees="Free",
        hours=(
            Hours(
                "TH",
                "13:00",
                "16:00",
                description="Outreach walk along the riverside path and the Harbor Street "
                "bus depot.",
            ),
        ),
        areas=("city",),
        focus=("unhoused",),
        in_program=True,
        checked=RECENT,
    ),
    Svc(
        "hc_arrivals",
        "clinic",
        "Health screening for new arrivals",
        "The first health visit for refugees and other newly arrived families, with an "
        "interpreter, vaccines and a regular doctor afterward.",
        ("physical_health",),
        (At("clinic"),),
        what_to_expect="Your resettlement worker books the visit and arranges a ride. An "
        "interpreter in your language is with you for the whole visit, in person or by "
        "video. A nurse asks about your health history, checks vaccines, eyes and ears, "
        "and takes some blood tests; the children can be seen together with the family. "
        "You come back about two weeks later to go over the results and meet your new "
        "regular doctor. Bring every health paper you have, including vaccine cards from "
        "overseas.",
        path="new-arrivals",
        application="Referral from a resettlement agency.",
        eligibility="Refugees and other newly arrived people within 90 days of arrival.",
        interpretation="An interpreter for the whole visit, in person or by video.",
        languages=("Dari", "Pashto", "Arabic", "Ukrainian", "Swahili", "Kinyarwanda"),
        areas=("county",),
        documents=("Health and vaccine papers from overseas", "I-94 record or travel document"),
        focus=("new_arrivals",),
        checked=RECENT,
    ),
    Svc(
        "hc_dental",
        "clinic",
        "Dental clinic",
        "Cleanings, fillings and extractions on the same sliding fee as medical visits.",
        ("physical_health",),
        (At("clinic"),),
        path="dental",
        status="temporarily closed",
        alert="The dental clinic is closed while it moves into the new building next door. "
        "For dental pain, call the main line and a nurse will arrange care at a partner "
        "clinic.",
        fees_description="Sliding fee based on income.",
        areas=("county",),
    ),
    Svc(
        "tw_counseling",
        "tidewater",
        "Counseling for adults",
        "One-on-one counseling for stress, sadness, worry, trauma and grief, in person, by "
        "video or by phone.",
        ("mental_health",),
        (At("tidewater"),),
        what_to_expect="Call the intake line and an intake worker asks a few questions about "
        "what is going on and when you are free; it takes about 15 minutes, and at busy "
        "times you may wait on hold for a few minutes. Your first appointment is usually "
        "within two weeks. You choose whether to meet in person, by video or by phone, and "
        "you can ask for a counselor of a particular gender or one who speaks your "
        "language. Bring your insurance card if you have one; it is fine if you do not.",
        path="counseling",
        mailbox="intake",
        eligibility="Adults 18 and over.",
        min_age=18,
        fees_description="Medicaid and most insurance accepted; a sliding fee otherwise.",
        wait="First appointment usually within two weeks.",
        licenses="Licensed outpatient mental health program.",
        languages=("English", "Spanish", "Arabic", "Ukrainian"),
        areas=("county",),
        documents=("Insurance card, if you have one",),
        costs=(Cost("Session fee on the sliding scale", 25, "Most people pay $0 to $10."),),
        phones=(Line("Intake line", languages=("Spanish",)),),
        contact=Person(department="Intake", mailbox="intake"),
        vetted=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "tw_crisis",
        "tidewater",
        "Crisis line and mobile crisis team",
        "Someone to talk to, day or night, and a two-person team that can come to you.",
        ("mental_health",),
        (At("tidewater_line", "By phone or text; the team can meet you anywhere in the county."),),
        what_to_expect="Call or text the crisis line any time of day or night. A trained "
        "counselor answers, listens, and helps you work out what would help right now. If "
        "you want someone to come to you, a two-person team (a counselor and a peer who has "
        "been through hard times too) can meet you at home, on the street or at the "
        "drop-in, usually within an hour. Police are not sent unless someone's life is in "
        "danger.",
        alternate_name="Tidewater crisis line",
        path="crisis",
        fees="Free",
        languages=("English", "Spanish"),
        hours=(Hours(description="Open 24 hours a day, every day of the year.", freq=""),),
        areas=("county",),
        phones=(
            Line("Crisis line, 24 hours", languages=("Spanish",)),
            Line("Crisis text line", type="text"),
        ),
        checked=STALE,
        public=True,
    ),
    Svc(
        "sh_outpatient",
        "safeharbor",
        "Outpatient treatment for alcohol and drug use",
        "Assessment, small groups and one-on-one counseling, with evening groups for people "
        "who work.",
        ("substance_use",),
        (At("safeharbor"),),
        what_to_expect="You can walk in for an assessment on weekday mornings from 8 to 11, "
        "or call to book. A counselor talks with you for about an hour about your use, "
        "your health and what you want to change; there are no wrong answers, and you set "
        "your own goals. Most people then join small groups two or three evenings a week, "
        "with one-on-one sessions too. You do not need to have stopped using to start. "
        "Bring your insurance card if you have one.",
        path="outpatient",
        eligibility="Adults 18 and over.",
        min_age=18,
        fees_description="Medicaid and most insurance accepted; a sliding fee otherwise.",
        licenses="Licensed by the state office of behavioral health.",
        hours=(
            Hours(WEEKDAYS, "08:00", "11:00", description="Walk-in assessments."),
            Hours("MO,TU,TH", "17:30", "19:00", description="Evening groups."),
        ),
        areas=("county",),
        in_program=True,
        checked=RECENT,
    ),
    Svc(
        "sh_medication",
        "safeharbor",
        "Medication for opioid use disorder",
        "Buprenorphine and methadone, started the same day when possible, with counseling "
        "offered but never required.",
        ("substance_use", "physical_health"),
        (At("safeharbor", "Use the private entrance on the side of the building."),),
        what_to_expect="Come in on a weekday morning and a nurse and prescriber will see you, "
        "the same day when they can. They talk with you about buprenorphine and methadone "
        "and which might fit your life, and you can often start that day. Counseling is "
        "offered but never required to get your medicine. Bring a photo ID if you have one.",
        path="medication",
        eligibility="Adults 18 and over.",
        min_age=18,
        fees_description="Medicaid and most insurance accepted; nobody is turned away for "
        "not being able to pay.",
        licenses="Licensed opioid treatment program.",
        hours=(Hours("MO,TU,WE,TH,FR,SA", "07:00", "11:00", description="Medication hours."),),
        areas=("county",),
        in_program=True,
        checked=RECENT,
    ),
    Svc(
        "sh_peer",
        "safeharbor",
        "Peer recovery coaching",
        "Recovery coaches with their own lived experience, meeting people where they are.",
        ("substance_use", "mental_health"),
        (
            At("safeharbor"),
            At(
                "fifth",
                "Thursday afternoons at the Fifth Street drop-in.",
                hours=(Hours("TH", "13:00", "15:00"),),
            ),
        ),
        what_to_expect="A recovery coach is someone with their own experience of recovery. "
        "They meet you for coffee, a walk or a ride to an appointment, and help with "
        "whatever recovery means to you, whether that is cutting back, staying safe or "
        "finding meetings. There is no paperwork to start: just ask for a coach at the "
        "front desk or at the drop-in.",
        path="peer-coaching",
        fees="Free",
        areas=("county",),
    ),
    Svc(
        "hr_supplies",
        "harm",
        "Syringe services and naloxone",
        "Clean supplies, naloxone, fentanyl test strips, safe disposal and free HIV and "
        "hepatitis C testing, with no names needed.",
        ("substance_use", "physical_health"),
        (At("harm"),),
        what_to_expect="Come in during open hours; you do not have to give your name. Staff "
        "hand out clean supplies, naloxone (Narcan) and fentanyl test strips, and take "
        "back used needles in a safe container. If you want, they can test for HIV and "
        "hepatitis C in about 20 minutes, or connect you with treatment, food or housing "
        "help, but only if you ask.",
        alternate_name="Harm reduction supplies",
        path="supplies",
        fees="Free",
        languages=("English", "Spanish"),
        hours=(Hours("MO,WE,FR", "12:00", "18:00"),),
        areas=("city",),
        checked=RECENT,
    ),
    Svc(
        "rn_navigation",
        "reentry",
        "Reentry navigation",
        "A navigator who has been through the system too, helping people plan their first "
        "90 days home: a place to stay, ID, a phone, benefits, parole or probation "
        "appointments and work.",
        ("justice", "education_employment"),
        (At("reentry"),),
        what_to_expect="A reentry navigator who has been through the system too meets you, "
        "before release if possible, and again on your first day home. Together you make a "
        "plan for the first 90 days: a place to stay, ID, a phone, benefits, appointments "
        "with probation or parole, and work. Your navigator can go with you to "
        "appointments. Bring your release papers if you have them.",
        path="navigation",
        eligibility="People coming home from jail or prison in the last year, and people "
        "due for release in the next three months.",
        fees="Free",
        languages=("English", "Spanish"),
        areas=("county",),
        documents=("Release papers, if you have them",),
        contact=Person(
            "Andre Whitfield",
            "Reentry navigator",
            mailbox="andre.whitfield",
            phone=Line("Andre's cell, call or text", type="cell"),
        ),
        focus=("reentry",),
        funding=("State reentry services grant",),
        vetted=True,
        checked=STALE,
        public=True,
    ),
    Svc(
        "rn_court",
        "reentry",
        "Court support",
        "Volunteers who remind people of court dates, explain hearings, sit with them in "
        "the courtroom and help ask for payment plans for fines.",
        ("justice",),
        (
            At("reentry"),
            At("courthouse", "Volunteers at the lobby help desk on weekday mornings."),
        ),
        what_to_expect="A court support volunteer can remind you of court dates by text, "
        "explain what will happen at the hearing, and sit with you in the courtroom. They "
        "can also help you ask for a payment plan for fines and fees. Tell them your next "
        "court date and bring any papers from the court.",
        path="court-support",
        fees="Free",
        hours=(Hours(WEEKDAYS, "08:30", "12:00", description="At the courthouse help desk."),),
        areas=("county",),
        documents=("Papers from the court, if you have them",),
        focus=("reentry",),
    ),
    Svc(
        "cu_coaching",
        "cu",
        "Financial coaching and a no-fee account",
        "Free one-on-one coaching on budgets, debt and credit, and a checking account with "
        "no monthly fee for people who have been turned down elsewhere.",
        ("finances",),
        (At("cu"),),
        what_to_expect="Book a free one-hour coaching session by phone or at the branch. A "
        "coach goes through your money with you, without judgment: what comes in, what "
        "goes out, any debts, and your credit report if you want to see it. You can open a "
        "no-fee checking account the same day with a $5 deposit, even if a bank turned you "
        "down before. Bring a photo ID; a passport from any country or a consular ID works.",
        path="coaching",
        fees_description="Coaching is free; a $5 deposit opens a savings account.",
        languages=("English", "Spanish", "Vietnamese"),
        hours=(Hours("TU,WE,TH", "10:00", "18:00", description="Coaching appointments."),),
        areas=("county",),
        documents=(
            "Photo ID (a passport from any country or a consular ID is fine)",
            "Social Security number or ITIN",
        ),
        costs=(Cost("Opening deposit for a savings account", 5, "Stays yours in the account."),),
        in_program=True,
        checked=RECENT,
        public=True,
    ),
    Svc(
        "cu_tax",
        "cu",
        "Free tax preparation",
        "Certified volunteers prepare and file tax returns at no cost, making sure people "
        "get every credit they are owed.",
        ("finances",),
        (
            At("cu"),
            At(
                "library",
                "Saturdays in the community room during tax season.",
                hours=(Hours("SA", "10:00", "14:00", seasonal=True),),
            ),
        ),
        what_to_expect="Certified volunteers prepare and file your return with you at no "
        "cost, and make sure you get credits like the Earned Income Tax Credit and the "
        "Child Tax Credit. It is first come, first served, so come early; a visit takes "
        "about an hour. Bring the papers on the list.",
        path="taxes",
        eligibility="Households earning under $67,000 a year.",
        fees="Free",
        hours=(Hours("TU,TH", "16:00", "20:00", seasonal=True),),
        areas=("county",),
        documents=(
            "Photo ID for you, and for your spouse if you file together",
            "Social Security cards or ITIN letters for everyone on the return",
            "W-2 and 1099 forms",
            "Last year's return, if you have it",
        ),
        in_program=True,
    ),
    Svc(
        "ht_pass",
        "transit",
        "Reduced-fare transit pass",
        "Half-price monthly bus passes for people on benefits, older adults and people "
        "with disabilities.",
        ("transportation",),
        (At("transit"),),
        what_to_expect="Go to the customer center inside the Harbor Street bus depot. The "
        "person at the window checks your ID and benefits letter and takes your photo for "
        "the card, which you get right there in about 15 minutes. A month costs $20, and "
        "you can add money at any machine or online. If you are still waiting for "
        "benefits, your navigator can ask about a one-time free pass.",
        alternate_name="Harbor Pass reduced fare",
        path="reduced-fare",
        application="Apply in person at the customer center, or online with photos of your papers.",
        eligibility="People 18 to 64 who receive SNAP, Medicaid or SSI; people 65 and older; "
        "people with disabilities.",
        languages=("English", "Spanish", "Somali"),
        areas=("city", "millbrook"),
        documents=(
            "Photo ID",
            "A benefits letter or card (SNAP, Medicaid or SSI) from the last 12 months",
        ),
        costs=(
            Cost("Reduced-fare monthly pass", 20, "Unlimited rides for a month.", True),
            Cost("Reduced-fare single ride", 1, "", True),
        ),
        vetted=True,
        checked=STALE,
        public=True,
    ),
    Svc(
        "ht_rides",
        "transit",
        "Rides to medical appointments",
        "Door-to-door rides to medical appointments for people on Medicaid and people who "
        "cannot use the bus.",
        ("transportation", "physical_health"),
        (At("transit"),),
        what_to_expect="Call the booking line at least two working days before your "
        "appointment, with the address and time. A van or car picks you up at your door "
        "and brings you home afterward; the driver can help you in and out. Be ready 15 "
        "minutes before the pickup time.",
        path="medical-rides",
        application="Book by phone at least two working days ahead.",
        eligibility="People on Medicaid, and people whose disability makes the bus hard to use.",
        fees_description="Free with Medicaid.",
        areas=("county",),
        phones=(Line("Ride booking line", extension=3),),
        checked=STALE,
    ),
    Svc(
        "ww_rides",
        "wheels",
        "Rides to work and low-cost car repair",
        "Rides to work for up to 90 days for people starting a job, and car repairs where "
        "people pay only for parts.",
        ("transportation", "education_employment"),
        (At("wheels"),),
        what_to_expect="If you have a job or a job offer and no way to get there, Wheels to "
        "Work can drive you to your shifts for up to 90 days while you save for a car or "
        "work out a bus route. If you already have a car, the mechanics fix it and you pay "
        "only for parts. Call with your work address and shift times; a coordinator calls "
        "back within a day. Bring a pay stub or offer letter to your first visit.",
        path="rides",
        eligibility="People in Harbor County starting or keeping a job.",
        hours=(
            Hours(
                WEEKDAYS,
                "06:00",
                "18:00",
                description="Rides for shifts that start between 6 am and 6 pm.",
            ),
        ),
        areas=("county",),
        documents=("A pay stub or job offer letter",),
        costs=(Cost("Car repairs", None, "You pay for parts only; labor is free."),),
    ),
    Svc(
        "oak_care",
        "oak",
        "Infant, toddler and preschool care",
        "Full-day care and early learning for children from six weeks to five years old, "
        "with fresh meals and a fenced playground.",
        ("childcare",),
        (At("oak"),),
        what_to_expect="Call or stop by to book a visit. The director shows you and your "
        "child the rooms, the playground and the kitchen, where meals are cooked fresh, and "
        "answers your questions about hours, meals and naps. When there is a place, your "
        "child has a few short settling-in days with you nearby before starting full days. "
        "Teachers speak Spanish, Arabic and Somali, and families are welcome to share songs "
        "and words from home.",
        path="enroll",
        eligibility="Children from six weeks to five years old.",
        min_age=0,
        max_age=5,
        fees_description="Childcare subsidies accepted; most families with a subsidy pay "
        "$0 to $60 a week.",
        wait="Infant places have a waitlist of about three months; preschool places usually "
        "open up sooner.",
        licenses="State-licensed childcare center.",
        languages=("English", "Spanish", "Arabic", "Somali"),
        areas=("downtown",),
        documents=(
            "Your child's immunization record",
            "Your childcare subsidy approval letter, if you have one",
        ),
        costs=(
            Cost(
                "Full-time tuition, per month",
                1350,
                "Before any childcare subsidy.",
            ),
        ),
        focus=("families",),
        vetted=True,
        checked=STALE,
        public=True,
    ),
    Svc(
        "frc_groups",
        "frc",
        "Playgroups and parent circles",
        "Playgroups for young children and their grown-ups, and an evening parent circle "
        "with dinner and childcare.",
        ("family_social", "childcare"),
        (At("frc"),),
        what_to_expect="Just come; there is nothing to sign up for. At playgroup you and "
        "your little ones play, sing and have a snack with other families, and a family "
        "coach is around to chat about sleep, food, tantrums or anything on your mind. The "
        "Wednesday parent circle starts with dinner, and children are looked after in the "
        "next room while the grown-ups talk.",
        path="groups",
        fees="Free",
        languages=("English", "Spanish", "Haitian Creole", "Nepali"),
        hours=(
            Hours("TU,TH", "10:00", "11:30", description="Playgroup for children 0 to 5."),
            Hours("WE", "18:00", "19:30", description="Parent circle, with dinner."),
        ),
        areas=("downtown", "north"),
        focus=("families",),
        checked=RECENT,
        public=True,
    ),
    Svc(
        "frc_subsidy",
        "frc",
        "Childcare search and subsidy help",
        "Help finding childcare that fits a family's hours and budget, and applying for the "
        "state childcare subsidy.",
        ("childcare", "finances"),
        (At("frc"),),
        what_to_expect="A family coach helps you find childcare that fits your hours, your "
        "budget and your child, and fills in the childcare subsidy application with you. "
        "Bring proof of income and your work or school schedule, and your child's birth "
        "certificate or passport; the coach makes copies for you to keep. Most subsidy "
        "decisions take about 30 days.",
        path="childcare",
        fees="Free",
        areas=("county",),
        documents=(
            "Proof of income from the last 30 days",
            "Your work or school schedule",
            "Your child's birth certificate or passport",
        ),
        contact=Person("Naledi Mokoena", "Family coach", mailbox="naledi.mokoena"),
        focus=("families",),
        checked=RECENT,
    ),
    Svc(
        "dss_benefits",
        "dss",
        "Food, cash and health coverage applications",
        "Applications and renewals for SNAP food benefits, cash assistance and Medicaid.",
        ("finances", "food", "physical_health"),
        (At("dss"),),
        what_to_expect="Take a number at the front window. The wait can be an hour or more, "
        "especially on Mondays, so bring something to do. You can also apply online or by "
        "phone, and ask for a phone interview instead of coming back. A worker goes over "
        "your application with you and tells you which papers are still missing. SNAP "
        "decisions take up to 30 days, or 7 days if your household has almost no money: "
        "ask about expedited SNAP.",
        path="social-services/apply",
        application="In person, online or by phone.",
        eligibility="Harbor County residents with low incomes; rules differ for each benefit.",
        fees="Free",
        wait="Often an hour or more in person; shortest mid-week afternoons.",
        interpretation="Interpreters in any language by phone, free; ask at the window.",
        languages=("English", "Spanish"),
        areas=("county",),
        documents=(
            "Photo ID",
            "Proof of address (a letter from a shelter or the drop-in center works)",
            "Proof of income for the last 30 days",
        ),
        checked=STALE,
        public=True,
    ),
    Svc(
        "lib_computers",
        "library",
        "Computers, Wi-Fi and help with online forms",
        "Free computers, printing and Wi-Fi, and a digital navigator who helps with job "
        "applications, benefits forms and email.",
        ("education_employment", "other"),
        (At("library"),),
        what_to_expect="Anyone can use the computers for free with a library card, or with a "
        "guest pass from the front desk. Getting a card takes five minutes, and any letter "
        "with your name works as proof of address. On Tuesday and Thursday afternoons, a "
        "digital navigator helps with job applications, benefits forms, email and "
        "printing. It is warm and quiet, and nobody will rush you.",
        path="computers",
        fees_description="Free; printing is free for the first 20 pages a day.",
        hours=(Hours("TU,TH", "13:00", "16:00", description="Digital navigator drop-in."),),
        areas=("north",),
        public=True,
    ),
    Svc(
        "nfc_gatherings",
        "native",
        "Community gatherings and cultural programs",
        "A weekly community dinner, drum and beading groups, language circles and help "
        "connecting with services and with each person's own nation.",
        ("family_social", "other"),
        (At("native"),),
        what_to_expect="The friendship center is a gathering place for Native people of "
        "every nation and their families. Wednesday dinner is open to all: elders, young "
        "people and families share a meal, and there is drumming, beading and language "
        "circles through the week. Staff can help you connect with housing, health and "
        "job help, and with your own nation's services.",
        path="gatherings",
        fees="Free",
        languages=("English", "Navajo", "Lakota"),
        hours=(Hours("WE", "17:30", "20:00", description="Community dinner."),),
        areas=("county",),
        checked=RECENT,
    ),
    Svc(
        "wc_navigators",
        "welcome",
        "Community navigators",
        "Neighbors who arrived as refugees themselves and speak the languages of newly "
        "arrived families, going with them to appointments and helping with letters.",
        ("family_social", "other"),
        (
            At(
                "elm_court",
                "The navigators' office hours are in the Elm Court community room.",
                hours=(Hours("MO,WE", "16:00", "19:00", description="Office hours."),),
                contact=Person(
                    "Ahmad Zia Karimzada", "Community navigator lead", mailbox="ahmadzia"
                ),
            ),
        ),
        what_to_expect="Community navigators are neighbors who arrived as refugees "
        "themselves and speak your language. They can go with you to the doctor, the "
        "school or the bank, help read letters, and introduce you to families from your "
        "community. Call or text the Welcome Circle line and say which language you speak; "
        "someone who speaks it will call you back within two days.",
        path="navigators",
        fees="Free",
        languages=(
            "Dari",
            "Pashto",
            "Ukrainian",
            "Russian",
            "Swahili",
            "Kinyarwanda",
            "Somali",
            "S'gaw Karen",
            "Burmese",
            "Nepali",
            "Arabic",
        ),
        areas=("county",),
        phones=(
            Line(
                "Welcome Circle line, call or text",
                languages=("Dari", "Ukrainian", "Swahili", "S'gaw Karen"),
            ),
        ),
        focus=("new_arrivals",),
        vetted=True,
        checked=RECENT,
    ),
    Svc(
        "wc_furniture",
        "welcome",
        "Furniture and household goods bank",
        "Free beds, tables, chairs, kitchen boxes and linens for people moving into a new "
        "home, delivered the same week.",
        ("housing", "other"),
        (At("welcome_warehouse"),),
        what_to_expect="With a referral from your navigator, you book a Saturday "
        "appointment at the warehouse in Millbrook. A volunteer walks with you to choose "
        "beds, a table, chairs, kitchen boxes and linens, and the Saturday crew delivers "
        "them to your new home the same week, free of charge. Bring your referral letter "
        "and your new address.",
        path="furniture",
        application="A referral from a navigator or housing worker.",
        fees="Free",
        hours=(Hours("SA", "09:00", "12:00", description="By appointment."),),
        areas=("county",),
        documents=("Referral letter",),
    ),
)

# A second taxonomy: who a service is designed for.
FOCUS_TAXONOMY = (
    "Who the service welcomes",
    "Groups a service is designed for, kept by Harbor Community Partners' resource team. "
    "Services are open to others unless their eligibility says otherwise.",
)
FOCUS: dict[str, tuple[str, str]] = {
    "youth": ("Young people", "Services designed for young people aged 16 to 24."),
    "new_arrivals": (
        "New arrivals",
        "Services designed for refugees, asylum seekers and other newly arrived people.",
    ),
    "families": ("Families with children", "Services designed for parents and children."),
    "reentry": (
        "People coming home from jail or prison",
        "Services designed for people with a justice record and their families.",
    ),
    "unhoused": (
        "People without a home",
        "Services designed for people living outside, in shelters or in cars.",
    ),
}

# Changes recorded in the HSDS metadata table: (service, days ago, field, old, new).
CHANGES = (
    ("hc_dental", 9, "status", "active", "temporarily closed"),
    ("fb_mobile", 20, "status", "active", "temporarily closed"),
    (
        "hha_voucher",
        45,
        "wait_time",
        "The voucher waitlist is about 18 months.",
        "The voucher waitlist is about two years.",
    ),
)


# --- Writing it ------------------------------------------------------------------------


def hsds_id(kind: str, key: str) -> uuid.UUID:
    """The demo row's HSDS id: the same in every Waypoint."""
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def counts(owner_id: int) -> dict[str, int]:
    """Rows per HSDS table in ``owner_id``'s directory."""
    return {m.hsds.table: m.objects.filter(owner_id=owner_id).count() for m in TABLES}


def headline(owner_id: int) -> dict[str, int]:
    """What the demo loader reports about the directory."""
    services = Service.objects.filter(owner_id=owner_id)
    return {
        "services": services.count(),
        "providers": Provider.objects.filter(owner_id=owner_id).count(),
        "locations": Location.objects.filter(owner_id=owner_id).count(),
        "vetted": services.filter(vetted=True).count(),
        "published": services.filter(is_public=True).count(),
    }


def seed_directory(*, owner_id: int, today: date, rng: random.Random) -> dict[str, int]:
    """Fill ``owner_id``'s directory with the demo partners (once; a second call changes
    nothing) and return the rows per HSDS table."""
    if not Provider.objects.filter(
        owner_id=owner_id, hsds_id=hsds_id("organization", ORGS[0].key)
    ).exists():
        with transaction.atomic():
            _Seeder(owner_id, today, rng).run()
    return counts(owner_id)


class _Seeder:
    def __init__(self, owner_id: int, today: date, rng: random.Random) -> None:
        self.owner_id = owner_id
        self.today = today
        self.rng = rng
        self.numbers = 0
        self.orgs: dict[str, Provider] = {}
        self.programs: dict[str, ProviderProgram] = {}
        self.sites: dict[str, Location] = {}
        self.services: dict[str, Service] = {}
        self.contacts: list[tuple[DirectoryContact, Line | None]] = []
        self.phones: list[tuple[Phone, Line]] = []
        self.rows: dict[type[Any], list[Any]] = {}

    # -- helpers ----------------------------------------------------------------------

    def add(self, model: type[Any], key: str, **fields: Any) -> Any:
        row = model(owner_id=self.owner_id, hsds_id=hsds_id(model.hsds.table, key), **fields)
        self.rows.setdefault(model, []).append(row)
        return row

    def save(self, *models: type[Any]) -> None:
        for model in models:
            model.objects.bulk_create(self.rows.pop(model, []))

    def phone(self, key: str, line: Line, **owner: Any) -> None:
        number = f"({AREA_CODE}) 555-{100 + self.numbers:04d}"
        self.numbers += 1
        row = self.add(
            Phone,
            key,
            number=number,
            extension=line.extension,
            type=line.type,
            description=line.description,
            **owner,
        )
        self.phones.append((row, line))

    def contact(self, key: str, person: Person, domain: str, **owner: Any) -> None:
        row = self.add(
            DirectoryContact,
            key,
            name=person.name,
            title=person.title,
            department=person.department,
            email=f"{person.mailbox}@{domain}" if person.mailbox else "",
            **owner,
        )
        self.contacts.append((row, person.phone))

    def schedules(self, key: str, hours: Sequence[Hours], **owner: Any) -> None:
        season = self._season()
        for n, h in enumerate(hours):
            self.add(
                Schedule,
                f"{key}:{n}",
                freq=h.freq,
                byday=h.byday,
                opens_at=f"{h.opens}:00" if h.opens else "",  # frictionless wants seconds
                closes_at=f"{h.closes}:00" if h.closes else "",
                description=" ".join(p for p in (h.description, SEASON if h.seasonal else "") if p),
                attending_type=h.attending,
                notes=h.notes,
                valid_from=season[0] if h.seasonal else None,
                valid_to=season[1] if h.seasonal else None,
                **owner,
            )

    def languages(self, key: str, names: Sequence[str], note: str = "", **owner: Any) -> None:
        for name in names:
            self.add(Language, f"{key}:{name}", name=name, code=LANGUAGES[name], note=note, **owner)

    def _season(self) -> tuple[date, date]:
        """This year's tax season, or next year's once this one is over."""
        year = (
            self.today.year if self.today <= date(self.today.year, 4, 15) else self.today.year + 1
        )
        return date(year, 2, 1), date(year, 4, 15)

    @staticmethod
    def _email(checker: User | None) -> str:
        return (checker.email if checker else "") or TEAM_EMAIL

    def _checkers(self) -> list[User]:
        return list(
            User.objects.filter(
                organization_id=self.owner_id,
                is_active=True,
                memberships__role__in=CHECKER_ROLES,
            )
            .distinct()
            .order_by("pk")
        )

    # -- the tables -------------------------------------------------------------------

    def run(self) -> None:
        terms = ensure_domains(owner_id=self.owner_id)
        self.providers()
        self.locations()
        self.service_rows()
        self.details()
        self.taxonomy(terms)
        self.add(
            MetaTableDescription,
            "directory",
            name="Harbor Community Partners resource directory",
            language="en",
            character_set="UTF-8",
        )
        self.save(
            DirectoryContact,
            ProviderIdentifier,
            Funding,
            Address,
            Accessibility,
            Schedule,
            ServiceArea,
            RequiredDocument,
            CostOption,
            Metadata,
            MetaTableDescription,
        )
        self.phone_rows()

    def providers(self) -> None:
        for org in ORGS:
            self.orgs[org.key] = self.add(
                Provider,
                org.key,
                name=org.name,
                alternate_name=org.alternate_name,
                description=org.description,
                email=f"{org.mailbox}@{org.domain}",
                website=f"https://{org.domain}/",
                tax_status=org.tax_status,
                tax_id=org.ein,
                year_incorporated=org.year,
                legal_status=org.legal_status,
                parent_organization_id=hsds_id("organization", org.parent) if org.parent else None,
            )
        self.save(Provider)
        for org in ORGS:
            provider = self.orgs[org.key]
            if org.program:
                self.programs[org.key] = self.add(
                    ProviderProgram,
                    org.key,
                    organization=provider,
                    name=org.program[0],
                    description=org.program[1],
                )
            if org.ein:
                self.add(
                    ProviderIdentifier,
                    f"{org.key}:ein",
                    organization=provider,
                    identifier_scheme="US-EIN",
                    identifier_type="Employer Identification Number",
                    identifier=org.ein,
                )
            if org.other_id:
                scheme, kind, value = org.other_id
                self.add(
                    ProviderIdentifier,
                    f"{org.key}:other",
                    organization=provider,
                    identifier_scheme=scheme,
                    identifier_type=kind,
                    identifier=value,
                )
            for n, source in enumerate(org.funding):
                self.add(Funding, f"{org.key}:{n}", organization=provider, source=source)
            self.phone(f"{org.key}:main", Line("Main line"), organization=provider)
            if org.fax:
                self.phone(f"{org.key}:fax", Line("Fax", type="fax"), organization=provider)
            if org.contact:
                self.contact(org.key, org.contact, org.domain, organization=provider)
        self.save(ProviderProgram)

    def locations(self) -> None:
        domains = {o.key: o.domain for o in ORGS}
        for site in SITES:
            lat = lon = None
            if site.kind == "physical":
                _, _, mid_lat, mid_lon = PLACES[site.place]
                lat = round(mid_lat + self.rng.uniform(-0.004, 0.004), 6)
                lon = round(mid_lon + self.rng.uniform(-0.004, 0.004), 6)
            self.sites[site.key] = self.add(
                Location,
                site.key,
                location_type=site.kind,
                url=site.url,
                organization=self.orgs[site.org] if site.org else None,
                name=site.name,
                alternate_name=site.alternate_name,
                description=site.description,
                transportation=site.transportation,
                latitude=lat,
                longitude=lon,
            )
        self.save(Location)
        for site in SITES:
            location = self.sites[site.key]
            if site.street:
                city, postal_code, _, _ = PLACES[site.place]
                self.add(
                    Address,
                    site.key,
                    location=location,
                    attention=site.name if site.kind == "postal" else "",
                    address_1=site.street,
                    address_2=site.address_2,
                    city=city,
                    region=COUNTY,
                    state_province=STATE,
                    postal_code=postal_code,
                    country=COUNTRY,
                    address_type=site.kind,
                )
            if site.access[0]:
                self.add(
                    Accessibility,
                    site.key,
                    location=location,
                    description=site.access[0],
                    details=site.access[1],
                    url=site.access_url,
                )
            self.languages(f"location:{site.key}", site.languages, STAFF_SPEAK, location=location)
            self.schedules(f"location:{site.key}", site.hours, location=location)
            if site.phone:
                self.phone(f"location:{site.key}", site.phone, location=location)
            if site.contact:
                self.contact(
                    f"location:{site.key}", site.contact, domains[site.org], location=location
                )

    def service_rows(self) -> None:
        orgs = {o.key: o for o in ORGS}
        checkers = self._checkers()
        for svc in SERVICES:
            org = orgs[svc.org]
            assured = checker = None
            if svc.checked:
                low, high = (4, 170) if svc.checked == RECENT else (200, 420)
                assured = self.today - timedelta(days=self.rng.randint(low, high))
                pick = self.rng.random()
                checker = checkers[int(pick * len(checkers))] if checkers else None
            changed = assured or self.today - timedelta(days=self.rng.randint(30, 400))
            at = time(self.rng.randint(9, 16), self.rng.choice([0, 15, 30, 45]))
            self.services[svc.key] = self.add(
                Service,
                svc.key,
                organization=self.orgs[svc.org],
                program=self.programs[svc.org] if svc.in_program else None,
                name=svc.name,
                alternate_name=svc.alternate_name,
                description=svc.description,
                url=f"https://{org.domain}/{svc.path}" if svc.path else "",
                email=f"{svc.mailbox}@{org.domain}" if svc.mailbox else "",
                status=svc.status,
                interpretation_services=svc.interpretation,
                application_process=svc.application,
                fees_description=svc.fees_description,
                wait_time=svc.wait,
                fees=svc.fees,
                accreditations=svc.accreditations,
                eligibility_description=svc.eligibility,
                minimum_age=svc.min_age,
                maximum_age=svc.max_age,
                assured_date=assured,
                assurer_email=self._email(checker) if assured else "",
                licenses=svc.licenses,
                alert=svc.alert,
                last_modified=datetime.combine(changed, at, tzinfo=UTC),
                vetted=svc.vetted,
                what_to_expect=svc.what_to_expect,
                is_public=svc.public,
                checked_by=checker,
            )
        self.save(Service)

    def details(self) -> None:
        domains = {o.key: o.domain for o in ORGS}
        sals: list[tuple[ServiceAtLocation, At, Svc]] = []
        for svc in SERVICES:
            service = self.services[svc.key]
            for place in svc.at:
                sal = self.add(
                    ServiceAtLocation,
                    f"{svc.key}@{place.site}",
                    service=service,
                    location=self.sites[place.site],
                    description=place.description,
                )
                sals.append((sal, place, svc))
        self.save(ServiceAtLocation)
        for sal, place, svc in sals:
            key = f"{svc.key}@{place.site}"
            self.schedules(key, place.hours, service_at_location=sal)
            if place.phone:
                self.phone(key, place.phone, service_at_location=sal)
            if place.contact:
                self.contact(key, place.contact, domains[svc.org], service_at_location=sal)
        for svc in SERVICES:
            service = self.services[svc.key]
            self.schedules(svc.key, svc.hours, service=service)
            self.languages(svc.key, svc.languages, service=service)
            for n, line in enumerate(svc.phones):
                self.phone(f"{svc.key}:{n}", line, service=service)
            if svc.contact:
                self.contact(svc.key, svc.contact, domains[svc.org], service=service)
            for area in svc.areas:
                name, description, extent, extent_type = AREAS[area]
                self.add(
                    ServiceArea,
                    f"{svc.key}:{area}",
                    service=service,
                    name=name,
                    description=description,
                    extent=extent,
                    extent_type=extent_type,
                )
            for n, document in enumerate(svc.documents):
                self.add(RequiredDocument, f"{svc.key}:{n}", service=service, document=document)
            for n, cost in enumerate(svc.costs):
                self.add(
                    CostOption,
                    f"{svc.key}:{n}",
                    service=service,
                    valid_from=date(self.today.year, 1, 1) if cost.from_new_year else None,
                    option=cost.option,
                    currency="USD",
                    amount=cost.amount,
                    amount_description=cost.description,
                )
            for n, source in enumerate(svc.funding):
                self.add(Funding, f"{svc.key}:{n}", service=service, source=source)
        for service_key, days_ago, field_name, old, new in CHANGES:
            self.add(
                Metadata,
                f"{service_key}:{field_name}",
                resource_id=self.services[service_key].hsds_id,
                resource_type="service",
                last_action_date=self.today - timedelta(days=days_ago),
                last_action_type="update",
                field_name=field_name,
                previous_value=old,
                replacement_value=new,
                updated_by=TEAM,
            )

    def taxonomy(self, domain_terms: dict[str, int]) -> None:
        taxonomy = self.add(
            Taxonomy,
            "focus",
            name=FOCUS_TAXONOMY[0],
            description=FOCUS_TAXONOMY[1],
            uri="https://harbor.example.org/directory/focus",
            version="1",
        )
        self.save(Taxonomy)
        focus_terms = {
            key: self.add(
                TaxonomyTerm,
                f"focus:{key}",
                code=f"harbor-focus:{key}",
                name=name,
                description=description,
                taxonomy=FOCUS_TAXONOMY[0],
                language="en",
                taxonomy_detail=taxonomy,
                term_uri=f"https://harbor.example.org/directory/focus/{key}",
            )
            for key, (name, description) in FOCUS.items()
        }
        self.save(TaxonomyTerm)
        for svc in SERVICES:
            link = self.services[svc.key].hsds_id
            for domain in svc.domains:
                self.add(
                    Attribute,
                    f"{svc.key}:domain:{domain}",
                    link_id=link,
                    taxonomy_term_id=domain_terms[domain],
                    link_type="need_domain",
                    link_entity="service",
                )
            for key in svc.focus:
                self.add(
                    Attribute,
                    f"{svc.key}:focus:{key}",
                    link_id=link,
                    taxonomy_term=focus_terms[key],
                    link_type="population_focus",
                    link_entity="service",
                )
        self.save(Attribute)

    def phone_rows(self) -> None:
        """Contacts' phones, then every phone, then the languages spoken on them."""
        for contact, line in self.contacts:
            if line:
                self.phone(f"contact:{contact.hsds_id}", line, contact=contact)
        self.save(Phone)
        for row, line in self.phones:
            self.languages(f"phone:{row.hsds_id}", line.languages, LINE_SPEAKS, phone=row)
        self.save(Language)

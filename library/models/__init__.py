from .base import LibraryPage, LibraryPageQuerySet
from .case_study import CaseStudyCountry, CaseStudyPage
from .import_run import ImportRun, ImportRunPage
from .index import HomePage, LibraryIndexPage
from .listing_version import ListingVersion
from .media import LibraryDocument, LibraryImage, LibraryRendition
from .method import MethodLegalBasis, MethodPage
from .resource import ResourcePage
from .taxonomy import (
    HTCDS_PICK_LISTS,
    AssistanceType,
    ControlMeans,
    Country,
    CrimeType,
    ExploitationType,
    HtcdsTerm,
    LibraryPageTag,
    Province,
    RecruitmentChannel,
    RecruitmentPlatform,
    RecruitmentType,
    TagNames,
    TransportType,
    tag_labels,
)
from .translated_names import NAME_LANGUAGES, TranslatedNames

__all__ = [
    "HTCDS_PICK_LISTS",
    "AssistanceType",
    "ControlMeans",
    "ExploitationType",
    "HtcdsTerm",
    "RecruitmentPlatform",
    "RecruitmentType",
    "TransportType",
    "CaseStudyCountry",
    "CaseStudyPage",
    "Country",
    "CrimeType",
    "HomePage",
    "ImportRun",
    "ImportRunPage",
    "LibraryDocument",
    "LibraryImage",
    "LibraryIndexPage",
    "LibraryPage",
    "LibraryPageQuerySet",
    "LibraryPageTag",
    "LibraryRendition",
    "ListingVersion",
    "MethodLegalBasis",
    "NAME_LANGUAGES",
    "MethodPage",
    "Province",
    "RecruitmentChannel",
    "ResourcePage",
    "TagNames",
    "TranslatedNames",
    "tag_labels",
]

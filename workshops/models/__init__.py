from .certificates import Certificate, CertificateRules
from .feedback import FeedbackResponse, FeedbackSettings, FollowUp
from .knowledge import (
    Answer,
    Attempt,
    Choice,
    Curriculum,
    KnowledgeTest,
    LearningObjective,
    Question,
    TestItem,
    translated,
)
from .pages import WorkshopIndexPage, WorkshopMaterial, WorkshopPage, WorkshopPageTag
from .participation import Attendance
from .results_access import ResultsVersion, ResultsViewer

__all__ = [
    "Answer",
    "Attempt",
    "Attendance",
    "Certificate",
    "CertificateRules",
    "Choice",
    "FeedbackResponse",
    "FeedbackSettings",
    "FollowUp",
    "Curriculum",
    "KnowledgeTest",
    "LearningObjective",
    "Question",
    "ResultsVersion",
    "ResultsViewer",
    "TestItem",
    "WorkshopIndexPage",
    "WorkshopMaterial",
    "WorkshopPage",
    "WorkshopPageTag",
    "translated",
]

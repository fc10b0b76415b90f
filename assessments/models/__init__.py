from .answers import Answer, AnswerChange, AnswerValue, Assessment, AssessmentEvent, TeamMember
from .checklist import (
    ChecklistVersion,
    Criterion,
    GlossaryTerm,
    Indicator,
    Pillar,
    PillarSlug,
    PopulationBand,
    Question,
    TopicArea,
)
from .organisations import Invitation, Membership, Organisation, Project, Role, ScoreBand
from .profiles import FeedbackTiming, Profile

__all__ = [
    "Answer",
    "AnswerChange",
    "AnswerValue",
    "Assessment",
    "AssessmentEvent",
    "ChecklistVersion",
    "Criterion",
    "FeedbackTiming",
    "GlossaryTerm",
    "Indicator",
    "Invitation",
    "Membership",
    "Organisation",
    "Pillar",
    "PillarSlug",
    "PopulationBand",
    "Profile",
    "Project",
    "Question",
    "Role",
    "ScoreBand",
    "TeamMember",
    "TopicArea",
]

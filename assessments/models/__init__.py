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
)
from .organisations import Invitation, Membership, Organisation, Project, Role, ScoreBand

__all__ = [
    "Answer",
    "AnswerChange",
    "AnswerValue",
    "Assessment",
    "AssessmentEvent",
    "ChecklistVersion",
    "Criterion",
    "GlossaryTerm",
    "Indicator",
    "Invitation",
    "Membership",
    "Organisation",
    "Pillar",
    "PillarSlug",
    "PopulationBand",
    "Project",
    "Question",
    "Role",
    "ScoreBand",
    "TeamMember",
]

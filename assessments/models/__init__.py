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
from .plans import Action, ActionStatus, PerspectiveNote
from .profiles import FeedbackTiming, Profile
from .reports import RenderedReport
from .rounds import Decision, DecisionChange, FundingRound, Outcome
from .tokens import ApiToken

__all__ = [
    "Action",
    "ActionStatus",
    "Answer",
    "AnswerChange",
    "AnswerValue",
    "ApiToken",
    "Assessment",
    "AssessmentEvent",
    "ChecklistVersion",
    "Criterion",
    "Decision",
    "DecisionChange",
    "FeedbackTiming",
    "FundingRound",
    "GlossaryTerm",
    "Indicator",
    "Invitation",
    "Membership",
    "Organisation",
    "Outcome",
    "PerspectiveNote",
    "Pillar",
    "PillarSlug",
    "PopulationBand",
    "Profile",
    "Project",
    "Question",
    "RenderedReport",
    "Role",
    "ScoreBand",
    "TeamMember",
    "TopicArea",
]

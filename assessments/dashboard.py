"""What a person needs on opening the site: their open work first, a few figures and the
way to everything else (the portfolio), never every row.

A city may hold ten thousand assessments: the dashboard reads a fixed number of rows (at
most OPEN_SHOWN open assessments, LATEST_PROJECTS projects, TEAM_SHOWN team places) and
counts the rest in the database, in the same queries whatever their number.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Greatest

from . import permissions
from .models import Answer, Assessment, Decision, Organisation, Outcome, Project
from .progress import count_progress

OPEN_SHOWN = 10
LATEST_PROJECTS = 10
TEAM_SHOWN = 10


@dataclass(frozen=True)
class Counts:
    projects: int
    in_progress: int
    submitted: int
    awaiting_decision: int


@dataclass
class Dashboard:
    organisations: list[Organisation]
    # In progress, answered by the user (for one of their organisations, or in a team
    # they were invited to), the last changed first, with their progress
    # (progress.count_progress).
    open_assessments: list[Assessment]
    counts: Counts | None  # for those who have a portfolio
    latest_projects: list[Project]
    # For those invited to answer and nothing else: their places no longer open.
    team_assessments: list[Assessment]


def last_change() -> Greatest:
    """When the assessment or any of its answers last changed (answers are saved without
    touching the assessment's row)."""
    last_answer = (
        Answer.objects.filter(assessment=OuterRef("pk")).order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return Greatest("updated_at", Subquery(last_answer))


def dashboard_for(user) -> Dashboard:
    roles = permissions.roles_of(user)
    has_portfolio = permissions.can_see_portfolio(user)
    open_assessments = list(
        permissions.answered_by(user).filter(status=Assessment.Status.IN_PROGRESS)
        .annotate(last_change=last_change())
        .order_by("-last_change", "-pk")
        .select_related("version")
        # The projects of the few shown, read after the cut: joined in the same
        # query, every project of the city was read before the sort (7 ms at 10,000).
        .prefetch_related("project")[:OPEN_SHOWN]
    )
    count_progress(open_assessments)
    return Dashboard(
        organisations=list(Organisation.objects.filter(pk__in=roles.assessing_organisations)),
        open_assessments=open_assessments,
        counts=_counts(user) if has_portfolio else None,
        latest_projects=list(
            permissions.visible_projects(user).select_related("organisation", "city")
            .order_by("-created_at", "-pk")[:LATEST_PROJECTS]
        ) if has_portfolio else [],
        team_assessments=[] if has_portfolio else list(
            permissions.answered_by(user).filter(status=Assessment.Status.SUBMITTED)
            .select_related("project").order_by("-updated_at", "-pk")[:TEAM_SHOWN]
        ),
    )


def _counts(user) -> Counts:
    # A proposal reviewed (as far as the user may see the review) and not decided yet.
    decided = Decision.objects.filter(project=OuterRef("project")).exclude(
        outcome=Outcome.PENDING
    )
    # The decision looked up last, for the submitted reviews alone: written first, it was
    # looked up for every assessment of the portfolio (at 10,000: 18 ms, now 12.5).
    reviewed_undecided = Q(
        purpose=Assessment.Purpose.PROPOSAL_REVIEW, status=Assessment.Status.SUBMITTED,
    ) & ~Exists(decided)
    assessments = permissions.portfolio_assessments(user).aggregate(
        in_progress=Count("pk", filter=Q(status=Assessment.Status.IN_PROGRESS)),
        submitted=Count("pk", filter=Q(status=Assessment.Status.SUBMITTED)),
        awaiting_decision=Count("project", filter=reviewed_undecided, distinct=True),
    )
    return Counts(projects=permissions.visible_projects(user).count(), **assessments)

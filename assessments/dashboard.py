"""What a person needs on opening the site: their open work first, a few figures, and the
way to everything else (the portfolio), never every row.

A city may hold ten thousand assessments: the dashboard reads a fixed number of rows
(at most OPEN_SHOWN open assessments, LATEST_PROJECTS projects with at most
ASSESSMENTS_PER_PROJECT assessments each, TEAM_SHOWN team places) and counts the rest in
the database, in the same queries whatever their number.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Greatest

from . import permissions
from .models import Answer, Assessment, Decision, Organisation, Outcome, Project, TeamMember

OPEN_SHOWN = 10
LATEST_PROJECTS = 10
ASSESSMENTS_PER_PROJECT = 5
TEAM_SHOWN = 10


@dataclass(frozen=True)
class Counts:
    projects: int
    in_progress: int
    submitted: int
    awaiting_decision: int


@dataclass
class Dashboard:
    organisations: QuerySet[Organisation]
    # In progress, answered by the user's organisations, the last changed first.
    open_assessments: list[Assessment]
    counts: Counts | None  # for those who have a portfolio
    latest_projects: list[Project]  # each with `shown_assessments`
    team_assessments: list[Assessment]  # the places the user was invited to


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
    return Dashboard(
        organisations=Organisation.objects.filter(pk__in=roles.assessing_organisations),
        open_assessments=_open_assessments(roles) if has_portfolio else [],
        counts=_counts(user) if has_portfolio else None,
        latest_projects=_latest_projects(user) if has_portfolio else [],
        team_assessments=list(
            Assessment.objects.filter(Exists(TeamMember.objects.filter(
                assessment=OuterRef("pk"), user=user
            ))).select_related("project").with_progress().order_by("-updated_at")[:TEAM_SHOWN]
        ),
    )


def _open_assessments(roles: permissions.Roles) -> list[Assessment]:
    # The last changed are found first, then only they are read with their progress:
    # counting answers before choosing would count those of every open assessment.
    last_changed = (
        Assessment.objects.filter(
            assessor__in=roles.assessing_organisations, status=Assessment.Status.IN_PROGRESS
        )
        .annotate(last_change=last_change()).order_by("-last_change", "-pk")
        .values("pk")[:OPEN_SHOWN]
    )
    return list(
        Assessment.objects.filter(pk__in=last_changed).select_related("project")
        .with_progress().annotate(last_change=last_change()).order_by("-last_change", "-pk")
    )


def _counts(user) -> Counts:
    # A proposal reviewed (as far as the user may see the review) and not decided yet.
    decided = Decision.objects.filter(project=OuterRef("project")).exclude(
        outcome=Outcome.PENDING
    )
    reviewed_undecided = Q(
        ~Exists(decided), purpose=Assessment.Purpose.PROPOSAL_REVIEW,
        status=Assessment.Status.SUBMITTED,
    )
    assessments = permissions.portfolio_assessments(user).aggregate(
        in_progress=Count("pk", filter=Q(status=Assessment.Status.IN_PROGRESS)),
        submitted=Count("pk", filter=Q(status=Assessment.Status.SUBMITTED)),
        awaiting_decision=Count("project", filter=reviewed_undecided, distinct=True),
    )
    return Counts(projects=permissions.visible_projects(user).count(), **assessments)


def _latest_projects(user) -> list[Project]:
    """The projects last registered, each with its latest assessments the user may see."""
    shown = permissions.portfolio_assessments(user).with_progress().order_by("-created_at", "-pk")
    return list(
        permissions.visible_projects(user).select_related("organisation", "city")
        .order_by("-created_at", "-pk")
        .prefetch_related(Prefetch(
            "assessments", queryset=shown[:ASSESSMENTS_PER_PROJECT],
            to_attr="shown_assessments",
        ))[:LATEST_PROJECTS]
    )

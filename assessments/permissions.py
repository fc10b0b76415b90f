"""Who may see and do what. The one place that decides; every view asks it.

Reads come as querysets already scoped to the user, so a view that forgets a check
still shows nothing it should not. Object look-ups go through `get_..._for_user`:
an object the user may not know exists answers 404 (never 403, which would confirm it
exists); an action on an object the user may see but not change answers 403.

The rules:
- A city coordinator sees the projects of their city (run by it or submitted to it),
  the assessments their city makes, and partners' assessments shared with the city.
- A partner member sees the projects their organisation runs, its own assessments, and
  a city's review of its project once the city has released (shared) it.
- An invited team member sees and answers one assessment, nothing else.
- Group mode (an assessment answered individually first): its assessor's members and its
  team each give their own answers, unseen. A person sees the others' own answers once
  they have finished theirs, or once the owner (a member of the assessor) opens them to
  the whole team; nobody answers alone after that. The assessment's answers are then
  settled by the owner or the team member the owner chose. The other side of a shared
  assessment never sees own answers, only the report's anonymised summary.
- The portfolio lists, for a coordinator or a partner member, the assessments of the
  projects they see, as far as they may see each; invited team members and the
  secretariat have none (403).
- Secretariat staff curate the library and read anonymised network figures; they do not
  see any city's or partner's assessment.
- A quick check belongs to no one: whoever holds its private link (signed in or not, on
  any device) may answer, read and delete it, and nobody else may know it exists. It has
  no project, and every scope, list and figure starts from the assessments of projects
  (`Assessment.objects.of_projects()`), so no portfolio, export, API or network figure
  holds any of it.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import (
    Assessment,
    FundingRound,
    MemberFinish,
    Membership,
    Organisation,
    Project,
    Role,
    TeamMember,
)
from .models.tokens import token_hash


@dataclass(frozen=True)
class Roles:
    """The organisations a user belongs to, by role, read once per request."""

    coordinator_of: frozenset[int]
    member_of: frozenset[int]
    curator: bool
    analyst: bool

    @property
    def assessing_organisations(self) -> frozenset[int]:
        return self.coordinator_of | self.member_of


def roles_of(user) -> Roles:
    if not user.is_authenticated:
        return Roles(frozenset(), frozenset(), curator=False, analyst=False)
    cached = getattr(user, "_checklist_roles", None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
    roles = Roles(
        coordinator_of=frozenset(org for org, role in memberships if role == Role.COORDINATOR),
        member_of=frozenset(org for org, role in memberships if role == Role.MEMBER),
        curator=any(role == Role.CURATOR for _, role in memberships),
        analyst=any(role == Role.ANALYST for _, role in memberships),
    )
    user._checklist_roles = roles
    return roles


# Scoped reads ---------------------------------------------------------------------------


def _project_seen(roles: Roles, path: str = "") -> Q:
    """The projects run by the user's organisations or submitted to their city; `path`
    leads to the project from another model."""
    return (Q(**{f"{path}organisation__in": roles.assessing_organisations})
            | Q(**{f"{path}city__in": roles.coordinator_of}))


def _assessment_seen_through_organisations(roles: Roles) -> Q:
    shared = Q(shared_at__isnull=False)
    return (
        Q(assessor__in=roles.assessing_organisations)
        # A partner's assessment shared with the city it was submitted to.
        | (shared & Q(project__city__in=roles.coordinator_of)
           & Q(assessor=F("project__organisation")))
        # A city's review released to the organisation that runs the project.
        | (shared & Q(project__organisation__in=roles.assessing_organisations)
           & Q(assessor=F("project__city")))
    )


def visible_projects(user) -> QuerySet[Project]:
    roles = roles_of(user)
    if not roles.assessing_organisations:
        return Project.objects.none()
    return Project.objects.filter(_project_seen(roles))


def _holds_team_place(user) -> Q:
    # A subquery, not a join: each assessment stays one row, so there is no DISTINCT to
    # sort the rows out, and a look-up by id reads one row.
    return Q(Exists(TeamMember.objects.filter(assessment=OuterRef("pk"), user=user)))


def _assessment_seen(user) -> Q:
    return _assessment_seen_through_organisations(roles_of(user)) | _holds_team_place(user)


def visible_assessments(user) -> QuerySet[Assessment]:
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.of_projects().filter(_assessment_seen(user))


def answered_by(user) -> QuerySet[Assessment]:
    """The assessments a user answers: their organisations' own and those they hold a team
    place in (a part of visible_assessments, with a lighter query for the dashboard)."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.of_projects().filter(
        Q(assessor__in=roles_of(user).assessing_organisations) | _holds_team_place(user)
    )


def portfolio_assessments(user) -> QuerySet[Assessment]:
    """The assessments of the projects a user sees, as far as the user may see them.

    Team places are left out: they open one assessment, not a portfolio. Without the
    join to teams (and so without DISTINCT) each assessment is one row, which the
    portfolio's sums over answers need.
    """
    roles = roles_of(user)
    if not roles.assessing_organisations:
        return Assessment.objects.none()
    return Assessment.objects.of_projects().filter(
        _project_seen(roles, "project__"), _assessment_seen_through_organisations(roles)
    )


def cities_for_new_projects(user) -> QuerySet[Organisation]:
    """The cities a user may submit a project to: their own, or those their partner works with."""
    roles = roles_of(user)
    return Organisation.objects.filter(
        Q(pk__in=roles.coordinator_of) | Q(partners__in=roles.member_of),
        kind=Organisation.Kind.CITY,
    ).distinct()


# Object look-ups -------------------------------------------------------------------------


def get_project_for_user(user, pk) -> Project:
    try:
        return visible_projects(user).get(pk=pk)
    except (Project.DoesNotExist, ValueError):
        raise Http404(_("No such project.")) from None


def visible_organisations(user) -> QuerySet[Organisation]:
    """A user's own cities and partners, and, for a coordinator, the partners of the city."""
    roles = roles_of(user)
    return Organisation.objects.filter(
        Q(pk__in=roles.assessing_organisations) | Q(cities__in=roles.coordinator_of)
    ).distinct()


def get_organisation_for_user(user, pk) -> Organisation:
    try:
        return visible_organisations(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError):
        raise Http404(_("No such organisation.")) from None


def _sees_through_organisations(roles: Roles, assessment: Assessment) -> bool:
    """_assessment_seen_through_organisations, for one assessment already read."""
    if assessment.assessor_id in roles.assessing_organisations:
        return True
    if assessment.shared_at is None:
        return False
    project = assessment.project
    return (
        (project.city_id in roles.coordinator_of
         and assessment.assessor_id == project.organisation_id)
        or (project.organisation_id in roles.assessing_organisations
            and assessment.assessor_id == project.city_id)
    )


# The organisations an assessment's pages name beside it.
PARTIES = ("project__organisation", "project__city", "assessor")


def get_assessment_for_user(user, pk, *, with_parties: bool = True) -> Assessment:
    """The assessment `pk` if `user` sees it (as visible_assessments says), else 404.
    `with_parties`: read with it the organisations most pages name (who runs the project,
    its city, who answers); the question page names none, and joining the three tables
    took PostgreSQL longer to plan than to run the whole query.

    Asked on every page of an assessment: its row is read by id alone and the rule of
    visible_assessments applied to it here, written once more over the row, for building
    the SQL of that rule took a third of a question page (the query itself, 0.1 ms). A
    test holds the two to the same answers. The team place is asked only when the
    organisations do not already open it.
    """
    if not user.is_authenticated:
        raise Http404(_("No such assessment."))
    try:
        assessment = Assessment.objects.of_projects().select_related(
            "project", "version", *(PARTIES if with_parties else ())
        ).get(pk=pk)
    except (Assessment.DoesNotExist, ValueError):
        raise Http404(_("No such assessment.")) from None
    if not (_sees_through_organisations(roles_of(user), assessment)
            or is_team_member(user, assessment)):
        raise Http404(_("No such assessment."))
    return assessment


def get_group_assessment_for_user(user, pk) -> Assessment:
    """An assessment answered individually first; any other has no group pages (404)."""
    assessment = get_assessment_for_user(user, pk)
    if not assessment.answer_individually_first:
        raise Http404(_("This assessment is not answered individually first."))
    return assessment


def get_quick_check(token: str) -> Assessment:
    """The quick check whose private link holds `token`, found by the token's hash (so a
    guess is compared with nothing but an index); any other token is not found."""
    try:
        return Assessment.objects.quick_checks().select_related("version").get(
            link_hash=token_hash(token)
        )
    except Assessment.DoesNotExist:
        raise Http404(_("No such quick check: the link is wrong, or it was deleted.")) from None


def get_assessments_for_user(user, pks) -> list[Assessment]:
    """Several assessments in one query, in the order of `pks` (each once): 404 if the
    user may not see any one of them, saying no more about which."""
    pks = list(dict.fromkeys(pks))
    found = {
        assessment.pk: assessment
        for assessment in visible_assessments(user).select_related(
            "project", "version", *PARTIES
        ).filter(pk__in=pks)
    }
    if len(found) != len(pks):
        raise Http404(_("No such assessment."))
    return [found[pk] for pk in pks]


def visible_baseline(user, assessment: Assessment) -> Assessment | None:
    """The assessment a final evaluation is read against, if the user may see it: a
    partner's self-assessment never shared with the city stays the partner's, even as
    the baseline of the city's final evaluation."""
    if assessment.baseline_id is None:
        return None
    return visible_assessments(user).select_related("assessor", "version").filter(
        pk=assessment.baseline_id
    ).first()


def perspectives_of(user, project: Project) -> tuple[Assessment, Assessment] | None:
    """The partner's shared self-assessment and the city's review of `project`, when the
    user may see both: the city once the partner has shared, the partner once the city has
    released its review. The latest of each."""
    visible = visible_assessments(user).filter(project=project).values("pk")
    chosen = Assessment.objects.select_related("version", "assessor", "project").filter(
        pk__in=visible).order_by("-created_at")
    partners = chosen.filter(purpose=Assessment.Purpose.SELF_ASSESSMENT,
                             assessor=project.organisation_id, shared_at__isnull=False).first()
    citys = chosen.filter(purpose=Assessment.Purpose.PROPOSAL_REVIEW,
                          assessor=project.city_id).first()
    if partners is None or citys is None or project.organisation_id == project.city_id:
        return None
    return partners, citys


def perspectives_in_report(user, assessment: Assessment) -> tuple[Assessment, Assessment] | None:
    """The two readings to set side by side in the report of `assessment`: when it is one
    of them and the user may see both."""
    pair = perspectives_of(user, assessment.project)
    return pair if pair and assessment.pk in {one.pk for one in pair} else None


def side_of(user, project: Project) -> Organisation:
    """The side (the partner organisation or the city) a member of both speaks for: the
    partner when they belong to it, else the city."""
    if project.organisation_id in roles_of(user).assessing_organisations:
        return project.organisation
    return project.city


def may_write_notes(user, project: Project) -> bool:
    """Either side of the project, through its members."""
    return bool({project.organisation_id, project.city_id}
                & roles_of(user).assessing_organisations)


def can_plan(user, assessment: Assessment) -> bool:
    """The owners of an assessment keep its action plan: its assessor's members and its
    team. The other side reads it once the assessment is shared (see visible_assessments)."""
    return is_assessor(user, assessment) or is_team_member(user, assessment)


def visible_rounds(user) -> QuerySet[FundingRound]:
    """The funding rounds of the cities a user coordinates."""
    return FundingRound.objects.filter(city__in=roles_of(user).coordinator_of)


def get_round_for_user(user, pk) -> FundingRound:
    try:
        return visible_rounds(user).select_related("city").get(pk=pk)
    except (FundingRound.DoesNotExist, ValueError):
        raise Http404(_("No such funding round.")) from None


def require(allowed: bool, message: str = "") -> None:
    """Turn a refused action on a visible object into a 403."""
    if not allowed:
        raise PermissionDenied(message or _("You may not do this."))


# Decisions ------------------------------------------------------------------------------


def is_assessor(user, assessment: Assessment) -> bool:
    """A member of the organisation that makes the assessment."""
    return assessment.assessor_id in roles_of(user).assessing_organisations


def is_team_member(user, assessment: Assessment) -> bool:
    return user.is_authenticated and assessment.team.filter(user=user).exists()


def can_change_project(user, project: Project) -> bool:
    """The organisation running it, and the city it is submitted to (which may have
    registered the proposal on the partner's behalf)."""
    roles = roles_of(user)
    return (
        project.organisation_id in roles.assessing_organisations
        or project.city_id in roles.coordinator_of
    )


def can_see_portfolio(user) -> bool:
    """City coordinators and partner members: the organisations that have projects."""
    return bool(roles_of(user).assessing_organisations)


def can_register_projects(user) -> bool:
    """City coordinators and partner members; not the secretariat, nor invited team members."""
    return bool(roles_of(user).assessing_organisations)


def can_start_assessment(user, project: Project, purpose: str) -> bool:
    roles = roles_of(user)
    as_city = project.city_id in roles.coordinator_of
    as_runner = project.organisation_id in roles.assessing_organisations
    if purpose == Assessment.Purpose.PROPOSAL_REVIEW:
        return as_city
    if purpose == Assessment.Purpose.SELF_ASSESSMENT:
        return as_runner and project.organisation_id in roles.member_of
    return as_city or as_runner


def startable_purposes(user, project: Project) -> list[str]:
    return [
        purpose for purpose in Assessment.Purpose.values
        if can_start_assessment(user, project, purpose)
    ]


def assessor_for(user, project: Project, purpose: str) -> Organisation:
    """The organisation on whose behalf this user would make such an assessment."""
    roles = roles_of(user)
    if purpose == Assessment.Purpose.PROPOSAL_REVIEW or (
        purpose == Assessment.Purpose.FINAL_EVALUATION and project.city_id in roles.coordinator_of
    ):
        return project.city
    return project.organisation


def can_answer(user, assessment: Assessment) -> bool:
    """Answer, and submit once all is answered: the assessor's members and the team."""
    if assessment.is_submitted:
        return False
    return is_assessor(user, assessment) or is_team_member(user, assessment)


def can_write_answers(user, assessment: Assessment) -> bool:
    """Write the assessment's answers on its question pages. In group mode they are
    settled after the own answers instead (see can_settle)."""
    return can_answer(user, assessment) and not assessment.answer_individually_first


# Group mode -----------------------------------------------------------------------------


def has_finished(user, assessment: Assessment) -> bool:
    return MemberFinish.objects.filter(assessment=assessment, member=user).exists()


def can_answer_individually(user, assessment: Assessment) -> bool:
    """Until they finish, or the owner opens the own answers to the team."""
    return (
        assessment.answer_individually_first and not assessment.round_is_open
        and can_answer(user, assessment) and not has_finished(user, assessment)
    )


def can_see_individual_answers(user, assessment: Assessment) -> bool:
    """Who answered what, alone: for those who make the assessment, once they have given
    their own or the owner has opened them to the team."""
    return (
        assessment.answer_individually_first and can_see_people(user, assessment)
        and (assessment.round_is_open or has_finished(user, assessment))
    )


def can_run_group(user, assessment: Assessment) -> bool:
    """Open the own answers to the team, choose who settles: the owner."""
    return (
        assessment.answer_individually_first and not assessment.is_submitted
        and is_assessor(user, assessment)
    )


def can_settle(user, assessment: Assessment) -> bool:
    """Once the own answers are open to the team: the owner, or the team member chosen."""
    if not (assessment.answer_individually_first and assessment.round_is_open
            and not assessment.is_submitted):
        return False
    chosen = (user.is_authenticated and assessment.settler_id == user.pk
              and is_team_member(user, assessment))
    return is_assessor(user, assessment) or chosen


def can_reopen(user, assessment: Assessment) -> bool:
    return assessment.is_submitted and is_assessor(user, assessment)


def can_share(user, assessment: Assessment) -> bool:
    """Sharing goes to the other side of the project, so there must be one."""
    other_side = assessment.project.city_id != assessment.project.organisation_id
    return other_side and is_assessor(user, assessment)


def can_see_people(user, assessment: Assessment) -> bool:
    """Who answered, who changed what, who is in the team: for those who make the
    assessment. The other side of a shared assessment reads its answers and results, and
    the names of organisations, never the names of people."""
    return is_assessor(user, assessment) or is_team_member(user, assessment)


def can_invite_to_team(user, assessment: Assessment) -> bool:
    return not assessment.is_submitted and is_assessor(user, assessment)


def can_manage_members(user, organisation: Organisation) -> bool:
    """Members invite and remove their own colleagues. A coordinator brings in a partner's
    first member when adding the partner, never later: a city does not join its partners."""
    return organisation.pk in roles_of(user).assessing_organisations


def can_add_partners(user, city: Organisation) -> bool:
    return city.pk in roles_of(user).coordinator_of


def inviter_still_may_invite(invitation) -> bool:
    """An invitation is honoured only while its sender may still invite to that place: a
    member removed since, or a coordinator whose partner has its first member already,
    cannot bring anyone in any more."""
    inviter = invitation.invited_by
    if inviter is None or not inviter.is_active:
        return False
    if inviter.is_superuser:
        return True
    if invitation.assessment_id:
        return can_invite_to_team(inviter, invitation.assessment)
    organisation = invitation.organisation
    if can_manage_members(inviter, organisation):
        return True
    return (
        organisation.kind == Organisation.Kind.PARTNER
        and not organisation.memberships.exists()
        and organisation.cities.filter(pk__in=roles_of(inviter).coordinator_of).exists()
    )


def can_manage_rounds(user, city: Organisation) -> bool:
    return city.pk in roles_of(user).coordinator_of


def can_decide(user, project: Project) -> bool:
    """The decision on a proposal is the city's, taken by its coordinators."""
    return project.city_id in roles_of(user).coordinator_of


def can_manage_score_bands(user, city: Organisation) -> bool:
    return city.pk in roles_of(user).coordinator_of


def can_curate(user) -> bool:
    return roles_of(user).curator


def curator_required(view):
    """Log in, then be a curator, or 403."""
    @login_required
    @wraps(view)
    def curator_view(request, *args, **kwargs):
        require(
            can_curate(request.user), _("Only library curators of the secretariat may do this.")
        )
        return view(request, *args, **kwargs)
    return curator_view


def can_read_network_figures(user) -> bool:
    roles = roles_of(user)
    return roles.curator or roles.analyst


# The administration ------------------------------------------------------------------

CURATORS_GROUP = "Library curators"
# What curators may edit in the admin: the library, the glossary and draft checklists.
CURATOR_MODELS = {
    "feedback_library": ["feedbackentry", "goodpractice"],
    "assessments": ["glossaryterm", "checklistversion", "pillar", "indicator", "question",
                    "criterion", "topicarea"],
}


def curators_group(**signal_kwargs) -> Group:
    """The curators' group with its permissions; kept up to date after each migrate."""
    group, _created = Group.objects.get_or_create(name=CURATORS_GROUP)
    query = Q()
    for app_label, models in CURATOR_MODELS.items():
        query |= Q(content_type__app_label=app_label, content_type__model__in=models)
    group.permissions.set(Permission.objects.filter(query))
    return group


def sync_secretariat_access(user) -> None:
    """Staff status and the curators' group follow a user's curator membership, so that
    removing the membership also closes the admin."""
    is_curator = Membership.objects.filter(user=user, role=Role.CURATOR).exists()
    group = Group.objects.filter(name=CURATORS_GROUP).first() or curators_group()
    if is_curator:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if not user.is_superuser and user.is_staff != is_curator:
        user.is_staff = is_curator
        user.save(update_fields=["is_staff"])

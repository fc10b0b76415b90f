"""Every route of the project, called as every persona, answers what the access rules say.

Routes are read from the URL resolver, so a view added without an entry here fails
`test_every_route_is_in_the_matrix`. Objects belong to "our" city and partner (see the
`world` fixture); `other_coordinator` is the foreign city, for whom our objects must not
even exist (404).
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from reversion import create_revision
from reversion.models import Version

from assessments import group, invitations, quick_checks, report_requests, services
from assessments.models import (
    Action,
    ApiToken,
    FundingRound,
    Question,
    RenderedReport,
    ScoreBand,
)
from feedback_library.models import GoodPractice
from tests.factories import AssessmentFactory, answer_all, answer_alone, in_group_mode
from tests.html import count_tags

PERSONAS = [
    "anonymous", "coordinator", "partner_member", "team_member", "curator", "analyst",
    "other_coordinator",
]
LOGIN = "redirect to login"


@pytest.fixture
def world(shared_world):
    """Some 500 cases start from the same world: built once for the module, each case
    in a savepoint of its own."""
    return shared_world

# A PDF asked for: being prepared by a worker once the request's transaction commits.
PREPARING = 202


@dataclass
class Route:
    kwargs: object = None  # world -> reverse() kwargs
    method: str = "get"
    data: object = field(default_factory=dict)  # a dict, or world -> dict
    expect: dict = field(default_factory=dict)  # persona -> status; missing -> `default`
    default: int = 404


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def logged_in(status, **overrides):
    return {**everyone(status), "anonymous": LOGIN, **overrides}


def answered_question(world):
    question = Question.objects.get(indicator__pillar__version=world.review.version, code="D1.1")
    services.save_answer(
        assessment=world.review, question=question, value="no", comment="", criteria=[],
        user=world.coordinator, seen_revision=None,
    )
    return {"pk": world.review.pk, "code": "D1.1"}


def invitation_token(world):
    token = "matrix-test-token"
    invitation = invitations.Invitation(
        organisation=world.city, role="coordinator", email="new@example.org",
        invited_by=world.coordinator,
    )
    invitation.token_hash = invitations.Invitation.hash_token(token)
    invitation.expires_at = world.review.created_at.replace(year=2999)
    invitation.save()
    return {"token": token}


def review(world):
    return {"pk": world.review.pk}


def coordinators_render(world):
    """The name by which the coordinator follows the review's report being prepared."""
    requester = f"user:{world.coordinator.pk}"
    report = RenderedReport.objects.create(
        key="matrix-review", kind=RenderedReport.Kind.ASSESSMENT, filename="review.pdf",
        spec={"assessment": world.review.pk}, requested_by=requester,
    )
    return {"token": report_requests.state_token(report, requester=requester)}


def two_reviews(world):
    """The city's review and a second one of its own: all the city's coordinator sees, and
    more than its team member (invited to the first only) does."""
    second = AssessmentFactory(project=world.project, assessor=world.city)
    return {"a": [world.review.pk, second.pk]}


def project(world):
    return {"pk": world.project.pk}


def planned_action(world):
    kwargs = answered_question(world)
    action = Action.objects.create(
        assessment=world.review, question=world.review.answers.get().question,
        what="Name the groups", who="the coordinator",
    )
    return {"pk": kwargs["pk"], "action_pk": action.pk}


def city(world):
    return {"pk": world.city.pk}


def coordinators_token(world):
    return {"pk": ApiToken.issue(user=world.coordinator, name="Dashboard")[0].pk}


def funding_round(world):
    opens = world.review.created_at.date()
    return {"pk": FundingRound.objects.create(
        city=world.city, name="Spring call", opens_on=opens, closes_on=opens
    ).pk}


def group_review(world):
    """The city's review answered individually first, still alone: the coordinator has
    given all their own answers and finished; the invited team member has begun."""
    in_group_mode(world.review)
    answer_alone(world.review, world.coordinator, ["yes", "no"])
    group.finish(assessment=world.review, member=world.coordinator)
    answer_alone(world.review, world.team_member, ["partially"], skip=["D1.2", "E2.1"])
    return {"pk": world.review.pk}


def group_question(code):
    def kwargs(world):
        return {**group_review(world), "code": code}
    return kwargs


def settling_review(world):
    """The same review once the coordinator has opened the own answers to the team and
    chosen the team member to settle with them."""
    group_review(world)
    group.open_round(world.review, user=world.coordinator)
    group.set_options(world.review, settler=world.team_member, spread_in_report=True)
    return {"pk": world.review.pk}


def quick_check(world):
    """The token of a quick check's private link."""
    return {"token": quick_checks.start(address="192.0.2.1")[1]}


def quick_check_question(world):
    assessment, token = quick_checks.start(address="192.0.2.1")
    question = Question.objects.get(indicator__pillar__version=assessment.version, code="D1.1")
    services.save_answer(
        assessment=assessment, question=question, value="no", comment="", criteria=[],
        user=None, seen_revision=None,
    )
    return {"token": token, "code": "D1.1"}


# Our city's review: its coordinator and the invited team member work on it.
ON_REVIEW = {"anonymous": LOGIN, "coordinator": 200, "team_member": 200}
ACTION_ON_REVIEW = {"anonymous": LOGIN, "coordinator": 302, "team_member": 302}
CITY_ONLY = {"anonymous": LOGIN, "coordinator": 200}
CITY_ACTION = {"anonymous": LOGIN, "coordinator": 302}

# The library's curation: secretariat curators only; network figures for analysts too.
CURATORS = {**logged_in(403), "curator": 200}
CURATOR_ACTION = {**logged_in(403), "curator": 302}


def practice(world):
    return {"kind": "practices",
            "pk": GoodPractice.objects.get(slug="barcelona-anti-rumour-strategy").pk}


def practice_revision(world):
    entry = GoodPractice.objects.get(slug="barcelona-anti-rumour-strategy")
    with create_revision():
        entry.save()
    return {**practice(world), "revision_pk": Version.objects.get_for_object(entry).first().pk}


CURATION = {
    "curation-home": Route(expect=CURATORS),
    "curation-new": Route(kwargs=lambda w: {"kind": "feedback"}, expect=CURATORS),
    "curation-edit": Route(kwargs=practice, expect=CURATORS),
    "curation-move": Route(kwargs=practice, method="post", data={"action": "archive"},
                           expect=CURATOR_ACTION),
    "curation-history": Route(kwargs=practice, expect=CURATORS),
    "curation-restore": Route(kwargs=practice_revision, method="post", expect=CURATOR_ACTION),
    "curation-preview": Route(method="post", data={"text": "*hi*"}, expect=CURATORS),
    "curation-import": Route(expect=CURATORS),
    "curation-export": Route(kwargs=lambda w: {"kind": "practices", "file_format": "csv"},
                             expect=CURATORS),
    "coverage": Route(expect={**logged_in(403), "curator": 200, "analyst": 200}),
    "network-figures": Route(expect={**logged_in(403), "curator": 200, "analyst": 200}),
}


MATRIX = {
    **CURATION,
    # Public pages.
    "home": Route(expect=everyone(200)),
    "healthz": Route(expect=everyone(200)),
    "favicon": Route(expect=everyone(301)),
    "guide": Route(expect=everyone(200)),
    "glossary": Route(expect=everyone(200)),
    "guide-pillar": Route(kwargs=lambda w: {"slug": "equality"}, expect=everyone(200)),
    "guide-changes": Route(kwargs=lambda w: {"label": "2021.2"}, expect=everyone(200)),
    "library": Route(expect=everyone(200)),
    "practice-detail": Route(
        kwargs=lambda w: {"slug": "barcelona-anti-rumour-strategy"}, expect=everyone(200)
    ),
    "blank-checklist": Route(kwargs=lambda w: {"label": "2021.1"}, expect=everyone(PREPARING)),
    "set_language": Route(method="post", data={"language": "fr"}, expect=everyone(302)),
    "accept-invitation": Route(kwargs=invitation_token, expect=everyone(200)),
    # Accounts.
    "login": Route(expect=everyone(200)),
    "logout": Route(method="post", expect=everyone(302)),
    "password_change": Route(expect=logged_in(200)),
    "password_change_done": Route(expect=logged_in(200)),
    "password_reset": Route(expect=everyone(200)),
    "password_reset_done": Route(expect=everyone(200)),
    "password_reset_confirm": Route(
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}, expect=everyone(200)
    ),
    "password_reset_complete": Route(expect=everyone(200)),
    # Each sees the portfolio of their own projects (the other city: its own, none of ours);
    # those without projects have none.
    "portfolio": Route(expect=logged_in(200, team_member=403, curator=403, analyst=403)),
    # Projects: the partner runs it, the city it is submitted to sees it; nobody else.
    "project-create": Route(expect=logged_in(
        200, team_member=403, curator=403, analyst=403
    )),
    "project-detail": Route(kwargs=project, expect={
        "anonymous": LOGIN, "coordinator": 200, "partner_member": 200,
    }),
    "project-edit": Route(kwargs=project, expect={
        "anonymous": LOGIN, "coordinator": 200, "partner_member": 200,
    }),
    "assessment-start": Route(
        kwargs=project, method="post", data={"purpose": "proposal_review"},
        expect={"anonymous": LOGIN, "coordinator": 302, "partner_member": 302},
    ),
    # The city's review, not shared: the partner may not know it exists yet.
    "assessment-overview": Route(kwargs=review, expect=ON_REVIEW),
    "assessment-resume": Route(kwargs=review, expect=ACTION_ON_REVIEW),
    "assessment-question": Route(
        kwargs=lambda w: {"pk": w.review.pk, "code": "E2.1"}, expect=ON_REVIEW
    ),
    "assessment-feedback": Route(kwargs=answered_question, expect=ON_REVIEW),
    "answer-history": Route(kwargs=answered_question, expect=ON_REVIEW),
    "assessment-submit": Route(kwargs=review, method="post", expect=ACTION_ON_REVIEW),
    "assessment-reopen": Route(
        kwargs=review, method="post", data={"reason": "x"},
        expect={"anonymous": LOGIN, "coordinator": 403, "team_member": 403},
    ),
    "assessment-share": Route(
        kwargs=review, method="post", data={"share": "1"},
        expect={"anonymous": LOGIN, "coordinator": 302, "team_member": 403},
    ),
    "assessment-team": Route(kwargs=review, expect=ON_REVIEW),
    "team-member-remove": Route(
        kwargs=lambda w: {"pk": w.review.pk, "member_pk": w.review.team.get().pk},
        method="post", expect={"anonymous": LOGIN, "coordinator": 302, "team_member": 403},
    ),
    # Group mode, while people answer alone: each gives and reads their own answers; one
    # who has finished (the coordinator) sees the others', one who has not (the team
    # member) is refused them. Only the owner opens the round and chooses who settles.
    "group-own-answer": Route(kwargs=group_question("E2.1"), expect=ON_REVIEW),
    "group-finish": Route(kwargs=group_review, method="post", expect={
        "anonymous": LOGIN, "coordinator": 403, "team_member": 302,
    }),
    "group-spread": Route(kwargs=group_review, expect={
        "anonymous": LOGIN, "coordinator": 200, "team_member": 403,
    }),
    "group-settle": Route(kwargs=group_question("D1.1"), expect={
        "anonymous": LOGIN, "coordinator": 200, "team_member": 403,
    }),
    "group-open": Route(kwargs=group_review, method="post", expect={
        "anonymous": LOGIN, "coordinator": 302, "team_member": 403,
    }),
    "group-options": Route(kwargs=group_review, method="post", data={"spread_in_report": "on"},
                           expect={"anonymous": LOGIN, "coordinator": 302, "team_member": 403}),
    # Once opened, the owner and the team member chosen settle.
    "group-settle-agreed": Route(kwargs=settling_review, method="post",
                                 expect=ACTION_ON_REVIEW),
    "assessment-results": Route(kwargs=review, expect=ON_REVIEW),
    # The action plan: its owners keep it (the other side reads it once shared).
    "action-plan": Route(kwargs=review, expect=ON_REVIEW),
    "action-new": Route(kwargs=answered_question, expect=ON_REVIEW),
    "action-edit": Route(kwargs=planned_action, expect=ON_REVIEW),
    "action-delete": Route(kwargs=planned_action, method="post", expect=ACTION_ON_REVIEW),
    # Nothing shared yet: neither side has both readings (see the two-perspectives test).
    "project-perspectives": Route(kwargs=project, expect={"anonymous": LOGIN}),
    "assessment-report": Route(kwargs=review, expect={**ON_REVIEW, "coordinator": PREPARING,
                                                      "team_member": PREPARING}),
    # Comparing: each assessment named in the address must be visible, or 404.
    "compare": Route(data=two_reviews, expect=CITY_ONLY),
    "assessment-export": Route(kwargs=lambda w: {"pk": w.review.pk, "file_format": "json"},
                               expect=ON_REVIEW),
    "portfolio-export": Route(kwargs=lambda w: {"file_format": "csv"}, expect=logged_in(
        200, team_member=403, curator=403, analyst=403,
    )),
    # Only whoever asked for the report follows its render.
    "report-state": Route(kwargs=coordinators_render, expect={"coordinator": 200}),
    "compare-report": Route(data=two_reviews, expect={**CITY_ONLY, "coordinator": PREPARING}),
    # A person's own choices.
    "feedback-timing": Route(
        method="post", data={"feedback_timing": "at_the_end"}, expect=logged_in(302)
    ),
    # A person's own page, and their keys to the API.
    "profile": Route(expect=logged_in(200)),
    "api-token-create": Route(method="post", data={"name": "Dashboard"},
                              expect=logged_in(201)),
    "api-token-revoke": Route(kwargs=coordinators_token, method="post",
                              expect={"anonymous": LOGIN, "coordinator": 302}),
    # The read-only API: the pages' rules, 401 without credentials, public content to all.
    "api-schema": Route(expect=everyone(200)),
    "api-project-list": Route(expect=logged_in(200, anonymous=401)),
    "api-project-detail": Route(kwargs=project, expect={
        "anonymous": 401, "coordinator": 200, "partner_member": 200,
    }),
    "api-assessment-list": Route(expect=logged_in(200, anonymous=401)),
    "api-assessment-detail": Route(kwargs=review, expect={
        "anonymous": 401, "coordinator": 200, "team_member": 200,
    }),
    "api-checklist-list": Route(expect=everyone(200)),
    "api-checklist-detail": Route(kwargs=lambda w: {"label": "2021.2"}, expect=everyone(200)),
    "api-practice-list": Route(expect=everyone(200)),
    "api-practice-detail": Route(
        kwargs=lambda w: {"slug": "barcelona-anti-rumour-strategy"}, expect=everyone(200)
    ),
    "api-feedback-list": Route(expect=everyone(200)),
    "api-feedback-detail": Route(
        kwargs=lambda w: {"slug": "d1-1-no-name-what-diversity-adds"}, expect=everyone(200)
    ),
    # The city's own pages.
    "organisation-detail": Route(kwargs=city, expect=CITY_ONLY),
    "organisation-invite": Route(
        kwargs=city, method="post", data={"email": "new@example.org"}, expect=CITY_ACTION
    ),
    "membership-remove": Route(
        kwargs=lambda w: {"pk": w.city.pk,
                          "membership_pk": w.colleague.memberships.get().pk},
        method="post", expect=CITY_ACTION,
    ),
    "partner-create": Route(kwargs=city, expect=CITY_ONLY),
    "score-bands": Route(kwargs=city, expect=CITY_ONLY),
    "funding-rounds": Route(kwargs=city, expect=CITY_ONLY),
    "funding-round-edit": Route(kwargs=funding_round, expect=CITY_ONLY),
    # The decision on a proposal is the city's; the partner reads it on the project's page.
    "project-decision": Route(kwargs=project, expect={
        "anonymous": LOGIN, "coordinator": 200, "partner_member": 403,
    }),
    # A quick check: anyone may start one; whoever holds its link opens it, signed in
    # or not, and nobody else (see test_a_quick_check_opens_to_its_link_alone).
    "quick-check-start": Route(expect=everyone(200)),
    "quick-check": Route(kwargs=quick_check, expect=everyone(200)),
    "quick-check-resume": Route(kwargs=quick_check, expect=everyone(302)),
    "quick-check-question": Route(kwargs=quick_check_question, expect=everyone(200)),
    "quick-check-feedback": Route(kwargs=quick_check_question, expect=everyone(200)),
    "quick-check-results": Route(kwargs=quick_check, expect=everyone(200)),
    "quick-check-report": Route(kwargs=quick_check, expect=everyone(PREPARING)),
    "quick-check-delete": Route(kwargs=quick_check, method="post", data={"confirm": "on"},
                                expect=everyone(302)),
    "score-band-delete": Route(
        kwargs=lambda w: {
            "pk": w.city.pk,
            "band_pk": ScoreBand.objects.create(city=w.city, label="Good", min_percentage=60).pk,
        },
        method="post", expect=CITY_ACTION,
    ),
}


def _route_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            # The admin's own unnamed patterns redirect to named ones; ours all have names.
            assert pattern.name or namespace == "admin", f"unnamed route {pattern.pattern}"
            if pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name


ALL_ROUTES = sorted(set(_route_names(get_resolver().url_patterns)))
SITE_ROUTES = [name for name in ALL_ROUTES if not name.startswith("admin:")]
ADMIN_ROUTES = [name for name in ALL_ROUTES if name.startswith("admin:")]


def test_every_route_is_in_the_matrix():
    assert set(SITE_ROUTES) == set(MATRIX), (
        "routes without an entry in the permission matrix, or entries without a route"
    )


def _as_each_persona(client, world, request):
    """`request(persona)` made by each persona in turn, each in a savepoint rolled back
    after it, so that one persona's action never changes what the next one meets. The
    world is built once per route rather than once per persona: the matrix stays quick."""
    for persona in PERSONAS:
        client.logout()
        with transaction.atomic():
            if persona != "anonymous":
                client.force_login(getattr(world, persona))
            yield persona, request(persona)
            transaction.set_rollback(True)


def _status(response) -> object:
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_route_answers_each_persona_as_the_rules_say(client, world, report_html, name):
    route = MATRIX[name]
    url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else None)
    data = route.data(world) if callable(route.data) else route.data

    wrong = []
    for persona, response in _as_each_persona(
        client, world, lambda persona: getattr(client, route.method)(url, data)
    ):
        expected = route.expect.get(persona, route.default)
        if _status(response) != expected:
            wrong.append(f"{route.method.upper()} {url} as {persona}: "
                         f"{_status(response)}, not {expected}")
        elif (response.status_code == 200 and b"<html" in response.content
              and count_tags(response.content, "h1") != 1):
            wrong.append(f"{url} as {persona} needs exactly one <h1>")

    assert wrong == []


# Read from the resolver too: every route a quick check's link opens.
QUICK_CHECK_ROUTES = [name for name in SITE_ROUTES
                      if name.startswith("quick-check") and name != "quick-check-start"]


@pytest.mark.parametrize("name", QUICK_CHECK_ROUTES)
def test_a_quick_check_opens_to_its_link_alone(client, world, report_html, name):
    """The holder of the link meets the matrix above; a token one character off, as every
    persona (curators and analysts included), finds nothing."""
    route = MATRIX[name]
    kwargs = route.kwargs(world)
    wrong = {**kwargs, "token": kwargs["token"][:-1] + ("B" if kwargs["token"][-1] == "A" else "A")}
    url = reverse(name, kwargs=wrong)

    statuses = {
        persona: _status(response) for persona, response in _as_each_persona(
            client, world, lambda persona: getattr(client, route.method)(url, route.data)
        )
    }

    assert statuses == everyone(404)


ADMIN_PUBLIC = {"admin:login": 200, "admin:logout": 302}


def _admin_url(name):
    """The route reversed with placeholder arguments: any value reaches its access check."""
    for arguments in [{}, {"object_id": "1"}, {"app_label": "assessments"},
                      {"content_type_id": 1, "object_id": "1"}, {"url": "x"}, {"id": "1"}]:
        try:
            return reverse(name, kwargs=arguments)
        except NoReverseMatch:
            continue
    for arguments in (["1"], ["1", "1"]):
        try:
            return reverse(name, args=arguments)
        except NoReverseMatch:
            continue
    raise AssertionError(f"no placeholder arguments reverse {name}")


@pytest.mark.parametrize("persona", ["anonymous", "coordinator", "partner_member", "analyst"])
@pytest.mark.parametrize("name", ADMIN_ROUTES)
def test_only_secretariat_staff_reach_the_admin(client, world, name, persona):
    url = _admin_url(name)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))

    response = client.get(url)

    if name in ADMIN_PUBLIC:
        assert response.status_code == ADMIN_PUBLIC[name]
    else:
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login"))


CURATED_MODELS = [
    "feedback_library_feedbackentry", "feedback_library_goodpractice",
    "assessments_topicarea", "assessments_glossaryterm", "assessments_checklistversion",
    "assessments_pillar", "assessments_indicator", "assessments_question",
]
SECRETARIAT_ADMINISTRATION = ["assessments_organisation", "assessments_invitation",
                              "auth_user", "auth_group"]


@pytest.mark.parametrize("model", CURATED_MODELS)
def test_a_curator_edits_the_library_and_the_checklist_in_the_admin(client, world, model):
    client.force_login(world.curator)

    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", SECRETARIAT_ADMINISTRATION)
def test_a_curator_does_not_see_organisations_or_accounts(client, world, model):
    client.force_login(world.curator)

    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 403


def test_no_admin_page_shows_assessments_or_answers():
    registered = {name.split(":")[1].rsplit("_", 1)[0] for name in ADMIN_ROUTES}

    assert not {"assessments_assessment", "assessments_answer", "assessments_project",
                "assessments_answerchange", "assessments_teammember"} & registered


# The same assessment routes in two more states: a review submitted and released to the
# partner, and the partner's self-assessment submitted and shared with the city. In each,
# one side made it (with, for the review, an invited team member) and the other side reads.

def released_review(world):
    answer_all(world.review, ["yes", "no"], user=world.coordinator)
    services.submit(world.review, user=world.coordinator)
    services.set_shared(world.review, shared=True, user=world.coordinator)
    return world.review, {"assessor": "coordinator", "team": "team_member",
                          "other_side": "partner_member"}


def shared_self_assessment(world):
    answer_all(world.self_assessment, ["partially"], user=world.partner_member)
    services.submit(world.self_assessment, user=world.partner_member)
    services.set_shared(world.self_assessment, shared=True, user=world.partner_member)
    return world.self_assessment, {"assessor": "partner_member", "other_side": "coordinator"}


READ = {"assessor": 200, "team": 200, "other_side": 200}
# A submitted assessment is read-only: answering and submitting are refused to all who see it.
READ_ONLY_ACTION = {"assessor": 403, "team": 403, "other_side": 403}
ASSESSOR_ACTION = {"assessor": 302, "team": 403, "other_side": 403}
SUBMITTED_ROUTES = {
    "assessment-overview": ("get", {}, READ),
    "assessment-resume": ("get", {}, {"assessor": 302, "team": 302, "other_side": 302}),
    "assessment-question": ("get", {}, READ),
    "assessment-feedback": ("get", {}, READ),
    "answer-history": ("get", {}, READ),
    "assessment-results": ("get", {}, READ),
    "assessment-report": ("get", {}, dict.fromkeys(READ, PREPARING)),
    "assessment-submit": ("post", {}, READ_ONLY_ACTION),
    "assessment-reopen": ("post", {"reason": "A late document"}, ASSESSOR_ACTION),
    "assessment-share": ("post", {"share": "0"}, ASSESSOR_ACTION),
    "assessment-team": ("get", {}, {"assessor": 200, "team": 200, "other_side": 403}),
    "action-plan": ("get", {}, READ),
    "action-new": ("get", {}, {"assessor": 200, "team": 200, "other_side": 403}),
}
QUESTION_ROUTES = {"assessment-question", "assessment-feedback", "answer-history", "action-new"}


@pytest.mark.parametrize("state", [released_review, shared_self_assessment])
@pytest.mark.parametrize("name", sorted(SUBMITTED_ROUTES))
def test_submitted_and_shared_assessments_answer_each_side_as_the_rules_say(
    client, world, report_html, name, state
):
    assessment, sides = state(world)
    method, data, by_side = SUBMITTED_ROUTES[name]
    # D1.2 is answered "no" in the review and "partially" in the self-assessment.
    args = [assessment.pk, "D1.2"] if name in QUESTION_ROUTES else [assessment.pk]
    url = reverse(name, args=args)
    side_of = {who: side for side, who in sides.items()}

    wrong = []
    for persona, response in _as_each_persona(
        client, world, lambda persona: getattr(client, method)(url, data)
    ):
        expected = LOGIN if persona == "anonymous" else by_side.get(side_of.get(persona), 404)
        if _status(response) != expected:
            wrong.append(f"{method.upper()} {url} as {persona}: "
                         f"{_status(response)}, not {expected}")

    assert wrong == []


def test_answering_a_submitted_assessment_is_refused_to_everyone_who_sees_it(client, world):
    assessment, sides = released_review(world)
    url = reverse("assessment-question", args=[assessment.pk, "D1.1"])

    for persona in sides.values():
        client.force_login(getattr(world, persona))
        assert client.post(url, {"value": "no"}).status_code == 403, persona


@pytest.mark.parametrize("method", ["get", "post"])
def test_both_sides_and_no_one_else_open_the_two_perspectives_once_both_are_shared(
    client, world, method
):
    released_review(world)
    shared_self_assessment(world)
    url = reverse("project-perspectives", args=[world.project.pk])
    on_both_sides = 302 if method == "post" else 200
    expect = {"anonymous": LOGIN, "coordinator": on_both_sides,
              "partner_member": on_both_sides}

    wrong = []
    for persona, response in _as_each_persona(
        client, world,
        lambda persona: getattr(client, method)(url, {"code": "D1.2", "text": "Why?"}),
    ):
        if _status(response) != expect.get(persona, 404):
            wrong.append(f"{method.upper()} as {persona}: {_status(response)}")

    assert wrong == []


# Group mode's routes once the own answers are open to the team and the review is released
# to the partner: the partner reads the review, never who answered what.

def released_group_review(world):
    settling_review(world)
    services.set_shared(world.review, shared=True, user=world.coordinator)
    return world.review


OPEN = {"coordinator": 200, "team_member": 200, "partner_member": 403}
OWNER_ONLY = {"coordinator": 302, "team_member": 403, "partner_member": 403}
GROUP_ROUTES = {
    "group-spread": ("get", [], {}, OPEN),
    "group-own-answer": ("get", ["E2.1"], {}, OPEN),
    "group-settle": ("get", ["D1.2"], {}, OPEN),
    # The team member chosen settles like the owner.
    "group-settle-agreed": ("post", [], {}, {**OWNER_ONLY, "team_member": 302}),
    # Nobody answers alone any more: own answers, and finishing, are refused to all.
    "group-finish": ("post", [], {}, dict.fromkeys(OPEN, 403)),
    "group-open": ("post", [], {}, OWNER_ONLY),
    "group-options": ("post", [], {"spread_in_report": "on"}, OWNER_ONLY),
}


@pytest.mark.parametrize("name", sorted(GROUP_ROUTES))
def test_an_opened_group_review_answers_each_persona_as_the_rules_say(
    client, world, report_html, name
):
    assessment = released_group_review(world)
    method, extra_args, data, expect = GROUP_ROUTES[name]
    url = reverse(name, args=[assessment.pk, *extra_args])

    wrong = []
    for persona, response in _as_each_persona(
        client, world, lambda persona: getattr(client, method)(url, data)
    ):
        expected = LOGIN if persona == "anonymous" else expect.get(persona, 404)
        if _status(response) != expected:
            wrong.append(f"{method.upper()} {url} as {persona}: "
                         f"{_status(response)}, not {expected}")

    assert wrong == []


def test_an_own_answer_posted_after_the_round_opened_is_refused(client, world):
    released_group_review(world)
    client.force_login(world.team_member)

    response = client.post(reverse("group-own-answer", args=[world.review.pk, "D1.2"]),
                           {"value": "no"})

    assert response.status_code == 403

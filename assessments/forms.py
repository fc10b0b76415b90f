from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from checklist_site.languages import ContentChoiceField, labelled

from . import comparison, permissions, preferences, scoring
from .models import (
    Action,
    AnswerValue,
    Assessment,
    Criterion,
    Decision,
    FeedbackTiming,
    FundingRound,
    Organisation,
    Outcome,
    PerspectiveNote,
    PopulationBand,
    Project,
    ScoreBand,
    TopicArea,
)


def _helper(submit_label) -> FormHelper:
    """The layout of forms rendered whole with {% crispy %}: fields, then one button."""
    helper = FormHelper()
    helper.add_input(Submit("save", submit_label))
    return helper


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title", "summary", "topic_areas", "target_groups", "organisation", "city",
            "funding_round", "starts_on", "ends_on",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "topic_areas": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "topic_areas": _("Among the good practices for a question, those from the same "
                              "topic areas come first."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic_areas"].queryset = TopicArea.objects.all()
        self.fields["topic_areas"].label_from_instance = labelled("name")
        # Proposals are attached to a round by the city that opened it.
        rounds = permissions.visible_rounds(user)
        if self.instance.pk:
            rounds = rounds.filter(city=self.instance.city_id)
        if rounds.exists():
            self.fields["funding_round"].queryset = rounds
        else:
            del self.fields["funding_round"]
        if self.instance.pk:
            # Who runs a project and which city it goes to are fixed once registered:
            # moving it would hand its shared assessments to someone else.
            del self.fields["organisation"], self.fields["city"]
        else:
            # Its own organisations, or for a coordinator, the partners of the city.
            self._offer("organisation", permissions.visible_organisations(user))
            self._offer("city", permissions.cities_for_new_projects(user))
        self.helper = _helper(_("Save the project"))

    def _offer(self, name, choices) -> None:
        """Offer `choices`; when there is only one, it is already chosen."""
        field = self.fields[name]
        field.queryset = choices
        only = list(choices[:2])
        if len(only) == 1:
            field.initial = only[0].pk
            field.empty_label = None

    def clean(self):
        cleaned = super().clean()
        organisation, city = cleaned.get("organisation"), cleaned.get("city")
        if organisation and city:
            if organisation.is_city and organisation != city:
                self.add_error("city", _("A city's own project is submitted to that city."))
            elif not organisation.is_city and not organisation.cities.filter(pk=city.pk).exists():
                self.add_error(
                    "city", _("%(organisation)s does not work with %(city)s.")
                    % {"organisation": organisation, "city": city},
                )
        funding_round = cleaned.get("funding_round")
        city = self.instance.city if self.instance.pk else city
        if funding_round and city and funding_round.city_id != city.pk:
            self.add_error(
                "funding_round", _("This round belongs to %(round_city)s, not to %(city)s.")
                % {"round_city": funding_round.city, "city": city},
            )
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The project cannot end before it starts."))
        return cleaned


class StartAssessmentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), widget=forms.RadioSelect, choices=Assessment.Purpose.choices
    )
    baseline = forms.ModelChoiceField(
        label=_("For a final evaluation: compare with"), queryset=Assessment.objects.none(),
        required=False, empty_label=_("No earlier assessment"),
        help_text=_("The proposal review or self-assessment made at the start. The final "
                    "evaluation's results then show what improved, fell back or stayed. "
                    "Not used for other purposes."),
    )
    answer_individually_first = forms.BooleanField(
        label=_("Team members answer individually first"), required=False,
        help_text=_("Each person answers alone, without seeing the others' answers until "
                    "they have finished or you open them to the team. You then see where "
                    "they agree and differ, and settle one answer per question together."),
    )

    def __init__(self, *args, purposes, baselines=None, side=None, **kwargs):
        """`baselines`: the assessments the user may choose from (see
        comparison.baseline_candidates); `side`: the organisation the user would make a
        final evaluation for, whose latest submitted assessment is offered first."""
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [
            choice for choice in Assessment.Purpose.choices if choice[0] in purposes
        ]
        if len(purposes) == 1:
            self.fields["purpose"].initial = next(iter(purposes))
        if baselines is None or Assessment.Purpose.FINAL_EVALUATION not in purposes:
            del self.fields["baseline"]
            return
        field = self.fields["baseline"]
        field.queryset = baselines
        field.label_from_instance = _baseline_label
        if not self.is_bound:
            # A posted form keeps the field whatever it offers, so that any baseline sent
            # is checked against what the user may choose.
            offered = list(baselines)
            if not offered:
                del self.fields["baseline"]
                return
            field.initial = _preselected_baseline(offered, side)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("purpose") != Assessment.Purpose.FINAL_EVALUATION:
            cleaned["baseline"] = None
        return cleaned


def _baseline_label(assessment: Assessment) -> str:
    when = date_format(localtime(assessment.submitted_at or assessment.created_at), "DATE_FORMAT")
    return " · ".join(
        [assessment.get_purpose_display(), assessment.assessor.name,
         assessment.get_status_display(), when]
    )


def _preselected_baseline(offered: list[Assessment], side) -> int | None:
    """The only one offered, or else the latest submitted one of the user's own side."""
    if len(offered) == 1:
        return offered[0].pk
    own = [a for a in offered if a.is_submitted and side is not None and a.assessor_id == side.pk]
    return max(own, key=lambda a: a.submitted_at).pk if own else None


class AssessmentIdsField(forms.Field):
    """Assessment numbers from the address (`?a=1&a=4`), each once, in the order given."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        numbers = []
        for raw in value or []:
            try:
                number = int(raw)
            except (TypeError, ValueError):
                number = 0
            # Beyond the database's integer ids, a number names nothing that exists.
            if not 0 < number < 2**63:
                raise forms.ValidationError(
                    _("“%(value)s” is not the number of an assessment."),
                    params={"value": str(raw)[:20]}, code="invalid",
                )
            numbers.append(number)
        return list(dict.fromkeys(numbers))

    def validate(self, value):
        if len(value) < comparison.MIN_COMPARED:
            raise forms.ValidationError(
                _("Choose at least %(minimum)d different assessments to compare."),
                params={"minimum": comparison.MIN_COMPARED}, code="too_few",
            )
        if len(value) > comparison.MAX_COMPARED:
            raise forms.ValidationError(
                _("Choose at most %(maximum)d assessments to compare; you chose %(count)d."),
                params={"maximum": comparison.MAX_COMPARED, "count": len(value)},
                code="too_many",
            )


class CompareForm(forms.Form):
    a = AssessmentIdsField(label=_("Assessments"), required=False)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    country = CountryField(blank=False).formfield(label=_("Country"))
    email = forms.EmailField(
        label=_("E-mail of its first member"),
        help_text=_("They receive an invitation to join the organisation and can invite "
                    "their colleagues."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add the partner and invite"))


class InvitedUserForm(UserCreationForm):
    """The account created by accepting an invitation; the e-mail comes from the invitation."""

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name"]

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.email = email
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.helper = _helper(_("Create my account and join"))


class LanguageAwarePasswordResetForm(PasswordResetForm):
    """The reset e-mail in the language the person chose, else in the page's."""

    def send_mail(self, subject_template_name, email_template_name, context, *args,
                  **kwargs):
        with translation.override(preferences.email_language(user=context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, *args,
                              **kwargs)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen it?"), max_length=300,
        help_text=_("Kept in the assessment's history."),
    )


class DeleteQuickCheckForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my answers will be gone for good."),
    )


class ScoreBandForm(forms.ModelForm):
    class Meta:
        model = ScoreBand
        fields = ["label", "min_percentage", "min_diversity", "min_equality", "min_interaction"]
        help_texts = {
            "min_diversity": _("Leave 0 for no minimum in this pillar."),
            "min_equality": _("Leave 0 for no minimum in this pillar."),
            "min_interaction": _("Leave 0 for no minimum in this pillar."),
        }

    def __init__(self, *args, city: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.city = city
        self.helper = _helper(_("Add the band"))

    def validate_unique(self):
        # `city` is not a form field, so Django would skip this check: make it explicit.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(
                "min_percentage",
                _("Your city already has a band with these thresholds: change one of them, "
                  "or delete the other band first."),
            )


class AnswerForm(forms.Form):
    """One answer: the criteria met, yes / partially / no, and a comment.

    The ticked criteria suggest the answer (all: yes, some: partially, none: no); the
    person may choose another. If they tick criteria but choose nothing, the suggestion
    is taken, so that a forgotten click never loses the ticks.
    """

    # Choices from the question's criteria, already loaded with the checklist: no query
    # to show or check them.
    criteria = forms.MultipleChoiceField(
        label=_("This is the case if:"), required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    value = forms.ChoiceField(
        label=_("Your answer"), choices=AnswerValue.choices, required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment or evidence (optional)"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you based your answer on, e.g. a page of the proposal."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self._criteria = {str(criterion.pk): criterion for criterion in question.criteria.all()}
        label = labelled("text")
        self.fields["criteria"].choices = [
            (pk, label(criterion)) for pk, criterion in self._criteria.items()
        ]
        self.suggestion_taken = False

    def clean_criteria(self) -> list[Criterion]:
        return [self._criteria[pk] for pk in self.cleaned_data["criteria"]]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("value"):
            ticked = len(cleaned.get("criteria") or [])
            if not ticked:
                raise forms.ValidationError(
                    _("Choose yes, partially or no. Ticking the criteria that are met "
                      "suggests an answer."),
                    code="no_answer",
                )
            cleaned["value"] = scoring.suggested_value(
                ticked=ticked, total=len(self._criteria)
            )
            self.suggestion_taken = True
        return cleaned

    def given(self) -> dict:
        """The answer as the services take it: the value, the comment, the criteria met."""
        return {"value": self.cleaned_data["value"], "comment": self.cleaned_data["comment"],
                "criteria": list(self.cleaned_data["criteria"])}


class SettleForm(AnswerForm):
    """The team's answer to a question, settled after the own answers, with the reason."""

    reason = forms.CharField(
        label=_("Why this answer?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the answer, in its history. Needed where the members' "
                    "answers differ."),
    )

    def __init__(self, *args, reason_needed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_needed = reason_needed

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.reason_needed and not reason:
            raise forms.ValidationError(
                _("Say why the team settled on this answer: the members' answers differ."),
                code="reason_needed",
            )
        return reason


class GroupOptionsForm(forms.Form):
    settler = forms.ModelChoiceField(
        label=_("Who settles the answers with you"), queryset=None, required=False,
        empty_label=_("Nobody else: the owner settles"),
        help_text=_("A member of the team who may settle the answers, as the members of "
                    "your organisation may."),
    )
    spread_in_report = forms.BooleanField(
        label=_("The PDF report sums up how the members answered"), required=False,
        help_text=_("Anonymised, e.g. “3 of 4 said partially”: never who said what."),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settler"].queryset = team
        self.fields["settler"].label_from_instance = (
            lambda user: user.get_full_name() or user.username
        )


class FeedbackTimingForm(forms.Form):
    feedback_timing = forms.ChoiceField(
        label=_("Show the feedback on weak answers"), choices=FeedbackTiming.choices,
        widget=forms.RadioSelect,
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class FundingRoundForm(forms.ModelForm):
    class Meta:
        model = FundingRound
        fields = ["name", "opens_on", "closes_on", "description"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"name": _("Name of the call")}

    def __init__(self, *args, city: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.city = city
        self.helper = _helper(_("Save the round"))

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return cleaned

    def validate_unique(self):
        # `city` is not a form field, so Django would skip this check: make it explicit.
        if FundingRound.objects.filter(
            city=self.instance.city, name=self.cleaned_data.get("name")
        ).exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("Your city already has a round of this name."))


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["outcome", "reason", "conditions_on"]
        widgets = {
            "outcome": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 3}),
            "conditions_on": forms.CheckboxSelectMultiple,
        }
        help_texts = {"reason": _("A short reason, kept with the decision.")}

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions_on"].queryset = questions
        self.fields["conditions_on"].label_from_instance = labelled("text", code=True)
        self.helper = _helper(_("Record the decision"))

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("outcome") == Outcome.FUNDED_WITH_CONDITIONS
                and not cleaned.get("conditions_on")):
            self.add_error(
                "conditions_on", _("Say which questions the conditions are about.")
            )
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"), max_length=80,
        help_text=_("e.g. “our city's dashboard”, to tell your tokens apart."),
    )


class NetworkFiltersForm(forms.Form):
    """Which submitted assessments the network's figures read. Every field is optional."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    population_band = forms.ChoiceField(
        label=_("City size"), required=False,
        choices=[("", _("Any size")), *PopulationBand.choices],
    )
    topic = ContentChoiceField(
        label=_("Topic area"), required=False, queryset=TopicArea.objects.all(),
        to_field_name="slug", empty_label=_("All topic areas"), label_field="name",
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False,
        choices=[("", _("All purposes")), *Assessment.Purpose.choices],
    )
    round_year = forms.TypedChoiceField(label=_("Year of the funding round"), required=False,
                                        coerce=int, empty_value=None)
    submitted_after = forms.DateField(
        label=_("Submitted on or after"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    submitted_before = forms.DateField(
        label=_("Submitted on or before"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, countries, round_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["round_year"].choices = [
            ("", _("Any year")), *((year, str(year)) for year in round_years)
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("show", _("Show the figures")))


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["what", "who", "due", "status"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3}),
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"what": _("Start from the recommendation the answer drew, and make it "
                                "this project's.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the action"))


class PerspectiveNoteForm(forms.ModelForm):
    class Meta:
        model = PerspectiveNote
        fields = ["code", "text"]
        widgets = {"code": forms.HiddenInput, "text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": _("Your note on this question")}

"""Pages for ICC staff who curate the library: edit, review, publish, restore, import."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import permissions
from checklist_site import languages
from checklist_site.markdown import render_markdown
from checklist_site.validators import MARKDOWN_MAX_LENGTH
from feedback_library import curation, kinds, transfer
from feedback_library.forms import ImportForm
from feedback_library.models import Status

# Each kind's list goes by pages: the library grows with every call for examples.
ENTRIES_PER_PAGE = 50


def _kind(slug: str) -> kinds.Kind:
    if slug not in kinds.KINDS:
        raise Http404(_("No such part of the library."))
    return kinds.KINDS[slug]


@permissions.curator_required
def curation_home(request):
    """Every entry, filtered by status and by a translation still missing (`?missing=fr`),
    with the count of each status and of the entries lacking each language."""
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    translation_languages = languages.translation_languages()
    missing = request.GET.get("missing", "")
    if missing not in dict(translation_languages):
        missing = ""
    sections = []
    for kind in kinds.KINDS.values():
        entries = kind.model.objects.select_related(*kind.select_related)
        if kind.has_workflow and status:
            entries = entries.filter(status=status)
        if missing:
            entries = entries.filter(languages.lacking(kind.model, missing))
        counts = (
            dict(kind.model.objects.order_by().values_list("status").annotate(Count("id")))
            if kind.has_workflow else {}
        )
        lacking = kind.model.objects.aggregate(**{
            f"lacking_{index}": Count("pk", filter=languages.lacking(kind.model, code))
            for index, (code, _name) in enumerate(translation_languages)
        })
        page_param = f"{kind.slug}_page"
        sections.append({
            "kind": kind,
            "entries": Paginator(
                entries.order_by(*kind.model._meta.ordering, "pk"), ENTRIES_PER_PAGE
            ).get_page(request.GET.get(page_param)),
            "page_param": page_param,
            "counts": counts,
            "lacking": [(code, name, lacking[f"lacking_{index}"])
                        for index, (code, name) in enumerate(translation_languages)],
        })
    return render(request, "feedback_library/curation/home.html", {
        "sections": sections,
        "status": status,
        "statuses": Status.choices,
        "missing": missing,
        "translation_languages": translation_languages,
    })


@permissions.curator_required
def entry_edit(request, kind, pk=None):
    kind = _kind(kind)
    entry = get_object_or_404(kind.model, pk=pk) if pk else kind.model()
    form = kind.form(request.POST or None, instance=entry)
    previews, conflict = {}, None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            previews = {
                name: render_markdown(form.cleaned_data.get(f"{name}_en", ""))
                for name in form.markdown_fields
            }
        else:
            try:
                entry = curation.record_edit(
                    form, user=request.user,
                    seen_edit_count=form.cleaned_data["seen_edit_count"],
                )
            except curation.EditConflict as clash:
                conflict = clash.current
                # What the curator typed stays, and saving again replaces the colleague's.
                data = request.POST.copy()
                data["seen_edit_count"] = conflict.edit_count
                form = kind.form(data, instance=get_object_or_404(kind.model, pk=pk))
                form.is_valid()
            else:
                messages.success(request, _("Saved."))
                return redirect("curation-edit", kind=kind.slug, pk=entry.pk)
    return render(request, "feedback_library/curation/edit.html", {
        "kind": kind,
        "entry": entry,
        "form": form,
        "previews": previews,
        "conflict": conflict,
        "actions": _actions_for(request.user, entry) if pk and kind.has_workflow else [],
    }, status=409 if conflict else 200)


ACTION_LABELS = {
    "submit": gettext_lazy("Send for review"),
    "send_back": gettext_lazy("Send back to draft"),
    "publish": gettext_lazy("Publish"),
    "archive": gettext_lazy("Archive"),
    "revive": gettext_lazy("Make a draft of it again"),
}


def _actions_for(user, entry) -> list[tuple[str, str, bool]]:
    """(action, label, allowed) for the moves the entry's status offers."""
    actions = []
    for (source, _target), action in curation.TRANSITIONS.items():
        if source == entry.status:
            allowed = action != "publish" or curation.may_publish(user, entry)
            actions.append((action, ACTION_LABELS[action], allowed))
    return actions


@permissions.curator_required
@require_POST
def entry_move(request, kind, pk):
    kind = _kind(kind)
    if not kind.has_workflow:
        raise Http404(_("Glossary terms have no review workflow."))
    entry = get_object_or_404(kind.model, pk=pk)
    try:
        entry = curation.move(entry, request.POST.get("action", ""), user=request.user)
    except curation.CurationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status of the entry: %(status)s.")
                         % {"status": entry.get_status_display()})
    return redirect("curation-edit", kind=kind.slug, pk=pk)


@permissions.curator_required
def entry_history(request, kind, pk):
    kind = _kind(kind)
    entry = get_object_or_404(kind.model, pk=pk)
    return render(request, "feedback_library/curation/history.html", {
        "kind": kind,
        "entry": entry,
        "revisions": curation.history(entry),
    })


@permissions.curator_required
@require_POST
def entry_restore(request, kind, pk, revision_pk):
    entry = get_object_or_404(_kind(kind).model, pk=pk)
    revision = get_object_or_404(curation.revisions(entry), pk=revision_pk)
    curation.restore(entry, revision, user=request.user)
    messages.success(request, _("The revision is restored as a draft."))
    return redirect("curation-edit", kind=kind, pk=pk)


@permissions.curator_required
@require_POST
def markdown_preview(request):
    """The sanitised HTML of a Markdown text, for the live preview of the edit pages."""
    text = request.POST.get("text", "")
    # No field stores a longer text; rendering one would only keep a worker busy.
    if len(text) > MARKDOWN_MAX_LENGTH:
        return HttpResponse(format_html("<p>{}</p>", _(
            "The text is longer than %(limit)d characters, the most a field allows: "
            "shorten it to save it."
        ) % {"limit": MARKDOWN_MAX_LENGTH}), status=400)
    return HttpResponse(render_markdown(text))


@permissions.curator_required
def library_export(request, kind, file_format):
    exported = kinds.KINDS.get(kind)
    if exported is None or not exported.transferable or file_format not in ("csv", "json"):
        raise Http404(_("No such export."))
    if file_format == "csv":
        body, content_type = transfer.export_csv(kind), "text/csv; charset=utf-8"
    else:
        body, content_type = transfer.export_json(kind), "application/json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="library-{kind}.{file_format}"'
    return response


@permissions.curator_required
def library_import(request):
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds.transferable())
    plan, token = None, None
    if request.method == "POST" and "confirm" in request.POST:
        try:
            plan = transfer.confirm_import(request.POST.get("token", ""), user=request.user)
        except transfer.ImportCheckExpired:
            messages.error(request, _("This check has expired: choose the file again."))
            return redirect("curation-import")
        if plan.errors:
            messages.error(request, _("Nothing was imported: see the errors below."))
        else:
            messages.success(request, _(
                "Imported: %(created)d created, %(updated)d changed, all sent to review."
            ) % {"created": plan.count("create"), "updated": plan.count("update")})
            return redirect("curation-home")
    elif request.method == "POST" and form.is_valid():
        try:
            plan, token = transfer.check_import(form.cleaned_data["kind"],
                                                form.cleaned_data["file"], user=request.user)
        except transfer.ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "feedback_library/curation/import.html", {
        "form": form, "plan": plan, "token": token,
    })

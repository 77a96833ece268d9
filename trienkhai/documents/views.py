import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.accounts.access import (
    EDITOR_ROLES,
    get_document_for_user,
    may_change_owned,
    require_role,
)
from trienkhai.core.attachments import accept_upload, max_upload, serve
from trienkhai.core.history import history_rows
from trienkhai.core.refusals import show_on_form
from trienkhai.core.versions import Stale
from trienkhai.documents import sheets
from trienkhai.documents.forms import (
    DocumentForm,
    DraftFormSet,
    ExtractForm,
    LinkForm,
)
from trienkhai.documents.models import (
    KIND_NAMES,
    Document,
    DocumentFile,
    DocumentLink,
    LinkKind,
    System,
)
from trienkhai.documents.registry import (
    Draft,
    RegistrationError,
    already_registered,
    guess_issuing_unit,
    links_from_text,
    organ_from_body,
    register,
    save_document,
    term_near,
)
from trienkhai.exports.lists import chunks, list_format, list_response
from trienkhai.lib.citations import extract

log = logging.getLogger("trienkhai.documents")


@login_required
def document_list(request):
    qs, filters, errors = (
        Document.objects.for_user(request.user).select_related("issuing_unit").filtered(request.GET)
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    if (fmt := list_format(request)) and not errors:
        return list_response(
            request,
            fmt,
            _("Danh sách văn bản"),
            sheets.COLUMNS,
            sheets.rows(chunks(qs)),
            "van-ban",
            count=page.paginator.count,
        )
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "page": page,
        "filters": filters,
        "errors": errors,
        "query": query.urlencode(),
        "kinds": sorted(KIND_NAMES.items(), key=lambda kv: str(kv[1])),
        "systems": System.choices,
        "can_register": request.user.has_role(*EDITOR_ROLES),
    }
    template = "documents/_rows.html" if request.htmx else "documents/list.html"
    return render(request, template, ctx)


@login_required
def document_detail(request, uid):
    document, may_change = get_document_for_user(request.user, uid)
    visible = Document.objects.for_user(request.user)
    ctx = {
        "doc": document,
        "may_change": may_change,
        "links_out": DocumentLink.objects.filter(
            source=document, target__in=visible
        ).select_related("target"),
        "links_in": DocumentLink.objects.filter(target=document, source__in=visible).select_related(
            "source"
        ),
        "established": document.established_units.all(),
        "subjects": document.subjects.order_by("path"),
        "files": document.files.all(),
        "link_form": LinkForm(user=request.user, source=document),
        "history": history_rows(document),
        "max_upload_mb": max_upload() // (1024 * 1024),
    }
    return render(request, "documents/detail.html", ctx)


def _saved(form, user, instance=None):
    """Save through the registry's one write; its refusals land on the form's fields."""
    fields = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
    try:
        return save_document(fields, user=user, instance=instance, based_on=form.based_on)
    except RegistrationError as exc:
        for field, message in exc.errors:
            form.add_error(field if field in form.fields else None, message)
    except Stale as exc:
        show_on_form(form, exc)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    require_role(request.user, *EDITOR_ROLES)
    form = DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        document = _saved(form, request.user)
        if document is not None:
            log.info("user %s registered %s", request.user, document.symbol)
            messages.success(request, _("Đã đăng ký %(doc)s.") % {"doc": document})
            return redirect(document)
    return render(
        request,
        "documents/form.html",
        {"form": form, "doc": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, uid):
    document, _may = get_document_for_user(request.user, uid, change=True)
    form = DocumentForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid() and _saved(form, request.user, document):
        messages.success(request, _("Đã lưu."))
        return redirect(document)
    return render(
        request,
        "documents/form.html",
        {"form": form, "doc": document},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def link_add(request, uid):
    document, _may = get_document_for_user(request.user, uid, change=True)
    form = LinkForm(request.POST, user=request.user, source=document)
    if form.is_valid():
        DocumentLink.objects.create(
            source=document, target=form.cleaned_data["target"], kind=form.cleaned_data["kind"]
        )
        messages.success(request, _("Đã thêm liên kết."))
        return redirect(document)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect(document)


@login_required
@require_POST
def link_delete(request, uid, link_id):
    document, _may = get_document_for_user(request.user, uid, change=True)
    get_object_or_404(DocumentLink, pk=link_id, source=document).delete()
    messages.success(request, _("Đã xóa liên kết."))
    return redirect(document)


@login_required
@require_POST
def file_upload(request, uid):
    document, _may = get_document_for_user(request.user, uid, change=True)
    accept_upload(
        request,
        lambda upload, name, size: DocumentFile.objects.create(
            document=document, file=upload, name=name, size=size, uploaded_by=request.user
        ),
    )
    return redirect(document)


@login_required
def file_download(request, uid, file_id):
    """Attached files are served through the permission layer, never as public media."""
    document, _may = get_document_for_user(request.user, uid)
    return serve(get_object_or_404(DocumentFile, pk=file_id, document=document))


def link_documents(links_json, documents, user):
    """Create the links the pasted text states, between documents just registered or
    already in the registry (a symbol must name exactly one visible document)."""
    try:
        links = json.loads(links_json or "[]")
    except ValueError:
        return 0
    by_symbol = {d.symbol: d for d in documents}
    visible = Document.objects.for_user(user)
    created = 0
    for item in links if isinstance(links, list) else []:
        if not (isinstance(item, list) and len(item) == 3) or item[2] not in LinkKind.values:
            continue
        ends = []
        for symbol in item[:2]:
            found = by_symbol.get(symbol)
            if found is None:
                matches = list(visible.filter(symbol=symbol)[:2])
                found = matches[0] if len(matches) == 1 else None
            ends.append(found)
        source_ok = ends[0] is not None and (
            ends[0].symbol in by_symbol or may_change_owned(user, ends[0].issuing_unit)
        )
        if all(ends) and source_ok and ends[0].pk != ends[1].pk:
            _link, new = DocumentLink.objects.get_or_create(
                source=ends[0], target=ends[1], kind=item[2]
            )
            created += new
    return created


def drafts_from_text(text, user):
    """Rows for the register table: one per distinct symbol, first mention first, what
    a later mention adds filled in; each marked with the registered document it would
    duplicate (registry.already_registered, the rule registration applies)."""
    rows, seen = [], {}
    citations = extract(text)
    for c in citations:
        found = {
            "issue_date": c.date,
            "body_text": c.body or "",
            "title": c.title or "",
            "term": term_near(text, c),
        }
        row = seen.get(c.symbol)
        if row is not None:
            for key, value in found.items():
                if not row[key] and value:
                    row[key] = value
            continue
        row = {"symbol": c.symbol, "issuer": c.issuer, "kind": c.kind, "system": c.system}
        row.update(found)
        seen[c.symbol] = row
        rows.append(row)
    for row in rows:
        row["organ"] = organ_from_body(row["body_text"], row["issuer"])
        row["issuing_unit"] = guess_issuing_unit(row["issuer"], user.unit, row["body_text"])
        row["existing"] = already_registered(
            symbol=row["symbol"],
            issuing_unit=row["issuing_unit"],
            issue_date=row["issue_date"],
            term=row["term"],
        )
        row["selected"] = row["existing"] is None
    return rows, links_from_text(text, citations)


@login_required
@require_http_methods(["GET", "POST"])
def register_from_text(request):
    require_role(request.user, *EDITOR_ROLES)
    extract_form, formset, rows = ExtractForm(), None, []
    links_json = request.POST.get("links", "[]")
    if request.method == "POST" and "extract" in request.POST:
        extract_form = ExtractForm(request.POST, request.FILES)
        if extract_form.is_valid():
            rows, links = drafts_from_text(extract_form.cleaned_data["content"], request.user)
            links_json = json.dumps(links, ensure_ascii=False)
            initial = [
                {
                    k: (r[k].pk if k == "issuing_unit" and r[k] else r[k])
                    for k in (
                        "selected",
                        "symbol",
                        "issue_date",
                        "body_text",
                        "organ",
                        "term",
                        "title",
                        "issuing_unit",
                    )
                }
                for r in rows
            ]
            formset = DraftFormSet(initial=initial, form_kwargs={"user": request.user})
            if not rows:
                messages.warning(
                    request, _("Không tìm thấy số, ký hiệu văn bản nào trong nội dung.")
                )
    elif request.method == "POST":
        formset = DraftFormSet(request.POST, form_kwargs={"user": request.user})
        if formset.is_valid():
            drafts = [
                Draft(
                    symbol=f["symbol"],
                    issue_date=f.get("issue_date"),
                    issuing_unit=f.get("issuing_unit"),
                    organ=f.get("organ", ""),
                    body_text=f.get("body_text", ""),
                    title=f.get("title", ""),
                    term=f.get("term", ""),
                )
                for f in formset.cleaned_data
                if f.get("selected")
            ]
            if not drafts:
                messages.error(request, _("Chưa chọn văn bản nào để đăng ký."))
            else:
                selected_forms = [
                    form for form in formset.forms if form.cleaned_data.get("selected")
                ]
                try:
                    with transaction.atomic():
                        documents = register(drafts, user=request.user)
                        link_documents(request.POST.get("links", ""), documents, request.user)
                except RegistrationError as exc:
                    for index, message in exc.errors:
                        selected_forms[index - 1].add_error(None, message)
                    messages.error(
                        request, _("Chưa đăng ký văn bản nào: hãy sửa các lỗi dưới đây.")
                    )
                except IntegrityError:
                    messages.error(request, _("Văn bản vừa được người khác đăng ký; hãy thử lại."))
                else:
                    log.info(
                        "user %s registered %d documents from text", request.user, len(documents)
                    )
                    messages.success(
                        request, _("Đã đăng ký %(n)d văn bản.") % {"n": len(documents)}
                    )
                    return redirect("documents:list")
        rows = [{} for _form in formset.forms]
    pairs = list(zip(formset.forms, rows, strict=True)) if formset is not None else []
    refused = request.method == "POST" and (
        extract_form.errors or (formset is not None and "extract" not in request.POST)
    )
    status = 400 if refused else 200
    return render(
        request,
        "documents/register.html",
        {
            "extract_form": extract_form,
            "formset": formset,
            "pairs": pairs,
            "links_json": links_json,
        },
        status=status,
    )

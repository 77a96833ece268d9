"""The registry of Party and State documents and the links between them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from trienkhai.core.models import Attachment
from trienkhai.core.search import search_queryset, stored_key
from trienkhai.core.versions import Revisioned
from trienkhai.lib.vnformat import format_official_date, parse_date
from trienkhai.lib.vntext import nfc, search_key
from trienkhai.orgs.scope import in_scope_or_above, scope_for


class System(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản của Nhà nước")


class Organ(models.TextChoices):
    """The body of the issuing unit that adopted the document."""

    EXECUTIVE = "BCH", _("Ban Chấp hành")
    STANDING = "BTV", _("Ban Thường vụ")
    PERMANENT = "TT", _("Thường trực")
    POLITBURO = "BCT", _("Bộ Chính trị")
    SECRETARIAT = "BBT", _("Ban Bí thư")
    PEOPLES_COMMITTEE = "UBND", _("Ủy ban nhân dân")
    PEOPLES_COUNCIL = "HĐND", _("Hội đồng nhân dân")
    NATIONAL_ASSEMBLY = "QH", _("Quốc hội")
    GOVERNMENT = "CP", _("Chính phủ")
    PRIME_MINISTER = "TTg", _("Thủ tướng Chính phủ")
    OTHER = "other", _("Khác")


class Status(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    REPLACED = "replaced", _("Đã được thay thế")
    EXPIRED = "expired", _("Hết hiệu lực")


# Names of the kinds, by system where the same code means two things (TT: thông tri of
# the Party, thông tư of the State).
KIND_NAMES = {
    "NQ": _("Nghị quyết"),
    "QĐ": _("Quyết định"),
    "QĐi": _("Quy định"),
    "QyĐ": _("Quy định"),
    "CT": _("Chỉ thị"),
    "KL": _("Kết luận"),
    "QC": _("Quy chế"),
    "KH": _("Kế hoạch"),
    # In context: the menu's "Chương trình" and "Báo cáo" are plurals in English.
    "CTr": pgettext_lazy("document kind", "Chương trình"),
    "HD": _("Hướng dẫn"),
    "BC": pgettext_lazy("document kind", "Báo cáo"),
    "TB": _("Thông báo"),
    "CV": _("Công văn"),
    "CĐ": _("Công điện"),
    "TTr": _("Tờ trình"),
    "ĐA": _("Đề án"),
    "PA": _("Phương án"),
    "DA": _("Dự án"),
    "BB": _("Biên bản"),
    "L": _("Luật"),
    "NĐ": _("Nghị định"),
    "PL": _("Pháp lệnh"),
    "TTLT": _("Thông tư liên tịch"),
    "NQLT": _("Nghị quyết liên tịch"),
    "QĐLT": _("Quyết định liên tịch"),
    "HĐ": _("Hợp đồng"),
}
KIND_NAMES_BY_SYSTEM = {("party", "TT"): _("Thông tri"), ("state", "TT"): _("Thông tư")}


def kind_name(system, kind):
    return KIND_NAMES_BY_SYSTEM.get((system, kind)) or KIND_NAMES.get(kind) or kind


def symbol_key(symbol: str) -> str:
    """A key that matches a number-symbol however it is typed: "621-QĐ/TU", "621 qd tu"
    and "621-QD/TU" all give " 621 qd tu "."""
    return f" {search_key(symbol)} "


class DocumentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Documents a user may read: those of units in its scope, of the units above
        them (the documents they must implement), documents with no issuing unit in
        the tree (Central and State documents), and documents about a unit in its scope
        (`subjects`: the plan and the conclusion of an inspection of that unit)."""

        scope = scope_for(user)
        also = Q(issuing_unit__isnull=True)
        if not scope.everything and scope.roots:
            # Documents about a unit in scope (an inspection's plan and conclusion).
            about = Document.subjects.through.objects.filter(scope.q("orgunit__"))
            also |= Q(pk__in=about.values("document_id"))
        return in_scope_or_above(self, user, "issuing_unit", also=also)

    FILTERS = ("q", "system", "kind", "issuer", "unit", "date_from", "date_to")

    def filtered(self, params):
        """The registry's filters, shared by the list page and the API: returns the
        queryset, the cleaned filter values and Vietnamese messages for bad dates."""
        filters = {k: (params.get(k) or "").strip() for k in self.FILTERS}
        qs, errors = self, []
        if filters["q"]:
            qs = qs.search(filters["q"])
        if filters["system"] in System.values:
            qs = qs.filter(system=filters["system"])
        if filters["kind"]:
            qs = qs.filter(kind=filters["kind"])
        if filters["issuer"]:
            qs = qs.filter(issuer_code__iexact=filters["issuer"])
        if filters["unit"]:
            qs = qs.filter(issuing_unit__code=filters["unit"].upper())
        for key, lookup in (("date_from", "issue_date__gte"), ("date_to", "issue_date__lte")):
            if filters[key]:
                try:
                    qs = qs.filter(**{lookup: parse_date(filters[key])})
                except ValueError as exc:
                    errors.append(str(exc))
        return qs.order_by("-issue_date", "symbol"), filters, errors

    def search(self, query):
        """By number-symbol however typed, or by words of the title without diacritics."""
        key = search_key(query or "")
        if not key:
            return self.none()
        by_symbol = self.filter(symbol_key__startswith=f" {key}")
        if by_symbol.exists():
            return by_symbol
        return search_queryset(self, query)


class Document(Revisioned):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    system = models.CharField(_("hệ thống văn bản"), max_length=5, choices=System.choices)
    kind = models.CharField(_("loại văn bản"), max_length=8)
    number = models.CharField(_("số"), max_length=20, help_text=_("Giữ nguyên số 0 ở đầu."))
    year = models.PositiveSmallIntegerField(
        _("năm trong ký hiệu"),
        null=True,
        blank=True,
        help_text=_("Chỉ với văn bản quy phạm của Nhà nước, như 30/2020/NĐ-CP."),
    )
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=30)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuing_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Để trống với văn bản của Trung ương hoặc của cơ quan ngoài cây tổ chức."),
    )
    organ = models.CharField(
        _("cơ quan thông qua"), max_length=5, choices=Organ.choices, blank=True
    )
    body_text = models.CharField(
        _("cơ quan ban hành (như ghi trong văn bản)"), max_length=200, blank=True
    )
    place = models.CharField(
        _("địa danh"),
        max_length=60,
        blank=True,
        help_text=_("Địa danh ghi trước ngày tháng, như “Thanh Hóa”."),
    )
    term = models.CharField(_("khóa"), max_length=20, blank=True, help_text=_("Ví dụ: XIX"))
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    subjects = models.ManyToManyField(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị là đối tượng"),
        related_name="documents_about",
        blank=True,
        help_text=_(
            "Đơn vị mà văn bản hướng tới (đối tượng kiểm tra, giám sát): văn bản được đơn "
            "vị đó và cấp trên của nó xem."
        ),
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    symbol_key = models.CharField(max_length=80, editable=False)
    search_key = models.CharField(max_length=900, editable=False)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["symbol_key", "search_key"])

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issue_date", "symbol"]
        indexes = [
            # The registry list: newest first, filtered by system and kind.
            models.Index(fields=["-issue_date", "symbol"], name="document_date_symbol"),
            # Look-up of a symbol however typed (prefix match on the folded key).
            models.Index(fields=["symbol_key"], name="document_symbol_key"),
        ]
        constraints = [
            # The same number-symbol may recur in another term or year, not within one.
            models.UniqueConstraint(
                fields=["symbol", "issuing_unit", "issue_date"], name="document_unique_symbol"
            ),
        ]

    def __str__(self):
        return f"{self.kind_name} số {self.symbol}"

    def save(self, *args, **kwargs):
        self.title = nfc(self.title).strip()
        self.body_text = nfc(self.body_text or "").strip()
        self.symbol_key = symbol_key(self.symbol)
        self.search_key = stored_key(f"{self.symbol} {self.kind_name} {self.title}", 900)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.uid])

    @property
    def kind_name(self):
        return kind_name(self.system, self.kind)

    @property
    def number_line(self):
        """ "Số 621-QĐ/TU" for the Party (Hướng dẫn 36-HD/VPTW), "Số: 1234/QĐ-UBND" for
        the State (Nghị định 30/2020/NĐ-CP)."""
        if self.system == System.PARTY:
            return f"Số {self.symbol}"
        return f"Số: {self.symbol}"

    @property
    def date_line(self):
        """ "Thanh Hóa, ngày 23 tháng 7 năm 2021"."""
        if not self.issue_date:
            return ""
        return format_official_date(self.issue_date, self.place or None)


class LinkKind(models.TextChoices):
    IMPLEMENTS = "implements", _("thực hiện")
    CONTINUES = "continues", _("tiếp tục thực hiện")
    AMENDS = "amends", _("sửa đổi, bổ sung")
    REPLACES = "replaces", _("thay thế")
    MENTIONS = "mentions", _("dẫn chiếu")


# How a link reads from its target's side.
LINK_INVERSE = {
    LinkKind.IMPLEMENTS: _("được thực hiện bởi"),
    LinkKind.CONTINUES: _("được tiếp tục thực hiện bởi"),
    LinkKind.AMENDS: _("được sửa đổi, bổ sung bởi"),
    LinkKind.REPLACES: _("được thay thế bởi"),
    LinkKind.MENTIONS: _("được dẫn chiếu bởi"),
}


class DocumentLink(models.Model):
    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("văn bản")
    )
    target = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="links_in",
        verbose_name=_("văn bản liên quan"),
    )
    kind = models.CharField(_("quan hệ"), max_length=12, choices=LinkKind.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="documentlink_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="documentlink_not_self",
                violation_error_message=_("Văn bản không thể liên kết với chính nó."),
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def inverse_label(self):
        return LINK_INVERSE[LinkKind(self.kind)]


def document_upload_to(instance, filename):
    return f"documents/{instance.document.uid}/{filename}"


class DocumentFile(Attachment):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to=document_upload_to)

    class Meta(Attachment.Meta):
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

"""Administrative units (đơn vị hành chính) as a generic tree, and agencies (cơ quan).

The tree has any depth: nation → province → commune → village today, and the historic
nation → province → district → commune for data from before 1 July 2025. Each unit keeps
a materialised ``path`` of codes so a whole subtree is one indexed prefix query.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.IntegerChoices):
    NATION = 0, _("Nation")
    PROVINCE = 1, _("Province")
    DISTRICT = 2, _("District (before 2025)")
    COMMUNE = 3, _("Commune")
    VILLAGE = 4, _("Village / residential group")


class UnitKind(models.TextChoices):
    NATION = "nation", _("Country")
    PROVINCE = "tinh", _("Province (tỉnh)")
    CENTRAL_CITY = "thanh_pho_trung_uong", _("Centrally governed city")
    DISTRICT = "huyen", _("District (huyện, quận, thị xã)")
    COMMUNE = "xa", _("Commune (xã)")
    WARD = "phuong", _("Ward (phường)")
    SPECIAL_ZONE = "dac_khu", _("Special zone (đặc khu)")
    TOWNSHIP = "thi_tran", _("Township (thị trấn, before 2025)")
    VILLAGE = "thon", _("Village (thôn, làng, ấp, bản)")
    RESIDENTIAL_GROUP = "to_dan_pho", _("Residential group (tổ dân phố)")


class UnitScheme(models.TextChoices):
    OFFICIAL_2025 = "vn2025", _("Official list from 1 July 2025")
    LEGACY = "legacy", _("Official list before 1 July 2025")
    LOCAL = "local", _("Added by the commune")


class AdministrativeUnit(models.Model):
    scheme = models.CharField(_("code list"), max_length=10, choices=UnitScheme.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(_("name without diacritics"), max_length=200, db_index=True)
    name_collation = models.CharField(max_length=1000, editable=False, default="")
    codename = models.CharField(_("code name"), max_length=120, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=UnitLevel.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("tree path"), max_length=255, unique=True)
    is_active = models.BooleanField(_("in force"), default=True)
    is_remote_area = models.BooleanField(
        _("remote or difficult area"),
        default=False,
        help_text=_("Longer statutory deadlines apply (vùng sâu, vùng xa, đi lại khó khăn)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("administrative unit (đơn vị hành chính)")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name_collation"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unit_unique_code"),
            models.CheckConstraint(
                condition=models.Q(level=0) | models.Q(parent__isnull=False),
                name="unit_parent_required_below_nation",
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "name_collation"], name="unit_children_idx"),
            # Subtree queries are ``path LIKE 'VN/01/%'``; PostgreSQL needs this operator
            # class to use an index for them (other databases ignore it).
            models.Index(
                fields=["path"], name="unit_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_within(self, ancestor: AdministrativeUnit) -> bool:
        """True if this unit is ``ancestor`` or lies below it."""
        return self.path.startswith(ancestor.path)

    def subtree(self) -> models.QuerySet[AdministrativeUnit]:
        return AdministrativeUnit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[AdministrativeUnit]:
        prefixes = [self.path[: i + 1] for i, ch in enumerate(self.path) if ch == "/"]
        return AdministrativeUnit.objects.filter(path__in=prefixes).order_by(Length("path"))


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", _("People's Committee (UBND)")
    PEOPLES_COUNCIL = "hdnd", _("People's Council (HĐND)")
    INSPECTORATE = "thanh_tra", _("Inspectorate (Thanh tra)")
    DEPARTMENT = "so", _("Department (Sở, ban, ngành)")
    MASS_MOBILIZATION = "dan_van", _("Mass Mobilization Commission (Ban Dân vận)")
    FATHERLAND_FRONT = "mttq", _("Fatherland Front (Mặt trận Tổ quốc)")
    STEERING_COMMITTEE = "bcd_qcdc", _("Grassroots Democracy Steering Committee")
    RECEPTION_OFFICE = "ban_tiep_cong_dan", _("Citizen Reception Office")
    POLICE = "cong_an", _("Police")
    OTHER = "khac", _("Other")


class Agency(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=AgencyKind.choices)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency (cơ quan)")
        verbose_name_plural = _("agencies")
        ordering = ["unit__path", "kind", "name"]

    def __str__(self) -> str:
        return self.name

"""Villages (thôn, tổ dân phố) added by a commune: one by one, from CSV, and via the views."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.translation import gettext

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.audit.models import AuditEntry
from danvan.units.models import AdministrativeUnit, UnitKind, UnitLevel, UnitScheme
from danvan.units.services import add_village, import_villages_csv

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def line_error(line: int) -> str:
    return gettext("Line %(line)d: the name is empty or too long.") % {"line": line}


def kind_error(line: int, kind: str) -> str:
    return gettext("Line %(line)d: unknown kind '%(kind)s' (use thôn or tổ dân phố).") % {
        "line": line,
        "kind": kind,
    }


def villages_of(commune: AdministrativeUnit) -> list[str]:
    """Names of the commune's villages in Vietnamese dictionary order."""
    return list(
        AdministrativeUnit.objects.filter(parent=commune, level=UnitLevel.VILLAGE)
        .order_by("name_collation")
        .values_list("name", flat=True)
    )


def cp1258(text: str) -> bytes:
    """Encode like old Vietnamese Windows software: base letters precomposed, tones as
    separate combining marks (Windows-1258 has no precomposed toned letters)."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


@pytest.fixture
def leader(tree, make_user: MakeUser) -> User:
    return make_user(Role.LEADER, tree.agency(tree.ba_dinh))


@pytest.fixture
def other_leader(tree, make_user: MakeUser) -> User:
    return make_user(Role.LEADER, tree.agency(tree.ngoc_ha))


@pytest.fixture
def monitor(tree, make_user: MakeUser) -> User:
    return make_user(Role.MONITOR, tree.agency(tree.ba_dinh))


class TestAddVillage:
    def test_leader_adds_a_village(self, tree, leader: User) -> None:
        village = add_village(actor=leader, commune=tree.ba_dinh, name="  Thôn   Đông ")

        village.refresh_from_db()
        assert village.name == "Thôn Đông"
        assert village.name_folded == "thon dong"
        assert village.parent == tree.ba_dinh
        assert village.level == UnitLevel.VILLAGE
        assert village.kind == UnitKind.VILLAGE
        assert village.scheme == UnitScheme.LOCAL
        assert village.code.startswith(f"{tree.ba_dinh.code}-")
        assert village.path == f"{tree.ba_dinh.path}{village.code}/"
        assert village.is_within(tree.ba_dinh)
        assert village.is_within(tree.hanoi)
        assert not village.is_within(tree.ngoc_ha)

    def test_audit_entry_is_written(self, tree, leader: User) -> None:
        village = add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Đông")

        entry = AuditEntry.objects.get(action="units.village.create")
        assert entry.actor_id == leader.pk
        assert entry.target_id == str(village.pk)
        assert entry.unit_id == tree.ba_dinh.pk
        assert entry.after["name"] == "Thôn Đông"
        assert entry.after["commune"] == tree.ba_dinh.code

    def test_codes_are_sequential_and_unique(self, tree, leader: User) -> None:
        first = add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Một")
        second = add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Hai")
        assert first.code == f"{tree.ba_dinh.code}-001"
        assert second.code == f"{tree.ba_dinh.code}-002"

    def test_residential_group_kind(self, tree, leader: User) -> None:
        village = add_village(
            actor=leader,
            commune=tree.ba_dinh,
            name="Tổ dân phố số 7",
            kind=UnitKind.RESIDENTIAL_GROUP,
        )
        assert village.kind == UnitKind.RESIDENTIAL_GROUP

    def test_nfd_name_is_stored_nfc(self, tree, leader: User) -> None:
        village = add_village(
            actor=leader, commune=tree.ba_dinh, name=unicodedata.normalize("NFD", "Thôn Đông")
        )
        assert village.name == "Thôn Đông"

    def test_provincial_leader_may_add_to_a_commune_below(self, tree, make_user: MakeUser) -> None:
        provincial = make_user(Role.LEADER, tree.agency(tree.hanoi))
        village = add_village(actor=provincial, commune=tree.ngoc_ha, name="Thôn Tây")
        assert village.parent == tree.ngoc_ha

    @pytest.mark.parametrize("duplicate", ["Thôn Đông", "thôn đông", "THON DONG", "Thon  Dong"])
    def test_duplicate_name_is_refused(self, tree, leader: User, duplicate: str) -> None:
        add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Đông")

        with pytest.raises(ValidationError) as excinfo:
            add_village(actor=leader, commune=tree.ba_dinh, name=duplicate)

        assert "name" in excinfo.value.message_dict
        assert villages_of(tree.ba_dinh) == ["Thôn Đông"]

    def test_same_name_in_another_commune_is_fine(
        self, tree, leader: User, other_leader: User
    ) -> None:
        add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Đông")
        add_village(actor=other_leader, commune=tree.ngoc_ha, name="Thôn Đông")
        assert villages_of(tree.ngoc_ha) == ["Thôn Đông"]

    @pytest.mark.parametrize("name", ["", "   ", "\t\n"])
    def test_empty_name_is_refused(self, tree, leader: User, name: str) -> None:
        with pytest.raises(ValidationError) as excinfo:
            add_village(actor=leader, commune=tree.ba_dinh, name=name)
        assert "name" in excinfo.value.message_dict
        assert villages_of(tree.ba_dinh) == []

    def test_too_long_name_is_refused(self, tree, leader: User) -> None:
        with pytest.raises(ValidationError) as excinfo:
            add_village(actor=leader, commune=tree.ba_dinh, name="Thôn " + "a" * 200)
        assert "name" in excinfo.value.message_dict

    def test_unknown_kind_is_refused(self, tree, leader: User) -> None:
        with pytest.raises(ValidationError) as excinfo:
            add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Đông", kind=UnitKind.WARD)
        assert "kind" in excinfo.value.message_dict
        assert villages_of(tree.ba_dinh) == []

    def test_adding_to_a_province_is_refused(self, tree, make_user: MakeUser) -> None:
        provincial = make_user(Role.LEADER, tree.agency(tree.hanoi))
        with pytest.raises(ValidationError):
            add_village(actor=provincial, commune=tree.hanoi, name="Thôn Đông")
        assert villages_of(tree.hanoi) == []

    def test_adding_to_a_village_is_refused(self, tree, leader: User) -> None:
        village = add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Đông")
        with pytest.raises(ValidationError):
            add_village(actor=leader, commune=village, name="Xóm Trong")

    def test_adding_to_a_commune_no_longer_in_force_is_refused(self, tree, leader: User) -> None:
        tree.ba_dinh.is_active = False
        tree.ba_dinh.save()
        with pytest.raises(ValidationError):
            add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Đông")

    def test_leader_of_another_commune_is_denied(self, tree, other_leader: User) -> None:
        with pytest.raises(PermissionDenied):
            add_village(actor=other_leader, commune=tree.ba_dinh, name="Thôn Đông")
        assert villages_of(tree.ba_dinh) == []
        assert not AuditEntry.objects.filter(action="units.village.create").exists()

    def test_monitor_is_denied(self, tree, monitor: User) -> None:
        with pytest.raises(PermissionDenied):
            add_village(actor=monitor, commune=tree.ba_dinh, name="Thôn Đông")
        assert villages_of(tree.ba_dinh) == []

    @pytest.mark.parametrize("role", [Role.RECEPTION_OFFICER, Role.CASE_HANDLER])
    def test_other_staff_of_the_commune_are_denied(
        self, tree, make_user: MakeUser, role: str
    ) -> None:
        officer = make_user(role, tree.agency(tree.ba_dinh))
        with pytest.raises(PermissionDenied):
            add_village(actor=officer, commune=tree.ba_dinh, name="Thôn Đông")

    def test_citizen_is_denied(self, tree, make_user: MakeUser) -> None:
        citizen = make_user(Role.CITIZEN)
        with pytest.raises(PermissionDenied):
            add_village(actor=citizen, commune=tree.ba_dinh, name="Thôn Đông")


class TestImportCsv:
    def test_utf8_with_bom_and_vietnamese_header(self, tree, leader: User) -> None:
        data = "\ufefftên\nThôn Đông\nThôn Tây\nXóm Chợ\n".encode()
        assert data.startswith(b"\xef\xbb\xbf")

        result = import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)

        assert len(result.created) == 3
        assert result.skipped == []
        assert villages_of(tree.ba_dinh) == ["Thôn Đông", "Thôn Tây", "Xóm Chợ"]
        assert all(v.level == UnitLevel.VILLAGE for v in result.created)
        assert all(v.kind == UnitKind.VILLAGE for v in result.created)
        entry = AuditEntry.objects.get(action="units.village.import")
        assert entry.actor_id == leader.pk
        assert len(entry.after["created"]) == 3

    @pytest.mark.parametrize("header", ["name", "Name", "ten", "Tên", " TÊN "])
    def test_header_spellings(self, tree, leader: User, header: str) -> None:
        data = f"{header}\nThôn Đông\n".encode()
        result = import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)
        assert [v.name for v in result.created] == ["Thôn Đông"]

    def test_decomposed_header_is_recognised(self, tree, leader: User) -> None:
        data = unicodedata.normalize("NFD", "tên\nThôn Đông\n").encode()
        result = import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)
        assert [v.name for v in result.created] == ["Thôn Đông"]

    def test_missing_name_column_is_refused(self, tree, leader: User) -> None:
        with pytest.raises(ValidationError) as excinfo:
            import_villages_csv(actor=leader, commune=tree.ba_dinh, data=b"village\nA\n")
        assert "name" in excinfo.value.messages[0]
        assert villages_of(tree.ba_dinh) == []

    def test_one_bad_row_imports_nothing_and_names_the_line(self, tree, leader: User) -> None:
        data = "tên,loại\nThôn Một,thôn\n,thôn\nThôn Ba,thôn\n".encode()

        with pytest.raises(ValidationError) as excinfo:
            import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)

        assert excinfo.value.messages == [line_error(3)]
        assert villages_of(tree.ba_dinh) == []
        assert not AuditEntry.objects.filter(action="units.village.import").exists()

    def test_every_bad_row_is_listed(self, tree, leader: User) -> None:
        data = "name,kind\n   ,thôn\nThôn Hai,thôn\nThôn Ba,khu phố\n".encode()
        with pytest.raises(ValidationError) as excinfo:
            import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)
        assert excinfo.value.messages == [line_error(2), kind_error(4, "khu phố")]

    def test_line_numbers_count_blank_lines(self, tree, leader: User) -> None:
        """The error must name the line the user sees in their editor."""
        data = "name,kind\nThôn Một,thôn\n\nThôn Hai,khu phố\n".encode()
        with pytest.raises(ValidationError) as excinfo:
            import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)
        assert excinfo.value.messages == [kind_error(4, "khu phố")]

    def test_reimport_skips_every_row(self, tree, leader: User) -> None:
        data = "name\nThôn Đông\nThôn Tây\n".encode()
        import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)

        again = import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)

        assert again.created == []
        assert again.skipped == ["Thôn Đông", "Thôn Tây"]
        assert villages_of(tree.ba_dinh) == ["Thôn Đông", "Thôn Tây"]

    def test_existing_and_repeated_names_are_skipped_by_folded_name(
        self, tree, leader: User
    ) -> None:
        add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Đông")
        data = "name\nTHON DONG\nThôn Tây\nthôn tây\n".encode()

        result = import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)

        assert [v.name for v in result.created] == ["Thôn Tây"]
        assert result.skipped == ["THON DONG", "thôn tây"]

    def test_kind_column(self, tree, leader: User) -> None:
        data = "name,kind\nTổ dân phố số 7,tổ dân phố\nThôn Đông,thôn\nTổ 8,TO_DAN_PHO\nThôn Tây,\n"
        result = import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data.encode())
        kinds = {v.name: v.kind for v in result.created}
        assert kinds == {
            "Tổ dân phố số 7": UnitKind.RESIDENTIAL_GROUP,
            "Thôn Đông": UnitKind.VILLAGE,
            "Tổ 8": UnitKind.RESIDENTIAL_GROUP,
            "Thôn Tây": UnitKind.VILLAGE,
        }

    def test_unknown_kind_is_reported_with_its_line(self, tree, leader: User) -> None:
        data = "name,kind\nThôn Đông,thôn\nKhu 3,khu phố\n".encode()
        with pytest.raises(ValidationError) as excinfo:
            import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)
        assert excinfo.value.messages == [kind_error(3, "khu phố")]
        assert villages_of(tree.ba_dinh) == []

    def test_windows_1258_file_is_read(self, tree, leader: User) -> None:
        data = cp1258("tên\nThôn Đông\nXóm Chợ\nTổ dân phố số 7\n")
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")

        result = import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)

        names = [v.name for v in result.created]
        assert names == ["Thôn Đông", "Xóm Chợ", "Tổ dân phố số 7"]
        assert all(unicodedata.is_normalized("NFC", name) for name in names)

    def test_undecodable_file_is_refused(self, tree, leader: User) -> None:
        data = b"name\nTh\x81n\n"  # 0x81 is neither UTF-8 nor Windows-1258
        with pytest.raises(ValidationError) as excinfo:
            import_villages_csv(actor=leader, commune=tree.ba_dinh, data=data)
        assert "UTF-8" in excinfo.value.messages[0]

    def test_leader_of_another_commune_is_denied(self, tree, other_leader: User) -> None:
        with pytest.raises(PermissionDenied):
            import_villages_csv(actor=other_leader, commune=tree.ba_dinh, data=b"name\nA\n")
        assert villages_of(tree.ba_dinh) == []

    def test_monitor_is_denied(self, tree, monitor: User) -> None:
        with pytest.raises(PermissionDenied):
            import_villages_csv(actor=monitor, commune=tree.ba_dinh, data=b"name\nA\n")

    def test_import_into_a_province_is_refused(self, tree, make_user: MakeUser) -> None:
        provincial = make_user(Role.LEADER, tree.agency(tree.hanoi))
        with pytest.raises(ValidationError):
            import_villages_csv(actor=provincial, commune=tree.hanoi, data=b"name\nA\n")


def upload(data: bytes, name: str = "thon.csv") -> dict[str, SimpleUploadedFile]:
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv")}


class TestVillageViews:
    def add_url(self, unit: AdministrativeUnit) -> str:
        return f"/staff/units/{unit.pk}/villages/add/"

    def import_url(self, unit: AdministrativeUnit) -> str:
        return f"/staff/units/{unit.pk}/villages/import/"

    def test_import_good_file_redirects_and_creates(
        self, tree, leader: User, client_for: ClientFor
    ) -> None:
        client = client_for(leader)
        data = "\ufefftên,loại\nThôn Đông,thôn\nTổ dân phố số 7,tổ dân phố\n".encode()

        response = client.post(self.import_url(tree.ba_dinh), upload(data))

        assert response.status_code == 302
        assert response["Location"] == f"/staff/units/{tree.ba_dinh.pk}/"
        assert villages_of(tree.ba_dinh) == ["Thôn Đông", "Tổ dân phố số 7"]
        detail = client.get(response["Location"])
        assert "Thôn Đông" in detail.content.decode()

    def test_import_file_with_nul_byte_is_refused(
        self, tree, leader: User, client_for: ClientFor
    ) -> None:
        response = client_for(leader).post(
            self.import_url(tree.ba_dinh), upload(b"name\nTh\x00n\n")
        )

        assert response.status_code == 200
        errors = response.context["form"].errors["file"]
        assert errors
        assert errors[0] in response.content.decode()
        assert villages_of(tree.ba_dinh) == []

    def test_utf16_file_is_refused(self, tree, leader: User, client_for: ClientFor) -> None:
        response = client_for(leader).post(
            self.import_url(tree.ba_dinh), upload("name\nThôn Đông\n".encode("utf-16"))
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        assert villages_of(tree.ba_dinh) == []

    def test_import_windows_1258_file_through_the_view(
        self, tree, leader: User, client_for: ClientFor
    ) -> None:
        response = client_for(leader).post(
            self.import_url(tree.ba_dinh), upload(cp1258("tên\nThôn Đông\n"))
        )
        assert response.status_code == 302
        assert villages_of(tree.ba_dinh) == ["Thôn Đông"]

    def test_import_bad_row_shows_the_line_and_creates_nothing(
        self, tree, leader: User, client_for: ClientFor
    ) -> None:
        data = "name,kind\nThôn Đông,thôn\n,thôn\n".encode()
        response = client_for(leader).post(self.import_url(tree.ba_dinh), upload(data))
        assert response.status_code == 200
        assert line_error(3) in response.content.decode()
        assert villages_of(tree.ba_dinh) == []

    def test_import_without_a_file_is_refused(
        self, tree, leader: User, client_for: ClientFor
    ) -> None:
        response = client_for(leader).post(self.import_url(tree.ba_dinh), {"file": ""})
        assert response.status_code == 200
        assert "file" in response.context["form"].errors

    def test_add_form_creates_a_village(self, tree, leader: User, client_for: ClientFor) -> None:
        client = client_for(leader)
        assert client.get(self.add_url(tree.ba_dinh)).status_code == 200

        response = client.post(
            self.add_url(tree.ba_dinh), {"name": "Thôn Đông", "kind": UnitKind.VILLAGE}
        )

        assert response.status_code == 302
        assert villages_of(tree.ba_dinh) == ["Thôn Đông"]

    def test_add_form_shows_duplicate_error(
        self, tree, leader: User, client_for: ClientFor
    ) -> None:
        add_village(actor=leader, commune=tree.ba_dinh, name="Thôn Đông")
        response = client_for(leader).post(
            self.add_url(tree.ba_dinh), {"name": "thon dong", "kind": UnitKind.VILLAGE}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["name"]
        assert villages_of(tree.ba_dinh) == ["Thôn Đông"]

    def test_add_form_rejects_a_kind_outside_the_choices(
        self, tree, leader: User, client_for: ClientFor
    ) -> None:
        response = client_for(leader).post(
            self.add_url(tree.ba_dinh), {"name": "Thôn Đông", "kind": UnitKind.PROVINCE}
        )
        assert response.status_code == 200
        assert "kind" in response.context["form"].errors
        assert villages_of(tree.ba_dinh) == []

    @pytest.mark.parametrize("view", ["add", "import"])
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_leader_of_another_commune_gets_403(
        self, tree, other_leader: User, client_for: ClientFor, view: str, method: str
    ) -> None:
        url = self.add_url(tree.ba_dinh) if view == "add" else self.import_url(tree.ba_dinh)
        data = {"name": "Thôn Đông", "kind": UnitKind.VILLAGE}
        response = getattr(client_for(other_leader), method)(url, data)
        assert response.status_code == 403
        assert villages_of(tree.ba_dinh) == []

    @pytest.mark.parametrize("view", ["add", "import"])
    def test_monitor_gets_403(self, tree, monitor: User, client_for: ClientFor, view: str) -> None:
        url = self.add_url(tree.ba_dinh) if view == "add" else self.import_url(tree.ba_dinh)
        client = client_for(monitor)
        assert client.get(url).status_code == 403
        response = client.post(self.add_url(tree.ba_dinh), {"name": "Thôn Đông", "kind": "thon"})
        assert response.status_code == 403
        assert villages_of(tree.ba_dinh) == []

    @pytest.mark.parametrize("view", ["add", "import"])
    def test_anonymous_is_sent_to_login(self, tree, client: Client, view: str) -> None:
        url = self.add_url(tree.ba_dinh) if view == "add" else self.import_url(tree.ba_dinh)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
        response = client.post(self.add_url(tree.ba_dinh), {"name": "Thôn Đông", "kind": "thon"})
        assert response.status_code == 302
        assert villages_of(tree.ba_dinh) == []

    def test_leader_without_second_factor_is_sent_to_2fa(
        self, tree, leader: User, client: Client
    ) -> None:
        client.force_login(leader)
        response = client.post(
            self.add_url(tree.ba_dinh), {"name": "Thôn Đông", "kind": UnitKind.VILLAGE}
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/")
        assert villages_of(tree.ba_dinh) == []

    def test_unknown_unit_is_404(self, tree, leader: User, client_for: ClientFor) -> None:
        response = client_for(leader).get("/staff/units/999999/villages/add/")
        assert response.status_code == 404

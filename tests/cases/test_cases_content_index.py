"""The process-wide content index that intake searches in service."""

from __future__ import annotations

import pytest

from danvan.cases import content_index
from danvan.cases.matching import _content_matches
from danvan.petitions.models import Petition
from tests.cases.conftest import receive

pytestmark = pytest.mark.django_db

ORIGINAL = (
    "Kính gửi Ủy ban nhân dân xã Bắc Lý. Tôi tên là Nguyễn Văn Tám, ở thôn Đồng Lạc. "
    "Năm 2024 gia đình tôi bị thu hồi 320 m2 đất tại thửa số 118, tờ bản đồ số 7 để làm "
    "đường liên xã, nhưng đến nay mới được bồi thường 45.000.000 đồng, thấp hơn giá thị "
    "trường. Tôi đề nghị xã xem xét lại mức bồi thường. Trân trọng cảm ơn."
)
RESENT = (
    "Kinh gui UBND xa Bac Ly. Toi la Nguyen Van Tam thon Dong Lac. Nam 2024 nha toi bi "
    "thu hoi 320 m2 dat thua so 118 to ban do so 7 lam duong lien xa, den nay moi duoc "
    "boi thuong 45.000.000 dong, thap hon gia thi truong. De nghi xa xem xet lai muc "
    "boi thuong."
)
OTHER = (
    "Kính gửi Ủy ban nhân dân xã Bắc Lý. Tôi tên là Trần Thị Hoa, ở thôn Văn Lâm. Trại lợn "
    "của ông Lê Văn Quý xả nước thải ra mương từ tháng 3, mùi hôi khắp xóm. Đề nghị xã "
    "kiểm tra, xử lý."
)


@pytest.fixture
def shared(settings):
    settings.DANVAN_DEDUP_SHARED_INDEX = True
    content_index.reset()
    yield
    content_index.reset()


def test_the_shared_index_finds_a_resent_letter_and_then_the_rows_added_later(shared, tree):
    first = receive(tree.agency(tree.ba_dinh), content=ORIGINAL)
    other = receive(tree.agency(tree.ba_dinh), content=OTHER)
    found = _content_matches(RESENT, Petition.objects.all(), 5)
    assert [pk for pk, _score in found] == [first.pk]
    resent = ORIGINAL.replace("Trân trọng cảm ơn.", "Xin cảm ơn.")
    later = receive(tree.agency(tree.ba_dinh), content=resent)
    found = _content_matches(RESENT, Petition.objects.all(), 5)
    assert {pk for pk, _score in found} == {first.pk, later.pk}
    assert other.pk not in {pk for pk, _score in found}


def test_the_shared_index_keeps_to_what_the_caller_may_see(shared, tree):
    first = receive(tree.agency(tree.ba_dinh), content=ORIGINAL)
    second = receive(tree.agency(tree.ba_dinh), content=ORIGINAL + " Tôi gửi lại lần hai.")
    visible = Petition.objects.filter(pk=second.pk)
    assert [pk for pk, _score in _content_matches(RESENT, visible, 5)] == [second.pk]
    assert _content_matches(RESENT, Petition.objects.filter(pk=first.pk), 0) == []

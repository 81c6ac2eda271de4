"""The reception compliance page is for officials (found by the permission matrix in
tests/security)."""

from __future__ import annotations

from django.test import Client

from danvan.accounts.roles import Role
from tests.conftest import verified_client


def test_a_citizen_is_refused_the_reception_compliance_page(tree, make_user):
    citizen = make_user(Role.CITIZEN)
    client = Client()
    client.force_login(citizen)
    assert client.get("/staff/reception/compliance/").status_code == 403


def test_an_official_reads_the_reception_compliance_page(tree, make_user):
    leader = make_user(Role.LEADER, tree.agency(tree.ba_dinh))
    assert verified_client(leader).get("/staff/reception/compliance/").status_code == 200

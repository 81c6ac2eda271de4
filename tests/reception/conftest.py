from tests.petitions.conftest import Staff, staff  # noqa: F401 - shared fixture

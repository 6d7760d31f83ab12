import pytest

from tests.oidc_provider.flow import CALLBACK
from tests.oidc_provider.process import CLIENT_ID, CLIENT_SECRET, Directory


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    """The test directory's node process for this module; users are added by each test."""
    d = Directory(tmp_path_factory.mktemp("directory"), CALLBACK, "http://testserver/sign-in/")
    d.start()
    yield d
    d.close()


@pytest.fixture
def oidc_settings(settings, directory):
    """Casebook configured for the test directory, as the environment would configure it."""
    directory.tamper.mode = None
    settings.OIDC_ISSUER = directory.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    return settings

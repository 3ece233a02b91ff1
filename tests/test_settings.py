"""notifier.settings: every NOTIFIER_* variable is a setting; an unknown one stops start-up."""

from __future__ import annotations

import pytest

from notifier.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    "name",
    [
        "NOTIFIER_DATABASE",  # a typo of NOTIFIER_DATABASE_URL
        "NOTIFIER_TEST_POSTGRES_URL",  # test harness variables are not settings either
    ],
)
def test_an_unknown_notifier_variable_is_an_error_naming_it(
    clean_env: pytest.MonkeyPatch, name: str
) -> None:
    clean_env.setenv(name, "x")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert f"{name}: unknown setting" in str(error.value)
    assert "NOTIFIER_DATABASE_URL" in str(error.value)  # the known names are listed


def test_the_test_database_and_outbox_are_the_tests_own(
    clean_env: pytest.MonkeyPatch, tmp_path: object
) -> None:
    settings = load_settings()
    assert str(tmp_path) in settings.database_url
    assert str(settings.outbox).startswith(str(tmp_path))

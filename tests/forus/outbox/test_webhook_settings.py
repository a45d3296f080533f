"""MAIL_PROVIDER_WEBHOOK and its secrets: the site refuses to start half configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
SECRET = "provider:a-long-random-password"


def _check(**variables: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAIL_", "MAILGUN_"))
    }
    environment.update({"DEBUG": "0", "SECRET_KEY": "x" * 50, **variables})
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MAIL_PROVIDER_WEBHOOK": "sendmail", "MAIL_WEBHOOK_SECRET": SECRET}, "must be one of"),
        ({"MAIL_PROVIDER_WEBHOOK": "postmark"}, "MAIL_WEBHOOK_SECRET must be"),
        ({"MAIL_PROVIDER_WEBHOOK": "postmark", "MAIL_WEBHOOK_SECRET": "a:b"}, "long random"),
        (
            {"MAIL_PROVIDER_WEBHOOK": "mailgun", "MAIL_WEBHOOK_SECRET": SECRET},
            "MAILGUN_WEBHOOK_SIGNING_KEY must be set",
        ),
    ],
    ids=["unknown provider", "no secret", "short secret", "mailgun without its key"],
)
def test_a_half_configured_webhook_stops_the_site_from_starting(variables, message):
    result = _check(**variables)

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {"MAIL_PROVIDER_WEBHOOK": "Postmark", "MAIL_WEBHOOK_SECRET": SECRET},
        {
            "MAIL_PROVIDER_WEBHOOK": "mailgun",
            "MAIL_WEBHOOK_SECRET": SECRET,
            "MAILGUN_WEBHOOK_SIGNING_KEY": "key-1234",
        },
    ],
    ids=["no provider", "postmark", "mailgun"],
)
def test_a_complete_configuration_starts(variables):
    result = _check(**variables)

    assert result.returncode == 0, result.stderr

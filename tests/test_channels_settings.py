from bot.channels.settings import SwitchedOffChannel, missing_variables, read_settings
from bot.channels.slack import SlackInput
from bot.channels.telegram import TelegramInput

VARIABLES = {"token": "EXAMPLE_TOKEN", "url": "EXAMPLE_URL"}


def test_credentials_yml_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("EXAMPLE_TOKEN", "from-env")
    monkeypatch.setenv("EXAMPLE_URL", "https://env")
    assert read_settings({"token": "from-yml"}, VARIABLES) == {"token": "from-yml", "url": "https://env"}


def test_missing_settings_are_named_by_their_variables(monkeypatch):
    monkeypatch.delenv("EXAMPLE_TOKEN", raising=False)
    monkeypatch.delenv("EXAMPLE_URL", raising=False)
    values = read_settings(None, VARIABLES)
    assert missing_variables(values, VARIABLES, ["token", "url"]) == ["EXAMPLE_TOKEN", "EXAMPLE_URL"]


def test_a_platform_without_its_variables_is_switched_off_at_its_own_webhook(monkeypatch):
    for variable in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(variable, raising=False)
    channel = SlackInput.from_credentials(None)
    assert isinstance(channel, SwitchedOffChannel)
    assert channel.url_prefix() == "slack" and channel.missing == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]


def test_a_platform_with_its_variables_is_on(monkeypatch):
    monkeypatch.setenv("TELEGRAM_ACCESS_TOKEN", "123:abc")
    monkeypatch.setenv("TELEGRAM_BOT_NAME", "bot")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://example.org/webhooks/telegram/webhook")
    channel = TelegramInput.from_credentials(None)
    assert isinstance(channel, TelegramInput) and channel.verify == "bot" and channel.secret_token is None

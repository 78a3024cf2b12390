"""Rasa input channels configured from environment variables, with the platform's API address
replaceable (a self-hosted Telegram Bot API server, or a local stand-in in the tests)."""

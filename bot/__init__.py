"""Our own Python package beside Rasa: article and knowledge, crisis detection, channels,
input guard, tracker stores, the widget's server.

Importing it installs one speed fix into Rasa (bot/rasa_speedups.py: action server
responses validated with a validator built once, not re-checked against the meta-schema
on every call).
"""

from bot import rasa_speedups

rasa_speedups.install()

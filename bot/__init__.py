"""Our own Python package beside Rasa: article and knowledge, crisis detection, channels,
input guard, tracker stores, the widget's server.

Importing it installs three fixes into Rasa (bot/rasa_fixes.py): action server responses
validated with a validator built once, stored events' classes looked up in a table, and a
10 s wait for the action server instead of 5 minutes.
"""

from bot import rasa_fixes

rasa_fixes.install()

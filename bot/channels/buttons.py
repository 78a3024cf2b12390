"""Buttons on platforms that limit them: as many as fit become real buttons, the rest are
listed by title, which the person can type.

Where a platform has no buttons at all (SMS, the terminal) they are numbered, the person
answers with the number, and `NumberedChoices` turns it back into the button's payload.
"""

from typing import Dict, List, Optional


def numbered_list(buttons: List[Dict[str, str]]) -> str:
    return "\n".join(f"{number}. {button['title']}" for number, button in enumerate(buttons, start=1))


def listed_titles(buttons: List[Dict[str, str]]) -> str:
    return "\n".join(f"• {button['title']}" for button in buttons)


def shorten(title: str, limit: int) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


class NumberedChoices:
    """The last numbered buttons sent to each recipient, so a reply of "2" picks the second one."""

    def __init__(self) -> None:
        self.offered: Dict[str, List[Dict[str, str]]] = {}

    def offer(self, recipient_id: str, buttons: List[Dict[str, str]]) -> str:
        self.offered[recipient_id] = buttons
        return numbered_list(buttons)

    def resolve(self, recipient_id: str, text: Optional[str]) -> Optional[str]:
        """The payload of the button whose number `text` is; otherwise `text` unchanged."""
        buttons = self.offered.get(recipient_id, [])
        choice = (text or "").strip().rstrip(".")
        if choice.isdigit() and 1 <= int(choice) <= len(buttons):
            return buttons[int(choice) - 1]["payload"]
        return text

    def forget(self, recipient_id: str) -> None:
        """Numbers only refer to the buttons of the newest message."""
        self.offered.pop(recipient_id, None)

"""Chat in the terminal with a running Rasa server, over its REST channel.

Buttons are shown as numbered choices; typing the number picks one. `/stop` (or Ctrl-D) ends.

    python -m bot.channels.terminal --url http://localhost:5005/webhooks/rest/webhook
"""

import argparse
import json
import sys
import urllib.error
import urllib.request
import uuid
from typing import Callable, Dict, List, Optional, TextIO

from bot.channels.buttons import NumberedChoices

UNREACHABLE = "(The assistant can't be reached right now. Try again in a moment; /stop ends the chat.)"
HOW_TO_CHOOSE = "(Type a number to choose, or write your own question.)"

Transport = Callable[[str, str], List[Dict]]


def post_to(webhook_url: str) -> Transport:
    def post(sender: str, text: str) -> List[Dict]:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(webhook_url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    return post


class TerminalChat:
    def __init__(self, send: Transport, out: TextIO = sys.stdout, sender: Optional[str] = None) -> None:
        self.send = send
        self.out = out
        self.sender = sender or f"terminal-{uuid.uuid4().hex}"
        self.choices = NumberedChoices()

    def say(self, typed: str) -> None:
        try:
            replies = self.send(self.sender, self.choices.resolve(self.sender, typed))
        except (urllib.error.URLError, OSError, ValueError):
            print(UNREACHABLE, file=self.out)
            return
        self.choices.forget(self.sender)
        for reply in replies:
            if reply.get("text"):
                print(f"Bot: {reply['text']}", file=self.out)
            if reply.get("buttons"):
                print(self.choices.offer(self.sender, reply["buttons"]), file=self.out)
                print(HOW_TO_CHOOSE, file=self.out)
        print(file=self.out)

    def run(self, lines: TextIO = sys.stdin, opening: str = "/greet") -> None:
        self.say(opening)
        while True:
            print("You: ", end="", file=self.out, flush=True)
            typed = lines.readline()
            if not typed or typed.strip() == "/stop":
                print(file=self.out)
                return
            if typed.strip():
                self.say(typed.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:5005/webhooks/rest/webhook")
    TerminalChat(post_to(parser.parse_args().url)).run()


if __name__ == "__main__":
    main()

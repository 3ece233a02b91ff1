"""The page nginx shows while the app cannot answer tells someone who has just sent a form
that it may or may not have gone through, and that sending it again is safe (blind 10b, F4:
a sign-up answered with nginx's 503 had been carried out)."""

from __future__ import annotations

from notifier.publish.unavailable import FOLDER, unavailable_pages


def test_the_unavailable_page_says_a_form_may_have_gone_through_in_every_language() -> None:
    pages = {name: html.decode() for name, html in unavailable_pages().items()}
    said = {
        "pl": "mógł on zostać przyjęty albo nie",
        "en": "it may or may not have been accepted",
        "uk": "її могли прийняти, а могли й ні",
    }
    for code, words in said.items():
        page = pages[f"{FOLDER}/{code}.html"]
        assert all(text in page for text in said.values())  # the others below, too
        assert page.index(words) < min(page.index(t) for c, t in said.items() if c != code)

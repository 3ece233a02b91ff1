"""core.ical_fold gives exactly icalendar's own bytes, folded faster."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Event, vText

from notifier.core.ical_fold import fold_line

# Text as a harmonogram prints it: Polish letters, escapes (\ , ;), carets, emoji (4 octets).
TEXT = st.text(
    alphabet=st.sampled_from("aąbcćdeęłńóśźż ĄĘŁŃÓŚŹŻ,;:\\^\"'–—…0123456789xyz🙂€"),
    max_size=400,
)


@settings(max_examples=150, deadline=None)
@given(summary=TEXT, description=TEXT, location=TEXT)
def test_an_event_is_serialised_as_icalendar_serialises_it(
    summary: str, description: str, location: str
) -> None:
    event = Event()
    event.add("uid", "2025-a-b-20250301-20250401@leszno.harmonogram-konkursow")
    event.add("summary", vText(summary))
    event.add("description", vText(description))
    event.add("location", vText(location))
    lines = event.content_lines(sorted=True)
    assert b"".join(fold_line(line) + b"\r\n" for line in lines if line) == event.to_ical()


def test_lines_are_cut_at_74_octets_never_after_an_escape() -> None:
    assert fold_line("A" * 74) == b"A" * 74
    assert fold_line("A" * 75) == b"A" * 74 + b"\r\n A"
    assert fold_line("A" * 73 + "\\,B") == b"A" * 73 + b"\r\n \\,B"
    assert fold_line("ą" * 40) == "ą".encode() * 37 + b"\r\n " + "ą".encode() * 3

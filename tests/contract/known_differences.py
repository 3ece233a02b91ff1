"""Today's differences between the shapes of NOTIFIER_SCHEDULE: (test, shape) -> why.

conftest.py marks each as a strict expected failure (found by running the contract with
--runxfail). Delete a line when the merge of issue 20 makes its test pass: the unexpected
pass fails the run, which is how you will know.
"""

from __future__ import annotations

from contract_shapes import DIR_OF_ONE, DIR_OF_TWO, ONE_FILE

_NO_SEQUENCE = (
    "served from a directory an edited event keeps SEQUENCE:0: "
    "CatalogFeedCache._single_versions looks event versions up only when the snapshot has "
    "`single` (NOTIFIER_SCHEDULE is a file), not for a directory, even of one"
)
_DEADLINE_LINKS_HOME = (
    "a call's deadline event links 'Pełny harmonogram: …/' (core/feed_calls.py hard-codes "
    "'/') while the announcement events of the same feed link /leszno/2024/"
)
_ATOM_NEEDS_A_PASS = (
    "with several harmonograms /feed.atom (web/catalog_atom.py) lists only the window changes "
    "a worker pass recorded; with one (file or directory of one) the request records them"
)
_ALL_CITIES_TOPICS = (
    "with several harmonograms a bad topic for Leszno is refused with every city's topics "
    "(validate_spec lists catalog.topics(): 'kultura' is Zielona Góra's), not Leszno's"
)
_ALERT_LINKS_HOME = (
    "with one harmonogram (file or directory of one) the call alert says 'Harmonogram: …/' "
    "while the reminder emails say …/leszno/2024/; with two cities it says …/leszno/2024/"
)

KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {
    # test_contract_feeds.py
    ("test_an_edited_event_gets_a_higher_sequence_and_a_later_last_modified", DIR_OF_ONE): (
        _NO_SEQUENCE
    ),
    ("test_an_edited_event_gets_a_higher_sequence_and_a_later_last_modified", DIR_OF_TWO): (
        _NO_SEQUENCE
    ),
    ("test_every_event_of_the_citys_feed_links_one_harmonogram_page", ONE_FILE): (
        _DEADLINE_LINKS_HOME
    ),
    ("test_every_event_of_the_citys_feed_links_one_harmonogram_page", DIR_OF_ONE): (
        _DEADLINE_LINKS_HOME
    ),
    ("test_every_event_of_the_citys_feed_links_one_harmonogram_page", DIR_OF_TWO): (
        _DEADLINE_LINKS_HOME
    ),
    ("test_every_event_of_the_whole_calendar_links_one_harmonogram_page", DIR_OF_TWO): (
        _DEADLINE_LINKS_HOME
    ),
    ("test_a_bad_topic_on_the_citys_feed_gets_the_same_answer", DIR_OF_TWO): _ALL_CITIES_TOPICS,
    # test_contract_atom.py
    ("test_a_moved_window_is_in_the_atom_feed_at_the_next_request", DIR_OF_TWO): (
        _ATOM_NEEDS_A_PASS
    ),
    # test_contract_api_and_pages.py
    ("test_a_bad_topic_on_the_api_of_leszno_is_refused_the_same_way", DIR_OF_TWO): (
        _ALL_CITIES_TOPICS
    ),
    # test_contract_passes.py
    ("test_the_call_alert_names_the_harmonogram_page_the_reminders_name", ONE_FILE): (
        _ALERT_LINKS_HOME
    ),
    ("test_the_call_alert_names_the_harmonogram_page_the_reminders_name", DIR_OF_ONE): (
        _ALERT_LINKS_HOME
    ),
}

"""Today's differences between the shapes of NOTIFIER_SCHEDULE: (test, shape) -> why.

conftest.py marks each as a strict expected failure (found by running the contract with
--runxfail). Delete a line when the merge of issue 20 makes its test pass: the unexpected
pass fails the run, which is how you will know.
"""

from __future__ import annotations

KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {}

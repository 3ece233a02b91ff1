"""The `notifier` command line (Polish): its parser, its commands and their reports."""

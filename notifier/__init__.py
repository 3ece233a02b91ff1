"""notifier: calendar feed and email reminders for a city's harmonogram of open grant competitions."""

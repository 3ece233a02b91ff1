"""The pure core: periods, the schedule model, announcements, the calendar, what is due, digest content.

Plain functions over plain data: no files, network, database, templates or clock."""

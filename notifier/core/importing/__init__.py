"""Read a city's printed harmonogram (its table, as rows of text) into a harmonogram file.

Pure core: the format adapters in notifier.documents turn a document's bytes into text or
rows; `text_reader` finds departments, scopes, tasks and periods; `toml_writer` writes the
file in the format of schedule.toml with the review a person should read before using it.
"""

"""The store: the subscriber database, its models, tokens, rate limits, the worker lock."""

"""The office area (/biuro/): sign-in, the city's calls and results, the audit log."""

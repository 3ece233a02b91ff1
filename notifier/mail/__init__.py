"""Mail: rendering templates to text/HTML, composing MIME, and the transports (SMTP, Maildir)."""

"""Jobs: the reminder and digest passes, their claim SQL, and the APScheduler worker."""

"""Session evaluations: the end-of-session survey, the 30-day follow-up, response rates and reminders."""

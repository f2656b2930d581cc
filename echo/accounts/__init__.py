"""Accounts: sign-up, log-in, password reset, profile, notifications and the audit trail."""

"""Continuing-education credit: a program's rules, the credit each attendee earned,
certificates with a public verification page, transcripts and the exports accreditors ask for."""

"""Attendance a program can stand behind: minutes from the live board, coordinators' audited
corrections, and session codes that let an audio-only attendee claim attendance."""

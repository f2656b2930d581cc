"""A program's pre/post self-efficacy survey: how confident each clinician feels about the
program's topic when they join, and again after some sessions or on a date (the measure ECHO
programs report to funders as change in knowledge and confidence)."""

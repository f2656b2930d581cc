"""Financial disclosures of speakers and hub members (ACCME): recorded by each person, shown on
the session page and the live board before the session starts."""

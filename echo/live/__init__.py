"""The live case conference: the board page, its socket events and no-JavaScript forms, attendance."""

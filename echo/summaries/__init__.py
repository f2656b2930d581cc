"""The written summary of a presented case: composed by a coordinator from the board's
consensus, privacy-checked, sent to the presenter, printed."""

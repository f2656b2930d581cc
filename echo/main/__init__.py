"""The front page, the signed-in home page and notifications."""

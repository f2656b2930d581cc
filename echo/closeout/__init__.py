"""Case close-out: at 2 and 12 weeks after the summary, what came of the panel's recommendations."""

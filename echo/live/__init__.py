"""The live case conference (issue 4): board page, socket events, summary, attendance."""

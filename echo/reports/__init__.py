"""Program reports for coordinators and funders: figures per program and period, plots drawn
on the server with a table beside each, a CSV per figure and a print view."""

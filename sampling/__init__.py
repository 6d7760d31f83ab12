"""Set-up and sampling: the case list, the cohort, the sample draw, assignment, the team."""

"""Case-list parsing, pure Python (no Django, no database): `read` turns file bytes into rows of
cells, `check` turns rows into normalised case rows and every problem, against the columns and
spellings in `columns`. The upload page and `import_caselist` reach it through
`sampling.services.caselist`."""

from sampling.caselist.check import (
    Checked,
    caselist_check,
    caselist_counts,
    column_heading,
    errors_csv,
    ethnicity_problem,
    ref_problem,
    spreadsheet_safe,
)
from sampling.caselist.columns import caselist_columns
from sampling.caselist.read import CaseListUnreadable, caselist_read

__all__ = [
    "CaseListUnreadable",
    "Checked",
    "caselist_check",
    "caselist_columns",
    "caselist_counts",
    "caselist_read",
    "column_heading",
    "errors_csv",
    "ethnicity_problem",
    "ref_problem",
    "spreadsheet_safe",
]

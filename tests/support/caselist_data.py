"""Building case list files for tests and the benchmark."""

import csv
import io
import random
from datetime import date, timedelta

HEADER = [
    "Reference",
    "Case type",
    "Sentence or release date",
    "RoSH level",
    "Gender",
    "Ethnicity",
    "Date of birth",
    "Pre-sentence information given",
    "Practitioner grade",
]
WINDOW = (date(2022, 4, 18), date(2022, 4, 24))  # InspectionFactory's default window


def case_rows(n: int, *, seed: int = 1, prefix: str = "C") -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        start = WINDOW[0] + timedelta(days=rng.randrange(7))
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
        rows.append(
            [
                f"{prefix}{i:05d}",
                rng.choice(["Community order", "SSO", "Licence", "PSS", "community", "suspended"]),
                rng.choice([start.isoformat(), start.strftime("%d/%m/%Y")]),
                rng.choice(["Low", "Medium", "High", "Very High", "VHIGH", "med"]),
                rng.choice(["M", "Male", "F", "Female", "male"]),
                rng.choice(["White", "Asian", "Black", "Mixed", ""]),
                born.strftime("%d/%m/%Y"),
                rng.choice(["Yes", "No", ""]),
                rng.choice(["PO", "PSO", "Trainee", ""]),
            ]
        )
    return rows


def to_csv(rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def to_xlsx(rows: list[list], header: list[str] = HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cases")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

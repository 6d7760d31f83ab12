"""The PDF's running footer prints the PDU name as written, whatever characters it holds."""

import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

NAMES = [
    "Stoke-on-Trent & King's Lynn",
    'The "Quoted" PDU \\ back\\slash',
    "Tricky </style><b>bold</b> PDU",
]


def pdf_pages(inspection, tmp_path) -> list[str]:
    path = tmp_path / "draft.pdf"
    call_command(
        "draft_report",
        str(inspection.pk),
        "--format",
        "pdf",
        "--output",
        str(path),
        stdout=StringIO(),
    )
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("name", NAMES)
def test_pdf_footer_prints_the_pdu_name_as_written_on_every_page(calibrated, tmp_path, name):
    calibrated.pdu.name = name
    calibrated.pdu.save(update_fields=["name"])

    pages = pdf_pages(calibrated, tmp_path)

    footer = f"DRAFT – {name}" + ("" if name.endswith("PDU") else " PDU")
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert footer in page, f"page {number} has no footer {footer!r}"
    assert "u0026" not in " ".join(pages) and "u0027" not in " ".join(pages)


def test_html_report_keeps_the_pdu_name_inert(calibrated, tmp_path):
    calibrated.pdu.name = NAMES[2]
    calibrated.pdu.save(update_fields=["name"])
    path = tmp_path / "draft.html"
    call_command(
        "draft_report",
        str(calibrated.pk),
        "--format",
        "html",
        "--output",
        str(path),
        stdout=StringIO(),
    )
    html = path.read_text()
    assert "<b>bold</b>" not in html
    assert html.count("</style>") == 1  # only the stylesheet's own end tag
    assert "Tricky &lt;/style&gt;&lt;b&gt;bold&lt;/b&gt; PDU" in html

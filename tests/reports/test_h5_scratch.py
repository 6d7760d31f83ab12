import json
from cases.services.bundle import bundle_import
from reports.services import results_build
from tests.calibration import calibration_bundle

def test_scratch(db):
    insp = bundle_import(data=calibration_bundle())
    doc = results_build(inspection=insp)
    open("/tmp/h5/doc.json","w").write(json.dumps(doc, indent=1))

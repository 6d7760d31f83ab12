"""Second readings, their settlement, calibration (practice) cases and agreement."""

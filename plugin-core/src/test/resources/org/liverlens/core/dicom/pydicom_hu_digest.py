"""Prints, per DICOM file, the SHA-256 of its HU pixels as pydicom reads them (int16, little endian,
row-major: stored value x RescaleSlope + RescaleIntercept, rounded), or why pydicom cannot decode them.
Usage: pydicom_hu_digest.py FILE... -> {"FILE": {"sha256": ..., "sum": ...} | {"error": ...}}"""
import hashlib
import json
import sys

import numpy as np
import pydicom

result = {}
for path in sys.argv[1:]:
    ds = pydicom.dcmread(path)
    try:
        stored = ds.pixel_array
    except Exception as e:  # no handler for this transfer syntax (e.g. JPEG-LS without python3-gdcm)
        result[path] = {"error": str(e).splitlines()[0]}
        continue
    slope = float(getattr(ds, "RescaleSlope", 1))
    intercept = float(getattr(ds, "RescaleIntercept", 0))
    hu = np.rint(stored.astype(np.float64) * slope + intercept).astype("<i2")
    result[path] = {"sha256": hashlib.sha256(hu.tobytes()).hexdigest(), "sum": int(hu.astype(np.int64).sum())}
print(json.dumps(result))

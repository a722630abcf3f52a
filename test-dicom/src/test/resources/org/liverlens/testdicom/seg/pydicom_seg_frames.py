"""Every frame of a DICOM SEG as pydicom (Debian's) reads it: referenced segment, plane position and
the stored pixel values (row-major), with the SEG's type and MaximumFractionalValue.
Usage: pydicom_seg_frames.py SEG.dcm -> {"type", "maxFractionalValue", "frames": [{"segment", "position", "values"}]}"""
import json
import sys

import numpy as np
import pydicom

seg = pydicom.dcmread(sys.argv[1])
pixels = seg.pixel_array
if pixels.ndim == 2:
    pixels = pixels[np.newaxis]
frames = []
for f, item in enumerate(seg.PerFrameFunctionalGroupsSequence):
    frames.append({
        "segment": int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber),
        "position": [float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient],
        "values": pixels[f].ravel().astype(int).tolist(),
    })
print(json.dumps({"reader": "pydicom " + pydicom.__version__, "type": str(seg.SegmentationType),
                  "maxFractionalValue": int(getattr(seg, "MaximumFractionalValue", 1)), "frames": frames}))

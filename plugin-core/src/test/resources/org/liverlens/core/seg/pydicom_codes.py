"""Prints, for each segment of a SEG, the code attributes pydicom finds: {number: {category, type}}."""
import json
import sys

import pydicom


def code(item):
    for keyword in ("CodeValue", "LongCodeValue", "URNCodeValue"):
        if keyword in item:
            vr = item[keyword].VR
            return {"attribute": keyword, "vr": vr, "value": str(item[keyword].value),
                    "scheme": str(item.CodingSchemeDesignator), "meaning": str(item.CodeMeaning)}
    return None


ds = pydicom.dcmread(sys.argv[1])
out = {}
for s in ds.SegmentSequence:
    out[str(s.SegmentNumber)] = {
        "category": code(s.SegmentedPropertyCategoryCodeSequence[0]),
        "type": code(s.SegmentedPropertyTypeCodeSequence[0]),
    }
print(json.dumps(out))

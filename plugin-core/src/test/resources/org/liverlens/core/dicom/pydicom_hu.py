"""Independent reference: read a CT folder with pydicom + numpy into a HU array.

Prints JSON: shape (k, rows, columns), per-slice HU sums in ascending position along the normal,
min and max. Images whose orientation differs from the most common one are left out, as a
radiologist's viewer would split them. Used by the Java tests and by docs/benchmarks.md.
"""
import collections
import json
import os
import sys

import numpy as np
import pydicom


def load(folder):
    datasets = []
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            try:
                ds = pydicom.dcmread(os.path.join(root, name))
            except Exception:
                continue
            if getattr(ds, "Modality", "") != "CT" or "PixelData" not in ds:
                continue
            datasets.append(ds)
    orientations = collections.Counter(tuple(round(float(v), 4) for v in ds.ImageOrientationPatient) for ds in datasets)
    main = orientations.most_common(1)[0][0]
    datasets = [ds for ds in datasets if tuple(round(float(v), 4) for v in ds.ImageOrientationPatient) == main]
    normal = np.cross(np.array(main[:3]), np.array(main[3:]))
    datasets.sort(key=lambda ds: float(np.dot(np.array(ds.ImagePositionPatient, dtype=float), normal)))
    volume = np.empty((len(datasets), int(datasets[0].Rows), int(datasets[0].Columns)), dtype=np.int32)
    for k, ds in enumerate(datasets):
        slope = float(getattr(ds, "RescaleSlope", 1))
        intercept = float(getattr(ds, "RescaleIntercept", 0))
        volume[k] = np.rint(ds.pixel_array * slope + intercept)
    return volume


if __name__ == "__main__":
    v = load(sys.argv[1])
    print(json.dumps({
        "shape": list(v.shape),
        "sliceSums": [int(s) for s in v.reshape(v.shape[0], -1).sum(axis=1, dtype=np.int64)],
        "min": int(v.min()),
        "max": int(v.max()),
    }))

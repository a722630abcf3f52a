"""Independent reference for LiverLens: read a CT folder with pydicom + numpy into a HU array.

  pydicom_ct.py summary DIR          JSON: shape (k, rows, columns), per-slice HU sums, min, max
  pydicom_ct.py bench DIR RUNS       JSON: seconds of each run (the first run in this process is
                                     the cold one), peak RSS in MiB

Images whose orientation differs from the most common one are left out (a coronal reformat in an
axial series); slices are sorted by position along the normal. Used by the tests (summary) and by
`liverlens bench load` (bench), with Debian's /usr/bin/python3.
"""
import collections
import json
import os
import resource
import sys
import time

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
    volume = np.empty((len(datasets), int(datasets[0].Rows), int(datasets[0].Columns)), dtype=np.int16)
    for k, ds in enumerate(datasets):
        slope = float(getattr(ds, "RescaleSlope", 1))
        intercept = float(getattr(ds, "RescaleIntercept", 0))
        if slope == 1 and intercept == int(intercept):
            volume[k] = ds.pixel_array.astype(np.int32) + int(intercept)
        else:
            volume[k] = np.rint(ds.pixel_array * slope + intercept)
    return volume


def main(argv):
    mode, folder = argv[1], argv[2]
    if mode == "summary":
        v = load(folder).astype(np.int64)
        print(json.dumps({
            "shape": list(v.shape),
            "sliceSums": [int(s) for s in v.reshape(v.shape[0], -1).sum(axis=1)],
            "min": int(v.min()),
            "max": int(v.max()),
        }))
    elif mode == "bench":
        runs = int(argv[3])
        seconds = []
        shape = None
        for _ in range(runs):
            t0 = time.perf_counter()
            v = load(folder)
            seconds.append(time.perf_counter() - t0)
            shape = list(v.shape)
            del v
        print(json.dumps({
            "reader": "pydicom " + pydicom.__version__ + " + numpy " + np.__version__,
            "shape": shape,
            "seconds": seconds,
            "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        }))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)

"""Independent check of a DICOM SEG with pydicom (Debian's) + numpy.

  pydicom_seg.py SEG.dcm CT_DIR        per-segment voxel counts and position checksums on the
                                       source CT's slices, in the same JSON form as
                                       plugin-core/src/test/dcmjs/seg-masks.js (tests)
  pydicom_seg.py --bench SEG.dcm RUNS  seconds of each dcmread + pixel_array, peak RSS (bench seg)

Frames are placed on CT slices by PlanePositionSequence (k = CT slice index sorted by position
along the normal); frames are matched to segments by SegmentIdentificationSequence.
"""
import collections
import json
import os
import sys

import numpy as np
import pydicom


def ct_positions(folder):
    headers = []
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            try:
                ds = pydicom.dcmread(os.path.join(root, name), stop_before_pixels=True)
            except Exception:
                continue
            if getattr(ds, "Modality", "") == "CT" and "ImagePositionPatient" in ds:
                headers.append(ds)
    key = lambda ds: tuple(round(float(v), 4) for v in ds.ImageOrientationPatient)
    main = collections.Counter(key(ds) for ds in headers).most_common(1)[0][0]
    headers = [ds for ds in headers if key(ds) == main]
    normal = np.cross(np.array(main[:3]), np.array(main[3:]))
    return sorted(float(np.dot(np.array(ds.ImagePositionPatient, dtype=float), normal)) for ds in headers), normal


def main(seg_file, ct_dir):
    distances, normal = ct_positions(ct_dir)
    seg = pydicom.dcmread(seg_file)
    frames = seg.pixel_array
    if frames.ndim == 2:
        frames = frames[np.newaxis]
    result = {}
    for f, item in enumerate(seg.PerFrameFunctionalGroupsSequence):
        number = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        ipp = np.array(item.PlanePositionSequence[0].ImagePositionPatient, dtype=float)
        d = float(np.dot(ipp, normal))
        k = min(range(len(distances)), key=lambda i: abs(distances[i] - d))
        if abs(distances[k] - d) > 0.01:
            raise SystemExit("frame %d at %.3f mm is not on a CT slice" % (f + 1, d))
        positions = np.flatnonzero(frames[f].ravel())
        if positions.size == 0:
            continue
        r = result.setdefault(str(number), {"count": 0, "perSlice": {}, "checksum": 0})
        r["count"] += int(positions.size)
        r["perSlice"][str(k)] = r["perSlice"].get(str(k), 0) + int(positions.size)
        r["checksum"] = int((r["checksum"] + int(((positions.astype(np.int64) + 1) * (k + 1) % 2147483648).sum())) % 2147483648)
    print(json.dumps({"reader": "pydicom " + pydicom.__version__, "segments": result}))


def bench(seg_file, runs):
    import resource
    import time
    seconds = []
    for _ in range(runs):
        t0 = time.perf_counter()
        ds = pydicom.dcmread(seg_file)
        frames = ds.pixel_array
        seconds.append(time.perf_counter() - t0)
        del frames, ds
    print(json.dumps({"reader": "pydicom " + pydicom.__version__ + " + numpy " + np.__version__, "seconds": seconds,
                      "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))


if __name__ == "__main__":
    if sys.argv[1] == "--bench":
        bench(sys.argv[2], int(sys.argv[3]))
    else:
        main(sys.argv[1], sys.argv[2])

// Reconstructs the masks of a DICOM SEG on its source CT with dcmjs's Cornerstone segmentation
// adapter (what OHIF uses), and prints per-segment voxel counts and position checksums as JSON.
//   node seg-masks.js SEG.dcm CT_DIR
// Slices are the CT images sorted by position along the normal (k ascending), as LiverLens does.
"use strict";
const fs = require("fs");
const path = require("path");
const dcmjs = require("dcmjs");

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;

function readDataset(file) {
  const buf = fs.readFileSync(file);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const dicom = DicomMessage.readFile(ab);
  const ds = DicomMetaDictionary.naturalizeDataset(dicom.dict);
  ds._meta = DicomMetaDictionary.namifyDataset(dicom.meta);
  return { ds, ab };
}

function listFiles(dir) {
  const out = [];
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

function main() {
  const [segFile, ctDir] = process.argv.slice(2);
  const images = [];
  for (const f of listFiles(ctDir)) {
    let ds;
    try {
      ds = readDataset(f).ds;
    } catch (e) {
      continue;
    }
    if (ds.Modality !== "CT" || !ds.ImagePositionPatient) continue;
    images.push({ id: f, ds });
  }
  const iop = images[0].ds.ImageOrientationPatient.map(Number);
  const key = (ds) => ds.ImageOrientationPatient.map((v) => Number(v).toFixed(4)).join(",");
  const mainKey = key(images[0].ds);
  const counts = {};
  for (const im of images) counts[key(im.ds)] = (counts[key(im.ds)] || 0) + 1;
  const best = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
  const axial = images.filter((im) => key(im.ds) === best);
  const o = axial[0].ds.ImageOrientationPatient.map(Number);
  const n = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
  const dist = (ds) => ds.ImagePositionPatient.map(Number).reduce((s, v, i) => s + v * n[i], 0);
  axial.sort((a, b) => dist(a.ds) - dist(b.ds));
  const byId = new Map(axial.map((im) => [im.id, im.ds]));
  const imageIds = axial.map((im) => im.id);

  const metadataProvider = {
    get(type, imageId) {
      const ds = byId.get(imageId);
      if (!ds) return undefined;
      const ipp = ds.ImagePositionPatient.map(Number);
      const iopv = ds.ImageOrientationPatient.map(Number);
      switch (type) {
        case "instance":
          return ds;
        case "generalSeriesModule":
          return { seriesInstanceUID: ds.SeriesInstanceUID, modality: ds.Modality };
        case "sopCommonModule":
          return { sopInstanceUID: ds.SOPInstanceUID, sopClassUID: ds.SOPClassUID };
        case "imagePixelModule":
          return { rows: ds.Rows, columns: ds.Columns, bitsAllocated: ds.BitsAllocated };
        case "imagePlaneModule":
          return {
            rows: ds.Rows,
            columns: ds.Columns,
            imagePositionPatient: ipp,
            rowCosines: iopv.slice(0, 3),
            columnCosines: iopv.slice(3, 6),
            pixelSpacing: ds.PixelSpacing.map(Number),
            rowPixelSpacing: Number(ds.PixelSpacing[0]),
            columnPixelSpacing: Number(ds.PixelSpacing[1]),
            frameOfReferenceUID: ds.FrameOfReferenceUID,
          };
        default:
          return undefined;
      }
    },
  };

  const { ab } = readDataset(segFile);
  const state = dcmjs.adapters.Cornerstone.Segmentation.generateToolState(imageIds, ab, metadataProvider);
  if (!state) throw new Error("dcmjs returned no tool state");
  const rows = axial[0].ds.Rows;
  const cols = axial[0].ds.Columns;
  const slice = rows * cols;
  const result = {};
  for (const buffer of state.labelmapBufferArray) {
    const labels = new Uint16Array(buffer);
    for (let k = 0; k < imageIds.length; k++) {
      for (let p = 0; p < slice; p++) {
        const s = labels[k * slice + p];
        if (s === 0) continue;
        const r = (result[s] = result[s] || { count: 0, perSlice: {}, checksum: 0 });
        r.count++;
        r.perSlice[k] = (r.perSlice[k] || 0) + 1;
        // position checksum: sum of (p + 1) * (k + 1) mod 2^31 over the mask's voxels
        r.checksum = (r.checksum + ((p + 1) * (k + 1)) % 2147483648) % 2147483648;
      }
    }
  }
  process.stdout.write(JSON.stringify({ reader: "dcmjs " + JSON.parse(fs.readFileSync(path.join(__dirname, "node_modules/dcmjs/package.json"))).version, segments: result }) + "\n");
}

main();

"""Peer for `liverlens bench segment`: the LiverLens 2.5D U-Net as TorchScript in Debian's python3-torch.

  torchscript_unet.py DUMP_DIR BATCH THREADS RUNS

DUMP_DIR holds what the Java side wrote: weights.json (DJL parameter names and shapes, in order),
weights.f32 (those parameters, float32 little-endian, concatenated), tiles.f32 + tiles.json (the
normalised input tiles [T, C, H, W] that LiverLens fed its network) and logits.f32 (LiverLens'
output logits of the first batch). The script builds the same network in torch.nn, loads the
weights by position, checks that its logits equal LiverLens' (max abs difference), exports it with
torch.jit.trace (unet.pt), as the same trace frozen with torch.jit.freeze, which folds each batch
norm into its convolution (unet-folded.pt), both into DUMP_DIR for LiverLens to load. It reloads
both files and times the forward passes + softmax over all tiles in batches of BATCH with THREADS
intra-op threads, one warm-up round and RUNS timed rounds, the two modules taking turns within a
round. Prints JSON.
"""
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn_relu(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout, eps=1e-5), nn.ReLU())


class UNet2d(nn.Module):
    def __init__(self, cin, classes, widths):
        super().__init__()
        self.down = nn.ModuleList()
        c = cin
        for w in widths:
            self.down.append(nn.Sequential(conv_bn_relu(c, w), conv_bn_relu(w, w)))
            c = w
        self.upconv = nn.ModuleList()
        self.upunit = nn.ModuleList()
        for l in range(len(widths) - 2, -1, -1):
            self.upconv.append(conv_bn_relu(c, widths[l]))
            self.upunit.append(nn.Sequential(conv_bn_relu(2 * widths[l], widths[l]), conv_bn_relu(widths[l], widths[l])))
            c = widths[l]
        self.head = nn.Conv2d(c, classes, 1)
        self.levels = len(widths)

    def forward(self, x):
        skips = []
        for l, block in enumerate(self.down):
            x = block(x)
            if l < self.levels - 1:
                skips.append(x)
                x = F.max_pool2d(x, 2, 2)
        for u, (conv, unit) in enumerate(zip(self.upconv, self.upunit)):
            skip = skips[self.levels - 2 - u]
            x = F.interpolate(x, size=skip.shape[2:], mode="nearest")
            x = conv(x)
            x = torch.cat([skip, x], 1)
            x = unit(x)
        return self.head(x)


def tensors_in_djl_order(net):
    """Parameters and buffers in the order DJL lists them: conv weight, BN gamma, beta, mean, var; head weight, bias."""
    out = []
    def seq(s):
        for m in s.modules():
            if isinstance(m, nn.Conv2d):
                out.append(m.weight)
                if m.bias is not None:
                    out.append(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                out.extend([m.weight, m.bias, m.running_mean, m.running_var])
    for d in net.down:
        seq(d)
    for conv, unit in zip(net.upconv, net.upunit):
        seq(conv)
        seq(unit)
    seq(net.head)
    return out


def main():
    dump, batch, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    meta = json.load(open(os.path.join(dump, "weights.json")))
    flat = np.fromfile(os.path.join(dump, "weights.f32"), dtype="<f4")
    net = UNet2d(meta["inChannels"], meta["classes"], meta["widths"]).eval()
    targets = tensors_in_djl_order(net)
    if len(targets) != len(meta["parameters"]):
        raise SystemExit("parameter count differs: torch %d, DJL %d" % (len(targets), len(meta["parameters"])))
    pos = 0
    with torch.no_grad():
        for t, p in zip(targets, meta["parameters"]):
            n = int(np.prod(p["shape"]))
            if list(t.shape) != p["shape"]:
                raise SystemExit("shape of %s differs: torch %s, DJL %s" % (p["name"], list(t.shape), p["shape"]))
            t.copy_(torch.from_numpy(flat[pos:pos + n].reshape(p["shape"]).copy()))
            pos += n
    tiles_meta = json.load(open(os.path.join(dump, "tiles.json")))
    shape = tiles_meta["shape"]
    tiles = torch.from_numpy(np.fromfile(os.path.join(dump, "tiles.f32"), dtype="<f4").reshape(shape))
    ts_file = os.path.join(dump, "unet.pt")
    folded_file = os.path.join(dump, "unet-folded.pt")
    with torch.no_grad():
        traced = torch.jit.trace(net, tiles[:batch])
        traced.save(ts_file)
        torch.jit.freeze(traced).save(folded_file)
    model = torch.jit.load(ts_file).eval()
    folded = torch.jit.load(folded_file).eval()
    ours = np.fromfile(os.path.join(dump, "logits.f32"), dtype="<f4")
    with torch.no_grad():
        diff = float(np.abs(model(tiles[:batch]).numpy().ravel() - ours).max())
        folded_diff = float(np.abs(folded(tiles[:batch]).numpy().ravel() - ours).max())
    seconds = {"traced": [], "folded": []}
    with torch.no_grad():
        for _ in range(runs + 1):  # the first round warms up (the profiling executor optimises on early calls)
            for name, m in (("traced", model), ("folded", folded)):
                t0 = time.perf_counter()
                for b in range(0, shape[0], batch):
                    m(tiles[b:b + batch]).softmax(1).numpy()
                seconds[name].append(time.perf_counter() - t0)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "tiles": shape[0],
                      "batch": batch, "seconds": seconds["traced"][1:], "foldedSeconds": seconds["folded"][1:],
                      "maxAbsLogitDifference": diff, "foldedMaxAbsLogitDifference": folded_diff,
                      "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
                      "torchscript": ts_file}))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The bench64 training step of equilibria written in plain PyTorch (Python).

This is the reference that `equilibria bench --pytorch` compares the DJL implementation with: the
same networks (style-based generators with unfused modulated convolutions and demodulation, noise,
skip ToRGB; the discriminator with embedding and class heads), the same losses and the same step
(D on detached samples, then A and B jointly with D frozen; Adam with betas 0, 0.99), with the
reference genome of DESIGN.md. Prints one JSON object: {"torch": version, "threads": n,
"bench64_ms_per_step": median}.

Usage: python3 bench64_pytorch.py [measured_steps [threads [device]]]
  (threads default: all cores; device: cpu (default) or cuda:N, where equilibria's bench --device gpu:N runs)
"""
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

SQRT2 = math.sqrt(2)
DEVICE = torch.device(sys.argv[3] if len(sys.argv) > 3 else "cpu")
RES = 64
Z = 128
W = 128
MAPPING = 4
BATCH = 16
CHANNELS = {4: 256, 8: 256, 16: 128, 32: 64, 64: 32}
LR = 0.002


def lrelu(x):
    return F.leaky_relu(x, 0.2) * SQRT2


class Net:
    def __init__(self):
        self.params = []

    def normal(self, *shape, scale=1.0):
        p = (torch.randn(*shape, device=DEVICE) * scale).requires_grad_()
        self.params.append(p)
        return p

    def const(self, value, *shape):
        p = torch.full(shape, float(value), device=DEVICE).requires_grad_()
        self.params.append(p)
        return p


def modulated_conv2d(x, weight, styles, gain, demodulate):
    n, i = styles.shape
    y = F.conv2d(x * styles.reshape(n, i, 1, 1), weight * gain, padding=weight.shape[2] // 2)
    if not demodulate:
        return y
    o = weight.shape[0]
    w2 = (weight * gain).square().sum(dim=[2, 3])
    d = (styles.square() @ w2.t() + 1e-8).rsqrt()
    return y * d.reshape(n, o, 1, 1)


class Generator(Net):
    def __init__(self):
        super().__init__()
        self.mapping = []
        fan = Z
        for _ in range(MAPPING):
            self.mapping.append((self.normal(W, fan, scale=100.0), self.const(0, W), fan))
            fan = W
        self.const_input = self.normal(CHANNELS[4], 4, 4)
        self.blocks = []
        prev = CHANNELS[4]
        r = 4
        while r <= RES:
            c = CHANNELS[r]
            conv0 = self.layer(prev, c, 3) if r > 4 else None
            conv1 = self.layer(c if r > 4 else prev, c, 3)
            torgb = self.layer(c, 3, 1)
            self.blocks.append((conv0, conv1, torgb))
            prev = c
            r *= 2

    def layer(self, i, o, k):
        return {"A": self.normal(i, W), "Ab": self.const(1, i), "w": self.normal(o, i, k, k),
                "s": self.const(0, o) if k == 3 else None, "b": self.const(0, o), "in": i, "out": o, "k": k}

    def synthesis_layer(self, x, w, L, up):
        if up:
            x = F.interpolate(x, scale_factor=2, mode="nearest")
        styles = F.linear(w, L["A"]) * (1 / math.sqrt(W)) + L["Ab"]
        x = modulated_conv2d(x, L["w"], styles, 1 / math.sqrt(L["in"] * 9), True)
        n, _, h, ww = x.shape
        x = x + torch.randn(n, 1, h, ww, device=DEVICE) * L["s"].reshape(1, -1, 1, 1)
        return lrelu(x + L["b"].reshape(1, -1, 1, 1))

    def torgb(self, x, w, L):
        styles = F.linear(w, L["A"]) * (1 / math.sqrt(W)) + L["Ab"]
        return modulated_conv2d(x, L["w"], styles, 1 / math.sqrt(L["in"]), False) + L["b"].reshape(1, 3, 1, 1)

    def __call__(self, z):
        x = z * (z.square().mean(dim=1, keepdim=True) + 1e-8).rsqrt()
        for weight, bias, fan in self.mapping:
            x = lrelu(F.linear(x, weight) * (0.01 / math.sqrt(fan)) + bias * 0.01)
        w = x
        x = self.const_input.expand(z.shape[0], -1, -1, -1)
        img = None
        for conv0, conv1, torgb in self.blocks:
            if conv0 is not None:
                x = self.synthesis_layer(x, w, conv0, True)
            x = self.synthesis_layer(x, w, conv1, False)
            rgb = self.torgb(x, w, torgb)
            img = rgb if img is None else F.interpolate(img, scale_factor=2, mode="nearest") + rgb
        return img


class Discriminator(Net):
    def __init__(self):
        super().__init__()
        self.fromrgb = self.conv(3, CHANNELS[RES], 1)
        self.blocks = []
        r = RES
        while r > 4:
            self.blocks.append((self.conv(CHANNELS[r], CHANNELS[r], 3), self.conv(CHANNELS[r], CHANNELS[r // 2], 3)))
            r //= 2
        c4 = CHANNELS[4]
        self.epilogue = self.conv(c4, c4, 3)
        self.embed = (self.normal(128, c4 * 16), self.const(0, 128))
        self.out = (self.normal(1, 128), self.const(0, 1))

    def conv(self, i, o, k):
        return (self.normal(o, i, k, k), self.const(0, o), 1 / math.sqrt(i * k * k))

    @staticmethod
    def apply(x, c):
        w, b, g = c
        return lrelu(F.conv2d(x, w * g, padding=w.shape[2] // 2) + b.reshape(1, -1, 1, 1))

    def __call__(self, x):
        x = self.apply(x, self.fromrgb)
        for c0, c1 in self.blocks:
            x = F.avg_pool2d(self.apply(self.apply(x, c0), c1), 2)
        x = self.apply(x, self.epilogue).flatten(1)
        e = F.linear(x, self.embed[0]) * (1 / math.sqrt(x.shape[1])) + self.embed[1]
        logit = F.linear(lrelu(e), self.out[0]) * (1 / math.sqrt(128)) + self.out[1]
        return e, logit.reshape(-1)


def bce(logits, label):
    return (F.softplus(logits) - logits * label).mean()


def colour_variance(x):
    n = x.shape[0]
    per_channel = (x - x.mean(0, keepdim=True)).square().mean(0)
    pooled = x.transpose(0, 1).reshape(3 * n, x.shape[2], x.shape[3])
    return (pooled - pooled.mean(0, keepdim=True)).square().mean() + per_channel.mean(dim=[1, 2]).sum()


def grad_norm(net):
    return torch.stack([p.grad.square().sum() for p in net.params]).sum().sqrt()


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count())
    torch.manual_seed(1)
    a, b, d = Generator(), Generator(), Discriminator()
    opts = [torch.optim.Adam(n.params, lr=LR, betas=(0.0, 0.99), eps=1e-8) for n in (a, b, d)]

    def step():
        # D on detached samples: A -> 1, B -> 0.
        z = torch.randn(BATCH, Z, device=DEVICE)
        with torch.no_grad():
            x = torch.cat([a(z), b(z)])
        _, logits = d(x)
        d_loss = 0.5 * (bce(logits[:BATCH], 1.0) + bce(logits[BATCH:], 0.0))
        opts[2].zero_grad()
        d_loss.backward()
        gd = grad_norm(d)
        opts[2].step()
        # A and B jointly, D frozen; each generator's terms detach the other's outputs.
        z = torch.randn(BATCH, Z, device=DEVICE)
        for p in d.params:
            p.requires_grad_(False)
        xa, xb = a(z), b(z)
        e, logits = d(torch.cat([xa, xb]))
        ea, eb = e[:BATCH], e[BATCH:]
        va, vb = colour_variance(xa), colour_variance(xb)
        ta = [bce(logits[:BATCH], 0.0), (ea - eb.detach()).square().sum(1).add(1e-8).sqrt().mean(), vb.detach() - va]
        tb = [bce(logits[BATCH:], 1.0), (eb - ea.detach()).square().sum(1).add(1e-8).sqrt().mean(), va.detach() - vb]
        opts[0].zero_grad()
        opts[1].zero_grad()
        (sum(ta) + sum(tb)).backward()
        for p in d.params:
            p.requires_grad_(True)
        stats = torch.stack([d_loss.detach(), *[t.detach() for t in ta + tb], grad_norm(a), grad_norm(b), gd, va.detach(), vb.detach()])
        opts[0].step()
        opts[1].step()
        return stats.tolist()

    times = []
    for i in range(3 + steps):
        t0 = time.perf_counter()
        step()
        if i >= 3:
            times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "bench64_ms_per_step": statistics.median(times)}))


if __name__ == "__main__":
    main()

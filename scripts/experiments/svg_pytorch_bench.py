#!/usr/bin/env python3
"""SVG-LP training throughput in PyTorch, to set beside `vidlat bench svg`.

A checking tool only (the product takes no Python): the same architecture as the engine's
SVGModel (Sources/VideoPrediction/SVGModel*.swift, FrameEncoder.swift, FrameDecoder.swift,
RecurrentNetwork.swift), the same step as SVGBenchmark (forward + backward + one Adam
update on 16 random sequences of 5 + 10 frames), on the CPU with 2 threads.

Architecture (S = 64; every halving of S drops the first encoder stage and the last decoder
stage, as in the engine):
- encoder: conv 4x4 s2 p1 1->64, 64->128, 128->256, 256->512 (leaky ReLU 0.2), then conv 4x4
  valid 512->128 (tanh); the stage outputs are the skip maps;
- decoder: transposed conv 4x4 128->512 (1x1 -> 4x4, leaky ReLU), then per stage
  cat(map, skip) -> transposed conv 4x4 s2 p1: 1024->256, 512->128, 256->64 (leaky ReLU),
  128->1 (sigmoid); the skips of step t are those of frame min(t - 1, C - 1);
- predictor: Linear(g + z -> 256), LSTM 2 x 256, Linear(256 -> g), tanh;
- posterior and prior: Linear(g -> 256), LSTM 1 x 256, Linear(256 -> 2z) (mean, logvar);
- loss: sum over the 14 predicted frames of the MSE (mean over batch and pixels) + 1e-4 x
  KL(q || p) summed over z and time, averaged over the batch; teacher forcing; z from the
  posterior by reparameterisation; the posterior reads h_1..h_14, the prior and the
  predictor h_0..h_13.
- no batch norm; Adam, learning rate 2e-3.

The engine's LSTM has one bias per layer ([4H]); torch.nn.LSTM has two (b_ih, b_hh). b_hh is
zeroed and left out of the optimizer, so the trained parameters match the engine's one for
one. (Freezing it with requires_grad_(False) instead made nn.LSTM's forward + backward of the
2 x 256 LSTM on [14, 16, 256] take 1.4 s instead of 0.07 to 0.7 s in one test here.)
The LSTM runs over the whole sequence at once (teacher forcing), as the engine's
LSTM.forward(sequence:batch:) does.

    python3 scripts/experiments/svg_pytorch_bench.py --size 64 --steps 3
"""

import argparse
import time
import warnings

warnings.filterwarnings("ignore", message="Failed to initialize NumPy")

import torch
import torch.nn as nn
import torch.nn.functional as F


def engine_parameter_count(size, channels=1, nf=64, g=128, z=10, hidden=256,
                           predictor_layers=2, posterior_layers=1, prior_layers=1):
    """The engine's SVG-LP parameter count from its layer shapes (Conv2D [k, k, in, out] +
    [out]; TransposedConv2D [in, k, k, out] + [out]; Dense [in, out] + [out]; LSTM layer
    [in + H, 4H] + [4H]). Matches `vidlat train --model svg-lp` (5,264,809 at 32 x 32)."""
    stages = (size // 4).bit_length() - 1
    skip = [nf << i for i in range(stages)]
    count = 0
    c_in = channels
    for c_out in skip:                          # encoder stages
        count += 16 * c_in * c_out + c_out
        c_in = c_out
    count += 16 * c_in * g + g                  # encoder head
    count += 16 * g * skip[-1] + skip[-1]       # decoder head
    for e in reversed(range(stages)):           # decoder stages
        c_out = channels if e == 0 else skip[e - 1]
        count += 16 * 2 * skip[e] * c_out + c_out

    def network(n, layers, o):
        lstm = layers * ((hidden + hidden) * 4 * hidden + 4 * hidden)
        return n * hidden + hidden + lstm + hidden * o + o

    count += network(g + z, predictor_layers, g)
    count += network(g, posterior_layers, 2 * z)
    count += network(g, prior_layers, 2 * z)
    return count


class Encoder(nn.Module):
    def __init__(self, size, channels, nf, g):
        super().__init__()
        stages = (size // 4).bit_length() - 1
        self.stages = nn.ModuleList()
        c_in = channels
        for i in range(stages):
            self.stages.append(nn.Conv2d(c_in, nf << i, 4, 2, 1))
            c_in = nf << i
        self.head = nn.Conv2d(c_in, g, 4, 1, 0)

    def forward(self, x):
        skips = []
        for conv in self.stages:
            x = F.leaky_relu(conv(x), 0.2)
            skips.append(x)
        return torch.tanh(self.head(x)).flatten(1), skips


class Decoder(nn.Module):
    def __init__(self, size, channels, nf, g):
        super().__init__()
        stages = (size // 4).bit_length() - 1
        skip = [nf << i for i in range(stages)]
        self.head = nn.ConvTranspose2d(g, skip[-1], 4, 1, 0)
        self.stages = nn.ModuleList()
        for e in reversed(range(stages)):  # coarsest first
            c_out = channels if e == 0 else skip[e - 1]
            self.stages.append(nn.ConvTranspose2d(2 * skip[e], c_out, 4, 2, 1))

    def forward(self, g, skips):
        """g [M, g]; skips finest first, each [M, c, s, s] (already gathered per step)."""
        x = F.leaky_relu(self.head(g[:, :, None, None]), 0.2)
        last = len(self.stages) - 1
        for j, deconv in enumerate(self.stages):
            x = deconv(torch.cat([x, skips[last - j]], 1))
            x = torch.sigmoid(x) if j == last else F.leaky_relu(x, 0.2)
        return x


class RecurrentNetwork(nn.Module):
    """Linear embed, stacked LSTM (one trainable bias per layer), Linear output."""

    def __init__(self, n, hidden, layers, o):
        super().__init__()
        self.embed = nn.Linear(n, hidden)
        self.lstm = nn.LSTM(hidden, hidden, layers)
        for name, p in self.lstm.named_parameters():
            if name.startswith("bias_hh"):  # zero, not trained (see trained_parameters)
                with torch.no_grad():
                    p.zero_()
            elif name.startswith("bias_ih"):  # the engine's forget bias of 1
                with torch.no_grad():
                    p.zero_()
                    p[hidden:2 * hidden] = 1
        self.output = nn.Linear(hidden, o)

    def forward(self, x):  # x [steps, batch, n], time-major
        y, _ = self.lstm(self.embed(x))
        return self.output(y)


def trained_parameters(model):
    """Every parameter but nn.LSTM's second bias (b_hh), which stays zero."""
    return [p for name, p in model.named_parameters() if ".bias_hh" not in name]


class SVGLP(nn.Module):
    def __init__(self, size, channels=1, nf=64, g=128, z=10, hidden=256, context=5,
                 beta=1e-4):
        super().__init__()
        self.g, self.z, self.context, self.beta = g, z, context, beta
        self.encoder = Encoder(size, channels, nf, g)
        self.decoder = Decoder(size, channels, nf, g)
        self.predictor = RecurrentNetwork(g + z, hidden, 2, g)
        self.posterior = RecurrentNetwork(g, hidden, 1, 2 * z)
        self.prior = RecurrentNetwork(g, hidden, 1, 2 * z)

    def loss(self, frames):
        """frames [T, B, C, S, S] in [0, 1]."""
        T, B = frames.shape[:2]
        steps = T - 1
        h, skips = self.encoder(frames.flatten(0, 1))
        h = h.view(T, B, self.g)
        previous, targets = h[:-1], h[1:]
        q = self.posterior(targets)
        mu_q, logvar_q = q[..., :self.z], q[..., self.z:]
        latent = mu_q + torch.exp(0.5 * logvar_q) * torch.randn_like(mu_q)
        p = self.prior(previous)
        mu_p, logvar_p = p[..., :self.z], p[..., self.z:]
        predicted = torch.tanh(self.predictor(torch.cat([previous, latent], -1)))
        index = torch.tensor([min(t - 1, self.context - 1) for t in range(1, T)])
        gathered = [s.view(T, B, *s.shape[1:])[index].flatten(0, 1) for s in skips]
        decoded = self.decoder(predicted.flatten(0, 1), gathered)
        truth = frames[1:].flatten(0, 1)
        reconstruction = (decoded - truth).pow(2).sum() / (B * frames[0, 0].numel())
        kl = 0.5 * (logvar_p - logvar_q
                    + (torch.exp(logvar_q) + (mu_q - mu_p) ** 2) / torch.exp(logvar_p)
                    - 1).sum() / B
        return reconstruction + self.beta * kl, reconstruction, kl


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=64, choices=[32, 64])
    parser.add_argument("--steps", type=int, default=3, help="timed steps after 1 warm-up")
    parser.add_argument("--sequences", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep-denormals", action="store_true",
                        help="do not flush denormal floats to zero")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    flushing = not args.keep_denormals and torch.set_flush_denormal(True)
    torch.manual_seed(1)
    context, future = 5, 10
    T = context + future
    model = SVGLP(args.size, context=context)
    trainable = sum(p.numel() for p in trained_parameters(model))
    engine = engine_parameter_count(args.size)
    frames = torch.rand(T, args.sequences, 1, args.size, args.size)
    optimizer = torch.optim.Adam(trained_parameters(model), lr=2e-3)

    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"{torch.backends.mkldnn.is_available() and 'oneDNN available' or 'no oneDNN'}, "
          f"denormals {'flushed to zero' if flushing else 'kept'}")
    print(f"SVG-LP {args.size} x {args.size}: {trainable} trained parameters "
          f"(engine: {engine}{', same' if trainable == engine else ', DIFFERENT'})")

    seconds = []
    for index in range(args.steps + 1):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss, reconstruction, kl = model.loss(frames)
        loss.backward()
        optimizer.step()
        elapsed = time.perf_counter() - start
        if index == 0:
            print(f"warm-up step {1000 * elapsed:.0f} ms, loss {loss.item():.6f} "
                  f"(reconstruction {reconstruction.item():.6f}, kl {kl.item():.6f})")
        else:
            seconds.append(elapsed)
    frames_per_step = args.sequences * T
    best = min(seconds)
    median = sorted(seconds)[len(seconds) // 2]
    print(f"{args.sequences} sequences x {T} frames: best step {1000 * best:.1f} ms "
          f"(median {1000 * median:.1f} ms), {frames_per_step / best:.1f} frames/s")


if __name__ == "__main__":
    main()

"""Composite a flat vidlat dataset (white object on black, mono y4m) onto a coloured
textured background with a coloured object and sensor noise; writes a dataset folder."""
import sys, shutil, numpy as np
src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0
data = open(f"{src}/video.y4m", "rb").read()
header, rest = data.split(b"\n", 1)
fields = header.decode().split()
w = int([f for f in fields if f.startswith("W")][0][1:]); h = int([f for f in fields if f.startswith("H")][0][1:])
frames = []
pos = 0
while pos < len(rest):
    nl = rest.index(b"\n", pos); pos = nl + 1
    frames.append(np.frombuffer(rest[pos:pos + w * h], np.uint8).reshape(h, w) / 255.0); pos += w * h
m = np.stack(frames)[..., None]
rng = np.random.default_rng(seed)
y, x = np.mgrid[0:h, 0:w] / max(w, h)
bg = np.stack([0.45 + 0.15 * np.sin(23 * x + 7 * y) * np.sin(17 * y), 0.5 + 0.1 * np.sin(31 * y), 0.35 + 0.12 * np.cos(13 * x * y * 9)], -1)
bg += 0.06 * rng.standard_normal((h, w, 3))
obj = np.array([0.85, 0.25, 0.15])
out = m * obj + (1 - m) * bg + 0.02 * rng.standard_normal(m.shape[:3] + (3,))
out = np.clip(out, 0, 1)
R, G, B = out[..., 0], out[..., 1], out[..., 2]
Y = 0.299 * R + 0.587 * G + 0.114 * B
Cb = (B - Y) / 1.772 + 128 / 255; Cr = (R - Y) / 1.402 + 128 / 255
q = lambda a: np.clip(np.round(a * 255), 0, 255).astype(np.uint8)
shutil.copytree(src, dst, dirs_exist_ok=True)
hdr = " ".join(f for f in fields if not f.startswith("C") and not f.startswith("XCOLORRANGE")) + " C444 XCOLORRANGE=FULL\n"
with open(f"{dst}/video.y4m", "wb") as f:
    f.write(hdr.encode())
    for t in range(len(frames)):
        f.write(b"FRAME\n"); f.write(q(Y[t]).tobytes()); f.write(q(Cb[t]).tobytes()); f.write(q(Cr[t]).tobytes())

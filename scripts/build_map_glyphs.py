"""Build the map's label glyphs: ``dashboards/assets/glyphs/{range}.pbf`` (signed distance fields).

MapLibre draws map text from glyph files (protobuf, one per block of 256 code points, each glyph a
24 px signed distance field with a 3 px border). Plotly's built-in styles fetch them from a font
server; the dashboard serves these instead, so labels work offline. Made from Noto Sans Regular
(SIL Open Font License 1.1, whose text ships beside the glyphs as ``OFL.txt``; Debian's
``fonts-noto-core``) with Pillow and SciPy, both needed only here:

    pip install ".[glyphs]"          # Pillow and SciPy
    python scripts/build_map_glyphs.py [--font /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf]

Only the blocks that English place names use are built (Latin, Latin-1, Latin Extended-A,
general punctuation); the app answers other blocks with an empty glyph set. Arabic is not drawn on
the map: MapLibre would need its right-to-left shaping plugin, which is fetched from a CDN.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dashboards" / "assets" / "glyphs"
FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
FONTSTACK = "Noto Sans Regular"
RANGES = (0, 256, 8192)  # block starts: ASCII + Latin-1, Latin Extended-A, punctuation
#: Characters drawn (all in Noto Sans): printable ASCII, Latin-1, Latin Extended-A, dashes and quotes.
CHARS = frozenset([*range(32, 127), *range(160, 384), *range(0x2010, 0x2028), *range(0x2030, 0x203B)])
SIZE, BUFFER, RADIUS, CUTOFF = 24, 3, 8, 0.25  # MapLibre's glyph conventions
SCALE = 4  # render this many times larger, then sample, for a smoother distance field


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, value: int | bytes, *, signed: bool = False) -> bytes:
    if isinstance(value, bytes):
        return _varint(number << 3 | 2) + _varint(len(value)) + value
    if signed:
        value = (value << 1) ^ (value >> 31)  # zigzag
    return _varint(number << 3) + _varint(value)


def glyph(font, code: int) -> bytes | None:  # noqa: ANN001 - a Pillow FreeTypeFont
    """One glyph message for ``code``, or None when the font has no such character."""
    from PIL import Image, ImageDraw
    from scipy.ndimage import distance_transform_edt

    char = chr(code)
    if code not in CHARS:
        return None
    advance = round(font.getlength(char) / SCALE)
    left, top, right, bottom = font.getbbox(char, anchor="ls")
    ascent = font.getmetrics()[0] / SCALE
    if right <= left or bottom <= top:  # a space: metrics only
        return b"".join(
            [
                _field(1, code),
                _field(3, 0),
                _field(4, 0),
                _field(5, 0, signed=True),
                _field(6, 0, signed=True),
                _field(7, advance),
            ]
        )
    x0, x1 = math.floor(left / SCALE), math.ceil(right / SCALE)
    y0, y1 = math.floor(top / SCALE), math.ceil(bottom / SCALE)
    width, height = x1 - x0, y1 - y0
    w, h = width + 2 * BUFFER, height + 2 * BUFFER
    image = Image.new("L", (w * SCALE, h * SCALE), 0)
    ImageDraw.Draw(image).text(
        ((BUFFER - x0) * SCALE, (BUFFER - y0) * SCALE), char, font=font, fill=255, anchor="ls"
    )
    inside = np.asarray(image) >= 128
    signed = distance_transform_edt(~inside) - distance_transform_edt(inside)
    # sample at the centre of each output pixel, in output pixels
    centre = signed[SCALE // 2 :: SCALE, SCALE // 2 :: SCALE][:h, :w] / SCALE
    sdf = np.clip(np.round(255 - 255 * (centre / RADIUS + CUTOFF)), 0, 255).astype(np.uint8)
    return b"".join(
        [
            _field(1, code),
            _field(2, sdf.tobytes()),
            _field(3, width),
            _field(4, height),
            _field(5, x0, signed=True),
            _field(6, -y0 - round(ascent), signed=True),
            _field(7, advance),
        ]
    )


def glyph_range(font, start: int) -> bytes:  # noqa: ANN001
    """The protobuf for code points ``start`` .. ``start + 255``."""
    glyphs = [g for g in (glyph(font, c) for c in range(start, start + 256)) if g is not None]
    stack = b"".join(
        [_field(1, FONTSTACK.encode()), _field(2, f"{start}-{start + 255}".encode())]
        + [_field(3, g) for g in glyphs]
    )
    return _field(1, stack)


def main() -> None:
    from PIL import ImageFont

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, default=FONT)
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args()
    font = ImageFont.truetype(str(args.font), SIZE * SCALE, layout_engine=ImageFont.Layout.BASIC)
    args.out.mkdir(parents=True, exist_ok=True)
    for start in RANGES:
        path = args.out / f"{start}-{start + 255}.pbf"
        path.write_bytes(glyph_range(font, start))
        print(f"{path}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

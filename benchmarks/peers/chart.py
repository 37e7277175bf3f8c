#!/usr/bin/python3
"""Draws docs/performance.svg from the medians side_by_side.py --json wrote: nnstatic against PyTorch, as ratios.

    /usr/bin/python3 benchmarks/peers/chart.py figures.json docs/performance.svg

One horizontal bar per figure, its length the ratio nnstatic / PyTorch (for latency: PyTorch / nnstatic, so longer
is better everywhere), with the issue's target marked. Plain SVG, no dependencies.
"""
import json
import sys
from pathlib import Path


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    m = json.loads(Path(sys.argv[1]).read_text())["medians"]
    torch_infer64 = max(m["pytorch.infer64.1"], m["pytorch.infer64.2"])
    torch_infer1 = min(m["pytorch.infer1.1"], m["pytorch.infer1.2"])
    bars = [
        ("training, 1 thread", m["nnstatic.train.1"] / m["pytorch.train.1"], 5.0,
         f"{m['nnstatic.train.1']:,.0f} vs {m['pytorch.train.1']:,.0f} images/s"),
        ("training, 2 threads", m["nnstatic.train.2"] / m["pytorch.train.2"], 5.0,
         f"{m['nnstatic.train.2']:,.0f} vs {m['pytorch.train.2']:,.0f} images/s"),
        ("inference, batch 64", m["nnstatic.infer64"] / torch_infer64, 5.0,
         f"{m['nnstatic.infer64']:,.0f} vs {torch_infer64:,.0f} images/s"),
        ("inference latency, batch 1", torch_infer1 / m["nnstatic.infer1"], 2.5,
         f"{m['nnstatic.infer1'] * 1e6:.0f} vs {torch_infer1 * 1e6:.0f} us"),
    ]
    width, left, bar_height, gap, top = 760, 200, 26, 18, 50
    scale = (width - left - 40) / max(max(b[1] for b in bars), 6.0)
    height = top + len(bars) * (bar_height + gap) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
           f'font-size="13">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="24" font-size="15" font-weight="bold">nnstatic / PyTorch on this machine '
           f'(higher is better; dashed: target)</text>']
    for i, (label, ratio, target, detail) in enumerate(bars):
        y = top + i * (bar_height + gap)
        out.append(f'<text x="{left - 8}" y="{y + 18}" text-anchor="end">{label}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{ratio * scale:.1f}" height="{bar_height}" fill="#3b6fb6"/>')
        out.append(f'<line x1="{left + target * scale:.1f}" y1="{y - 4}" x2="{left + target * scale:.1f}" '
                   f'y2="{y + bar_height + 4}" stroke="#c0392b" stroke-width="2" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{left + ratio * scale + 6:.1f}" y="{y + 18}">{ratio:.1f}x ({detail})</text>')
    axis_y = top + len(bars) * (bar_height + gap)
    out.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - 30}" y2="{axis_y}" stroke="#555"/>')
    for tick in range(0, int((width - left - 40) / scale) + 1):
        x = left + tick * scale
        out.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="#555"/>')
        out.append(f'<text x="{x:.1f}" y="{axis_y + 20}" text-anchor="middle">{tick}x</text>')
    out.append("</svg>")
    Path(sys.argv[2]).write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

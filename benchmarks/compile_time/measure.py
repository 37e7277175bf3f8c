#!/usr/bin/python3
"""Compile-time cost: seconds and peak memory to compile the reference example, and networks N layers deep.

Compiles (-fsyntax-only is not enough: the kernels are instantiated at code generation) each translation unit the
way the release build does (-O2 -march=native -std=c++20), one at a time, and reports wall seconds and the
compiler's peak resident memory (GNU time's %M). The machine is shared: run it on a quiet machine, and
compare figures from one run.

    /usr/bin/python3 benchmarks/compile_time/measure.py [--compiler g++] [--depths 2 8 32]
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def deep_network(depth):
    """A trainer and infer() for input<64>, then `depth` x (dense<64>, relu), dense<10>, softmax."""
    layers = ", ".join(["nnstatic::dense<64>, nnstatic::relu"] * depth)
    return f"""#include <nnstatic/nnstatic.hpp>
#include <memory>
#include <vector>
using net = nnstatic::sequential<nnstatic::input<64>, {layers}, nnstatic::dense<10>, nnstatic::softmax>;
int main() {{
  auto params = std::make_unique<nnstatic::parameters<net>>();
  nnstatic::glorot_uniform(*params, 1);
  std::vector<float> x(8 * 64), y(8 * 10);
  nnstatic::trainer<net, nnstatic::categorical_crossentropy, nnstatic::adam, 8> trainer;
  trainer.step(*params, x.data(), y.data(), 8);
  auto workspace = std::make_unique<nnstatic::inference_workspace<net, float, 8>>();
  nnstatic::infer(*params, x.data(), y.data(), 8, *workspace);
}}
"""


def compile_once(compiler, source, flags):
    """Wall seconds and peak resident KiB of one compilation, from GNU time (Debian's `time` package)."""
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run(["/usr/bin/time", "-f", "%e %M", compiler, *flags, "-c", str(source), "-o",
                              str(Path(out) / "a.o")], check=True, capture_output=True, text=True)
    seconds, kib = run.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compiler", default="g++")
    parser.add_argument("--depths", type=int, nargs="*", default=[2, 8, 32])
    args = parser.parse_args()
    flags = ["-std=c++20", "-O2", "-march=native", f"-I{ROOT / 'include'}", f"-I{ROOT / 'examples'}"]

    print(f"{'translation unit':<48}{'seconds':>10}{'peak MiB':>10}")
    example = ROOT / "examples" / "train_fashion_mnist.cpp"
    seconds, peak = compile_once(args.compiler, example, flags)
    print(f"{'examples/train_fashion_mnist.cpp':<48}{seconds:>10.1f}{peak / 1024:>10.0f}")
    with tempfile.TemporaryDirectory() as work:
        for depth in sorted(args.depths):
            source = Path(work) / f"deep_{depth}.cpp"
            source.write_text(deep_network(depth))
            seconds, peak = compile_once(args.compiler, source, flags)
            label = f"{depth} x (dense<64>, relu): trainer + infer"
            print(f"{label:<48}{seconds:>10.1f}{peak / 1024:>10.0f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

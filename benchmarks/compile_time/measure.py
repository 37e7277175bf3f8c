#!/usr/bin/python3
"""Compile-time cost: seconds and peak memory to compile the examples that issue 11 bounds, and networks N layers deep.

Compiles (-fsyntax-only is not enough: the kernels are instantiated at code generation) each translation unit the
way the release build does (-O2 -march=native -std=c++20), one at a time, and reports wall seconds and the
compiler's peak resident memory (GNU time's %M). The examples are checked against issue 11's limits: the reference
example (train_fashion_mnist.cpp) at most 6 s and 512 MiB, the ResNet training examples (zoo_resnet8.cpp,
train_fashion_mnist_resnet.cpp) at most 15 s and 1 GiB; with --check, a figure over its limit is exit status 1.
The machine is shared: run it on a quiet machine, and compare figures from one run. With --gimple, each unit is
compiled once more to count what g++ generates code for: its functions and the lines of their optimized GIMPLE
(-fdump-tree-optimized). Those counts do not depend on the machine or its load, so a change to the code shows in
them even where seconds are too noisy to tell.

    /usr/bin/python3 benchmarks/compile_time/measure.py [--compiler g++] [--depths 2 8 32] [--check] [--gimple]
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


def optimized_gimple(compiler, source, flags):
    """Functions and non-blank lines in g++'s dump of the optimized GIMPLE of one compilation."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([compiler, *flags, "-fdump-tree-optimized", "-c", str(source), "-o", str(Path(out) / "a.o")],
                       check=True, capture_output=True, cwd=out)
        functions = lines = 0
        for dump in Path(out).glob("*.optimized"):
            for line in dump.read_text(errors="replace").splitlines():
                if line.startswith(";; Function "):
                    functions += 1
                elif line.strip():
                    lines += 1
    return functions, lines


# (translation unit, its limit in seconds, its limit in MiB): issue 11, item 3.
LIMITED_EXAMPLES = [
    ("examples/train_fashion_mnist.cpp", 6, 512),
    ("examples/zoo_resnet8.cpp", 15, 1024),
    ("examples/train_fashion_mnist_resnet.cpp", 15, 1024),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compiler", default="g++")
    parser.add_argument("--depths", type=int, nargs="*", default=[2, 8, 32])
    parser.add_argument("--check", action="store_true", help="exit with status 1 if an example is over its limit")
    parser.add_argument("--gimple", action="store_true",
                        help="also count the functions and optimized GIMPLE lines of each unit (g++ only)")
    args = parser.parse_args()
    flags = ["-std=c++20", "-O2", "-march=native", f"-I{ROOT / 'include'}", f"-I{ROOT / 'examples'}"]

    gimple = " (functions, optimized GIMPLE lines)" if args.gimple else ""
    print(f"{'translation unit':<48}{'seconds':>10}{'peak MiB':>10}  limit{gimple}")
    over = []
    for example, second_limit, mib_limit in LIMITED_EXAMPLES:
        seconds, peak = compile_once(args.compiler, ROOT / example, flags)
        mib = peak / 1024
        verdict = "within" if seconds <= second_limit and mib <= mib_limit else "OVER"
        if verdict == "OVER":
            over.append(example)
        counts = "  (%d, %d)" % optimized_gimple(args.compiler, ROOT / example, flags) if args.gimple else ""
        print(f"{example:<48}{seconds:>10.1f}{mib:>10.0f}  {second_limit} s, {mib_limit} MiB: {verdict}{counts}")
    with tempfile.TemporaryDirectory() as work:
        for depth in sorted(args.depths):
            source = Path(work) / f"deep_{depth}.cpp"
            source.write_text(deep_network(depth))
            seconds, peak = compile_once(args.compiler, source, flags)
            label = f"{depth} x (dense<64>, relu): trainer + infer"
            counts = "  (%d, %d)" % optimized_gimple(args.compiler, source, flags) if args.gimple else ""
            print(f"{label:<48}{seconds:>10.1f}{peak / 1024:>10.0f}{counts}")
    sys.stdout.flush()
    if over:
        print(f"over issue 11's limits: {', '.join(over)}", file=sys.stderr)
        if args.check:
            sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The speed a user's build gets from each choice of flags: README's "Using nnstatic in your project" table.

Compiles benchmarks/consumer/train_step.cpp (the reference network's training step at batch 64 with Adam on one
thread, and batch-1 inference) the way a project without nnstatic's own flags does, once per choice:

    -O2                       what CMake's Release or a plain `g++ -O2` gives (x86-64 baseline: SSE2)
    -O2 -march=x86-64-v3      AVX2 and FMA, for any x86-64 CPU since about 2015
    -O2 -march=native         the build machine's instruction set
    -O2 + nnstatic_add_instruction_sets
                              -O2 alone, with train_step_units.cpp compiled once per instruction set as
                              nnstatic_add_instruction_sets does (the baseline's object first), and the program
                              training through dispatched_trainer: the best instruction set of the CPU, chosen
                              when the trainer is made
    -O0                       no optimization (CMake's default build type is empty)

then runs the programs in alternating rounds, so that every choice sees the same machine load, and prints the
medians as a Markdown table with each figure against -march=native. A choice the CPU cannot run (x86-64-v3 on an
older or a non-x86 CPU) is reported as such. Figures from a busy machine say little: run it on a quiet one.

    benchmarks/consumer/measure.py [--cxx g++] [--rounds 5] [--min-time 1] [--build-dir build/consumer-speed]
                                   [--choices="-O2,-O2 -march=native"]
"""
import argparse
import json
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DISPATCH = "-O2 + nnstatic_add_instruction_sets"
CHOICES = {
    "-O2": ["-O2"],
    "-O2 -march=x86-64-v3": ["-O2", "-march=x86-64-v3"],
    "-O2 -march=native": ["-O2", "-march=native"],
    DISPATCH: ["-O2"],
    "-O0": ["-O0"],
}
REFERENCE = "-O2 -march=native"
# The instruction sets and their flags, as cmake/nnstatic_instruction_sets.cmake gives them, the baseline first.
UNITS = {
    "x86_64": [("sse2", ["-march=x86-64"]),
               ("avx2_fma", ["-march=x86-64", "-mavx2", "-mfma"]),
               ("avx512bw_vnni", ["-march=x86-64", "-mavx2", "-mfma", "-mavx512f", "-mavx512cd", "-mavx512dq",
                                  "-mavx512bw", "-mavx512vnni"])],
    "aarch64": [("neon64", ["-march=armv8-a"])],
}


def build(cxx, name, program):
    """Compiles train_step.cpp with the choice's flags and what nnstatic.pc gives (its include directory, zlib,
    threads); for the dispatched choice, train_step_units.cpp once per instruction set first."""
    flags = CHOICES[name]
    common = ["-std=c++20", *flags, f"-I{ROOT / 'include'}"]
    began = time.monotonic()
    objects = []
    if name == DISPATCH:
        for unit, unit_flags in UNITS[platform.machine()]:
            obj = program.with_name(f"{program.name}-{unit}.o")
            subprocess.run([cxx, *common, *unit_flags, f"-DNNSTATIC_INSTRUCTION_SET_UNIT={unit}", "-c",
                            str(HERE / "train_step_units.cpp"), "-o", str(obj)], check=True)
            objects.append(str(obj))
        common.append("-DTRAIN_STEP_DISPATCH")
    subprocess.run([cxx, *common, str(HERE / "train_step.cpp"), *objects, "-o", str(program), "-lz", "-pthread"],
                   check=True)
    return time.monotonic() - began


def run(program, min_time):
    """The program's figures, or None if the CPU cannot run its instructions."""
    result = subprocess.run([str(program), str(min_time), "1"], capture_output=True, text=True)
    if result.returncode == -signal.SIGILL:
        return None
    if result.returncode != 0:
        sys.exit(f"measure.py: {program} failed ({result.returncode}): {result.stderr.strip()}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cxx", default="g++", help="the compiler (default: g++)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds; figures are medians (default: 5)")
    parser.add_argument("--min-time", type=float, default=1.0,
                        help="seconds each program times each figure for, per round (default: 1)")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build" / "consumer-speed",
                        help="where the programs are written (default: build/consumer-speed)")
    parser.add_argument("--choices", default=",".join(CHOICES), metavar="FLAGS,...",
                        help="the choices to measure, as named above and separated by commas (default: all five)")
    args = parser.parse_args()
    args.choices = args.choices.split(",")
    for name in args.choices:
        if name not in CHOICES:
            parser.error(f"--choices: '{name}' is none of {', '.join(CHOICES)}")

    args.build_dir.mkdir(parents=True, exist_ok=True)
    programs = {}
    for name in args.choices:
        program = args.build_dir / ("train_step" + "".join(c if c.isalnum() else "_" for c in name))
        seconds = build(args.cxx, name, program)
        print(f"built {args.cxx} -std=c++20 {name}: {program.name} in {seconds:.1f} s", file=sys.stderr)
        programs[name] = program

    runs = {name: [] for name in args.choices}
    for round_index in range(args.rounds):
        for name, program in programs.items():
            figures = run(program, args.min_time)
            runs[name].append(figures)
        print(f"round {round_index + 1} of {args.rounds} done", file=sys.stderr)

    medians = {}
    for name, figures in runs.items():
        if any(f is None for f in figures):
            medians[name] = None
            continue
        medians[name] = {"arch": figures[0]["arch"],
                         "train": statistics.median(f["train_images_per_s"] for f in figures),
                         "infer": statistics.median(f["infer_us"] for f in figures)}

    reference = medians.get(REFERENCE)
    print(f"{args.cxx}, {args.rounds} rounds of {args.min_time:g} s, 1 thread; medians\n")
    print("| flags | kernels | training, images/s | vs -march=native | batch-1 inference, µs | vs -march=native |")
    print("|---|---|---|---|---|---|")
    for name, m in medians.items():
        if m is None:
            print(f"| `{name}` | this CPU cannot run it | | | | |")
            continue
        train_ratio = f"{m['train'] / reference['train']:.2g}x" if reference else "-"
        infer_ratio = f"{reference['infer'] / m['infer']:.2g}x" if reference else "-"
        print(f"| `{name}` | {m['arch']} | {m['train']:,.0f} | {train_ratio} | {m['infer']:,.1f} | {infer_ratio} |")


if __name__ == "__main__":
    main()

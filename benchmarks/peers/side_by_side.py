#!/usr/bin/python3
"""nnstatic and PyTorch side by side on this machine: the issue's figures, medians of alternating runs, and ratios.

Each round runs, one after the other, PyTorch (benchmarks/peers/pytorch_reference.py), dlib for the reference network
(benchmarks/peers/dlib_reference.cpp, built where Debian's libdlib-dev is installed) and nnstatic's Google
Benchmark programs (train_step, infer, peak_fma, weight_stream, and zoo_models for MLPerf Tiny's ResNet-8 and DS-CNN),
so that both see the same machine load. The machine is shared and noisy: figures are medians over the rounds, and
ratios are of medians.

PyTorch gets its fastest setting on the machine it runs on. Debian's OpenBLAS picks its kernels from
OPENBLAS_CORETYPE (which a platform may set) or, unset, from the CPU it recognises; so the script first times PyTorch's
training step under each setting that fits this CPU (the environment as it is, both variables unset, and the core
types whose instructions the CPU has), keeps the fastest and prints every trial and the one used.

    cmake --preset release && cmake --build --preset release
    /usr/bin/python3 benchmarks/peers/side_by_side.py --build build/release --rounds 5 [--json figures.json]

Prints a table: each figure for PyTorch and nnstatic, their ratio and the issue's target.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import zoo_models  # noqa: E402  (beside this script)

# The zoo models set beside PyTorch (examples/zoo/): title, and the targets for training and batch-1 latency.
ZOO = {"resnet8": ("ResNet-8", ">= 2.5x", ">= 3x lower"), "ds_cnn": ("DS-CNN", ">= 4x", ">= 3x lower")}


def pytorch(env, threads, steps, model="reference"):
    out = subprocess.run([sys.executable, str(HERE / "pytorch_reference.py"), "--threads", str(threads),
                          "--steps", str(steps), "--model", model], env=env, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def dlib(binary, steps):
    out = subprocess.run([str(binary), "--steps", str(steps)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def openblas_settings():
    """The OpenBLAS settings worth trying here: name -> environment for PyTorch."""
    flags = set()
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                break
    unset = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    settings = {"as the environment has it (OPENBLAS_CORETYPE=%s)" % os.environ.get("OPENBLAS_CORETYPE", "unset"):
                dict(os.environ),
                "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset": unset}
    for core, needs in (("Haswell", {"avx2", "fma"}), ("Zen", {"avx2", "fma"}), ("SkylakeX", {"avx512f"})):
        if needs <= flags:
            settings[f"OPENBLAS_CORETYPE={core}"] = dict(unset, OPENBLAS_CORETYPE=core)
    return settings


def fastest_openblas_setting(steps, trials=3):
    """Times PyTorch's 1-thread training step under each setting, alternating; the name and environment of the
    setting with the highest median images/s."""
    settings = openblas_settings()
    timings = {name: [] for name in settings}
    for _ in range(trials):
        for name, env in settings.items():
            timings[name].append(pytorch(env, 1, steps)["train_images_per_second"])
    for name, values in timings.items():
        print(f"PyTorch with {name}: {statistics.median(values):.0f} training images/s (median of {trials})",
              file=sys.stderr)
    best = max(timings, key=lambda name: statistics.median(timings[name]))
    return best, settings[best]


def google_benchmark(binary, name_filter, min_time):
    out = subprocess.run([str(binary), f"--benchmark_filter={name_filter}", "--benchmark_format=json",
                          f"--benchmark_min_time={min_time}"], check=True, capture_output=True, text=True).stdout
    return {b["name"]: b for b in json.loads(out)["benchmarks"]}


def seconds(entry):
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[entry.get("time_unit", "ns")]
    return entry["real_time"] * scale


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build/release", help="CMake build directory with the benchmarks built")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=1.0, help="seconds per Google Benchmark measurement")
    parser.add_argument("--steps", type=int, default=60, help="timed PyTorch training steps per measurement")
    parser.add_argument("--json", help="also write every sample and the medians to this file")
    args = parser.parse_args()

    bench = Path(args.build) / "benchmarks"
    programs = {name: bench / f"bench_runtime_{name}" for name in
                ("train_step", "inference_infer", "simd_peak_fma", "simd_weight_stream", "embedded_int8_vs_float",
                 "zoo_models")}
    for path in programs.values():
        if not path.exists():
            sys.exit(f"side_by_side: {path} not found; build the benchmarks first (see --help)")

    dlib_binary = bench / "peers" / "dlib_reference"
    if not dlib_binary.exists():
        print(f"side_by_side: {dlib_binary} not built (Debian's libdlib-dev is not installed): no dlib rows",
              file=sys.stderr)
    setting, torch_env = fastest_openblas_setting(args.steps // 3)
    zoo_flops = {name: zoo_models.forward_flops(build(), shape) for name, (build, shape) in zoo_models.MODELS.items()
                 if name in ZOO}
    samples = {}

    def add(key, value):
        samples.setdefault(key, []).append(value)

    for round_index in range(args.rounds):
        print(f"round {round_index + 1}/{args.rounds}", file=sys.stderr, flush=True)
        for threads in (1, 2):
            torch_run = pytorch(torch_env, threads, args.steps)
            add(f"pytorch.train.{threads}", torch_run["train_images_per_second"])
            add(f"pytorch.infer64.{threads}", torch_run["infer64_images_per_second"])
            add(f"pytorch.infer1.{threads}", torch_run["infer1_seconds"])
            step = google_benchmark(programs["train_step"], f"train_step/threads:{threads}/", args.min_time)
            entry = next(iter(step.values()))
            add(f"nnstatic.train.{threads}", entry["images/s"])
            add(f"nnstatic.train_flops.{threads}", entry["FLOP/s"])
        if dlib_binary.exists():
            dlib_run = dlib(dlib_binary, args.steps)
            add("dlib.train.1", dlib_run["train_images_per_second"])
            add("dlib.infer64", dlib_run["infer64_images_per_second"])
            add("dlib.infer1", dlib_run["infer1_seconds"])
        infer = google_benchmark(programs["inference_infer"], "infer/", args.min_time)
        add("nnstatic.infer1", seconds(infer["infer/batch:1"]))
        add("nnstatic.infer64", infer["infer/batch:64"]["images/s"])
        int8 = google_benchmark(programs["embedded_int8_vs_float"], "batch1/(float/infer|int8/)",
                                args.min_time)
        # Without VNNI (another CPU) the plain int8 kernel is what runs.
        add("nnstatic.int8.infer1", seconds(int8.get("batch1/int8/avx512_vnni") or int8["batch1/int8/plain"]))
        add("nnstatic.float.infer1.embedded_bench", seconds(int8["batch1/float/infer"]))
        zoo_runs = google_benchmark(programs["zoo_models"], "(train_step/threads:1|infer)/", args.min_time)
        for name in ZOO:
            torch_zoo = pytorch(torch_env, 1, max(args.steps // 4, 5), name)
            add(f"pytorch.{name}.train.1", torch_zoo["train_images_per_second"])
            add(f"pytorch.{name}.infer1", torch_zoo["infer1_seconds"])
            add(f"nnstatic.{name}.train.1", zoo_runs[f"{name}/train_step/threads:1/real_time"]["images/s"])
            add(f"nnstatic.{name}.infer1", seconds(zoo_runs[f"{name}/infer/batch:1"]))
        add("peak", next(iter(google_benchmark(programs["simd_peak_fma"], "peak_fma", args.min_time).values()))["FLOP/s"])
        add("stream", seconds(next(iter(google_benchmark(programs["simd_weight_stream"], "weight_stream",
                                                         args.min_time).values()))))

    m = {key: statistics.median(values) for key, values in samples.items()}
    torch_infer64 = max(m["pytorch.infer64.1"], m["pytorch.infer64.2"])
    torch_infer1 = min(m["pytorch.infer1.1"], m["pytorch.infer1.2"])
    rows = [
        # figure, PyTorch, nnstatic, ratio (higher is better for nnstatic), target
        ("training images/s, 1 thread", m["pytorch.train.1"], m["nnstatic.train.1"],
         m["nnstatic.train.1"] / m["pytorch.train.1"], ">= 5x"),
        ("training images/s, 2 threads", m["pytorch.train.2"], m["nnstatic.train.2"],
         m["nnstatic.train.2"] / m["pytorch.train.2"], ">= 5x"),
        ("inference images/s, batch 64 (PyTorch's better thread count)", torch_infer64, m["nnstatic.infer64"],
         m["nnstatic.infer64"] / torch_infer64, ">= 5x"),
        ("inference latency us, batch 1 (PyTorch's better thread count)", torch_infer1 * 1e6, m["nnstatic.infer1"] * 1e6,
         torch_infer1 / m["nnstatic.infer1"], ">= 2.5x lower"),
    ]
    if "dlib.train.1" in m:
        rows += [
            ("dlib: training images/s, 1 thread", m["dlib.train.1"], m["nnstatic.train.1"],
             m["nnstatic.train.1"] / m["dlib.train.1"], ""),
            ("dlib: inference images/s, batch 64", m["dlib.infer64"], m["nnstatic.infer64"],
             m["nnstatic.infer64"] / m["dlib.infer64"], ""),
            ("dlib: inference latency us, batch 1", m["dlib.infer1"] * 1e6, m["nnstatic.infer1"] * 1e6,
             m["dlib.infer1"] / m["nnstatic.infer1"], ""),
        ]
    for name, (title, train_target, latency_target) in ZOO.items():
        rows += [
            (f"{title} training images/s, 1 thread", m[f"pytorch.{name}.train.1"], m[f"nnstatic.{name}.train.1"],
             m[f"nnstatic.{name}.train.1"] / m[f"pytorch.{name}.train.1"], train_target),
            (f"{title} inference latency us, batch 1, 1 thread", m[f"pytorch.{name}.infer1"] * 1e6,
             m[f"nnstatic.{name}.infer1"] * 1e6, m[f"pytorch.{name}.infer1"] / m[f"nnstatic.{name}.infer1"],
             latency_target),
        ]
    own = [
        ("nnstatic training, 1 thread, fraction of one core's FMA peak", m["nnstatic.train_flops.1"] / m["peak"],
         ">= 0.50"),
        ("nnstatic training, 2 threads / 1 thread", m["nnstatic.train.2"] / m["nnstatic.train.1"], ">= 1.8"),
        *[(f"{title} training, 1 thread, fraction of FMA peak (PyTorch: "
           f"{m[f'pytorch.{name}.train.1'] * 3 * zoo_flops[name] / m['peak']:.2f})",
           m[f"nnstatic.{name}.train.1"] * 3 * zoo_flops[name] / m["peak"], "") for name, (title, _, _) in ZOO.items()],
        ("nnstatic batch-1 latency / one stream of the float weights", m["nnstatic.infer1"] / m["stream"], "<= 1.25"),
    ]
    # The compression issue's figure: int8 batch-1 latency against nnstatic's own float path (same benchmark
    # program, same images) and against PyTorch's float latency.
    int8_rows = [
        ("int8 batch-1 latency us (the VNNI kernel where the CPU has it)", m["nnstatic.int8.infer1"] * 1e6, ""),
        ("nnstatic float batch-1 latency / int8", m["nnstatic.float.infer1.embedded_bench"] / m["nnstatic.int8.infer1"],
         ">= 3"),
        ("PyTorch float batch-1 latency / nnstatic int8", torch_infer1 / m["nnstatic.int8.infer1"], ""),
    ]
    print(f"medians of {args.rounds} alternating rounds; PyTorch {torch_run['torch']} with {setting}, its fastest here")
    print(f"one core's FMA peak {m['peak'] / 1e9:.1f} GFLOP/s; one stream of the weights {m['stream'] * 1e6:.1f} us")
    print(f"{'figure':<64}{'peer':>12}{'nnstatic':>12}{'ratio':>9}  target  (peer: PyTorch unless named)")
    for name, torch_value, ours, ratio, target in rows:
        print(f"{name:<64}{torch_value:>12.1f}{ours:>12.1f}{ratio:>8.2f}x  {target}")
    for name, value, target in own + int8_rows:
        print(f"{name:<64}{'':>12}{value:>12.2f}{'':>9}  {target}")
    if args.json:
        Path(args.json).write_text(json.dumps({"samples": samples, "medians": m, "rounds": args.rounds}, indent=1))


if __name__ == "__main__":
    main()

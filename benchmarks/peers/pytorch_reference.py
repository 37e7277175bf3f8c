#!/usr/bin/python3
"""The reference network in PyTorch, measured as nnstatic's benchmarks measure it.

Same network (Conv2d 1->32 3x3, ReLU, MaxPool 2, Flatten, Linear 5408->128, ReLU, Linear 128->10; softmax folded
into the cross-entropy), batch 64, Adam (lr 1e-3, Keras' epsilon 1e-7), float32, synthetic 28x28 images. Prints one
JSON object: training images/s, batch-64 inference images/s and batch-1 latency (median of single calls), for the
thread count given (torch.set_num_threads).

With --model resnet8 or ds_cnn, the same figures for a model of examples/zoo, built by zoo_models.py.

Run it with Debian's /usr/bin/python3 (python3-torch 1.13). Debian's OpenBLAS picks its kernels from
OPENBLAS_CORETYPE or the CPU it recognises; side_by_side.py tries the settings and runs this script with the fastest.

    /usr/bin/python3 benchmarks/peers/pytorch_reference.py --threads 1 [--model resnet8]
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn

import zoo_models


def reference_network():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(5408, 128), nn.ReLU(), nn.Linear(128, 10))


def train_images_per_second(model, x, y, steps, warmup):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    model.train()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * x.shape[0] / (time.perf_counter() - start)


def inference_images_per_second(model, x, calls, warmup):
    model.eval()
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        start = time.perf_counter()
        for _ in range(calls):
            model(x)
        return calls * x.shape[0] / (time.perf_counter() - start)


def latency_seconds(model, x, calls, warmup):
    model.eval()
    times = []
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        for _ in range(calls):
            start = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=60, help="timed training steps")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--model", default="reference", choices=["reference", "resnet8", "ds_cnn"],
                        help="the reference network, or a model of examples/zoo (benchmarks/peers/zoo_models.py)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.model == "reference":
        model, input_shape, classes = reference_network(), (1, 28, 28), 10
    else:
        build, input_shape = zoo_models.MODELS[args.model]
        model = build()
        classes = zoo_models.CLASSES[args.model]
    x = torch.rand(64, *input_shape)
    y = torch.randint(0, classes, (64,))
    result = {
        "model": args.model,
        "threads": args.threads,
        "train_images_per_second": train_images_per_second(model, x, y, args.steps, warmup=10),
        "infer64_images_per_second": inference_images_per_second(model, x, calls=args.steps, warmup=10),
        "infer1_seconds": latency_seconds(model, x[:1], calls=400, warmup=50),
        "torch": torch.__version__,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The MLPerf Tiny models of examples/zoo/ in PyTorch, layer for layer as their Keras reference code builds them.

Keras counts a batch normalization's gamma and beta as trainable and its moving mean and variance as non-trainable;
PyTorch's running_mean and running_var buffers are the latter (its num_batches_tracked counter has no Keras
counterpart and is not counted). 'same' padding is Keras': where it is uneven (stride 2 on an even size, DS-CNN's
10x4 kernel) the extra row or column goes after, as TensorFlow pads.

    /usr/bin/python3 benchmarks/peers/zoo_models.py            # the counts of each model against Keras' figures

exits non-zero if a count differs from the figure that examples/zoo/<model>.hpp holds its nnstatic type to. Run it
with Debian's /usr/bin/python3 (python3-torch).
"""
import argparse
import sys

import torch
from torch import nn

# Keras' model.summary() of each reference model: (trainable, non-trainable), as in examples/zoo/*.hpp.
KERAS_SUMMARY = {
    "resnet8": (78_186, 480),
    "ds_cnn": (23_756, 1_152),
    "mobilenet_v1": (216_322, 5_472),
    "fc_autoencoder": (267_928, 2_064),
}


class SamePad(nn.Module):
    """TensorFlow's 'same' padding for a kernel and stride on an input size: the odd row or column after."""

    def __init__(self, size, kernel, stride):
        super().__init__()
        pads = []
        for extent, k, s in zip(size, kernel, stride):
            out = -(-extent // s)
            total = max((out - 1) * s + k - extent, 0)
            pads.append((total // 2, total - total // 2))
        (top, bottom), (left, right) = pads
        self.pad = nn.ZeroPad2d((left, right, top, bottom))

    def forward(self, x):
        return self.pad(x)


def conv_same(size, in_channels, filters, kernel, stride=1, groups=1):
    """A Conv2D(padding='same') on an input of `size` (height, width), and the size of its output."""
    kernel = (kernel, kernel) if isinstance(kernel, int) else kernel
    stride2 = (stride, stride)
    out = tuple(-(-extent // stride) for extent in size)
    layers = nn.Sequential(SamePad(size, kernel, stride2),
                           nn.Conv2d(in_channels, filters, kernel, stride2, groups=groups))
    return layers, out


def bn_relu(channels):
    # Keras' momentum 0.99 is PyTorch's 0.01, its epsilon 1e-3.
    return [nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01), nn.ReLU()]


class Residual(nn.Module):
    def __init__(self, path, shortcut):
        super().__init__()
        self.path = path
        self.shortcut = shortcut

    def forward(self, x):
        return torch.relu(self.path(x) + self.shortcut(x))


def resnet8():
    def stack(size, in_channels, filters, stride):
        first, out = conv_same(size, in_channels, filters, 3, stride)
        second, _ = conv_same(out, filters, filters, 3)
        path = nn.Sequential(first, *bn_relu(filters), second, nn.BatchNorm2d(filters, eps=1e-3, momentum=0.01))
        shortcut = nn.Identity() if stride == 1 else conv_same(size, in_channels, filters, 1, stride)[0]
        return Residual(path, shortcut), out

    stem, size = conv_same((32, 32), 3, 16, 3)
    first, size = stack(size, 16, 16, 1)
    second, size = stack(size, 16, 32, 2)
    third, size = stack(size, 32, 64, 2)
    return nn.Sequential(stem, *bn_relu(16), first, second, third, nn.AvgPool2d(size), nn.Flatten(),
                         nn.Linear(64, 10))


def separable(size, in_channels, filters, stride=1):
    depthwise, out = conv_same(size, in_channels, in_channels, 3, stride, groups=in_channels)
    pointwise, _ = conv_same(out, in_channels, filters, 1)
    return [depthwise, *bn_relu(in_channels), pointwise, *bn_relu(filters)], out


def ds_cnn(filters=64):
    stem, size = conv_same((49, 10), 1, filters, (10, 4), 2)
    layers = [stem, *bn_relu(filters), nn.Dropout(0.2)]
    for _ in range(4):
        block, size = separable(size, filters, filters)
        layers += block
    layers += [nn.Dropout(0.4), nn.AvgPool2d((49 // 2, 10 // 2)), nn.Flatten(), nn.Linear(filters, 12)]
    return nn.Sequential(*layers)


def mobilenet_v1():
    stem, size = conv_same((96, 96), 3, 8, 3, 2)
    layers = [stem, *bn_relu(8)]
    channels = 8
    for filters, stride in [(16, 1), (32, 2), (32, 1), (64, 2), (64, 1), (128, 2)] + [(128, 1)] * 5 + \
                           [(256, 2), (256, 1)]:
        block, size = separable(size, channels, filters, stride)
        layers += block
        channels = filters
    layers += [nn.AvgPool2d(size), nn.Flatten(), nn.Linear(channels, 2)]
    return nn.Sequential(*layers)


def fc_autoencoder(inputs=640):
    layers, width = [], inputs
    for units in [128] * 4 + [8] + [128] * 4:
        layers += [nn.Linear(width, units), nn.BatchNorm1d(units, eps=1e-3, momentum=0.01), nn.ReLU()]
        width = units
    layers.append(nn.Linear(width, inputs))
    return nn.Sequential(*layers)


CLASSES = {"resnet8": 10, "ds_cnn": 12, "mobilenet_v1": 2}

MODELS = {"resnet8": (resnet8, (3, 32, 32)), "ds_cnn": (ds_cnn, (1, 49, 10)),
          "mobilenet_v1": (mobilenet_v1, (3, 96, 96)), "fc_autoencoder": (fc_autoencoder, (640,))}


def forward_flops(model, input_shape):
    """FLOPs of one sample's forward pass through the convolutions and dense layers, a multiply-add being 2."""
    macs = []

    def count(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            per_output = module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
            macs.append(output[0].numel() * per_output)
        elif isinstance(module, nn.Linear):
            macs.append(module.in_features * module.out_features)

    hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))
    for hook in hooks:
        hook.remove()
    return 2 * sum(macs)


def keras_counts(model):
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    moving = sum(b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var")))
    return trainable, moving


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    failed = False
    print(f"{'model':<16}{'trainable':>12}{'non-trainable':>15}{'MFLOP fwd':>11}   Keras' figures")
    for name, (build, input_shape) in MODELS.items():
        model = build()
        model.eval()
        with torch.no_grad():
            model(torch.zeros(2, *input_shape))  # the shapes fit together
        counts = keras_counts(model)
        agrees = counts == KERAS_SUMMARY[name]
        failed |= not agrees
        verdict = "agree" if agrees else f"DIFFER: Keras {KERAS_SUMMARY[name]}"
        mflop = forward_flops(model, input_shape) / 1e6
        print(f"{name:<16}{counts[0]:>12,}{counts[1]:>15,}{mflop:>11.2f}   {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

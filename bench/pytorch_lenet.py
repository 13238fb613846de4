#!/usr/bin/env python3
"""REFERENCE ONLY, not part of Normsweep: the seeds' LeNet / BN-LeNet in PyTorch, for comparing
DL4J's accuracy and speed on the same machine and data (Debian python3-torch, no downloads).

Trains one epoch (or --epochs) with SGD at --lr, batch 128, Xavier-uniform weights, on the IDX files in
--data, and prints one JSON line per epoch: test accuracy, mean train loss and seconds.
"""
import argparse, gzip, json, os, struct, time

import numpy as np
import torch
from torch import nn


def idx(path):
    raw = gzip.open(path).read() if path.endswith('.gz') else open(path, 'rb').read()
    dims = raw[3]
    shape = struct.unpack('>' + 'I' * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def split(data, prefix):
    x = idx(os.path.join(data, prefix + '-images-idx3-ubyte.gz')).astype(np.float32) / 255.0
    y = idx(os.path.join(data, prefix + '-labels-idx1-ubyte.gz')).astype(np.int64)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)


def lenet(bn):
    def block(layer, n, bn2d):
        norm = [(nn.BatchNorm2d if bn2d else nn.BatchNorm1d)(n)] if bn else []
        return [layer, *norm, nn.Sigmoid()]
    net = nn.Sequential(
        *block(nn.Conv2d(1, 6, 5, padding=2), 6, True), nn.AvgPool2d(2, 2),
        *block(nn.Conv2d(6, 16, 5), 16, True), nn.AvgPool2d(2, 2), nn.Flatten(),
        *block(nn.Linear(400, 120), 120, False), *block(nn.Linear(120, 84), 84, False),
        nn.Linear(84, 10))
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
    return net


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--bn', action='store_true')
    p.add_argument('--lr', type=float, default=0.1)
    p.add_argument('--epochs', type=int, default=1)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--warmup-steps', type=int, default=0,
                   help='untimed training steps before the first epoch (for benchmarks)')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = split(a.data, 'train')
    xte, yte = split(a.data, 't10k')
    net = lenet(a.bn)
    opt = torch.optim.SGD(net.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()
    for i in range(a.warmup_steps):
        b = torch.arange(i * 128, (i + 1) * 128) % len(ytr)
        loss = loss_fn(net(xtr[b]), ytr[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
    for epoch in range(1, a.epochs + 1):
        t0 = time.time()
        net.train()
        order = torch.randperm(len(ytr))
        losses = []
        for i in range(0, len(order), 128):
            b = order[i:i + 128]
            loss = loss_fn(net(xtr[b]), ytr[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        train_s = time.time() - t0
        net.eval()
        with torch.no_grad():
            acc = (net(xte).argmax(1) == yte).float().mean().item()
        print(json.dumps({'bn': a.bn, 'seed': a.seed, 'epoch': epoch, 'test_accuracy': round(acc, 4),
                          'train_loss': round(float(np.mean(losses)), 4), 'train_seconds': round(train_s, 2),
                          'seconds': round(time.time() - t0, 2)}), flush=True)


if __name__ == '__main__':
    main()

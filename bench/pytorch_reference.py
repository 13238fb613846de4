#!/usr/bin/env python3
"""REFERENCE ONLY, not part of Normsweep: the seeds' networks in PyTorch, for comparing Normsweep's
accuracy and speed on the same machine and data (Debian python3-torch, no downloads).

--model lenet (default): LeNet / BN-LeNet (sigmoid, Xavier-uniform weights, batch 128, as seed 000).
--model mlp: seed 004's MLP 784-512-256-10 (ReLU; with --bn, BatchNorm1d before each ReLU and no bias on the
layers it follows), PyTorch's default initialisation, batch 64.
Trains one epoch (or --epochs) with SGD at --lr on the IDX files in --data, and prints one JSON line per
epoch: test accuracy, mean train loss and seconds.

--compare SUITE --out FILE.csv: the configurations of a seed question, trained one after another, one CSV row per
epoch (suite, model, bn, lr, seed, epoch, train_loss, test_accuracy, seconds), appended and flushed as they come;
configurations already complete in FILE are skipped, so an interrupted comparison resumes. Suites: seed000 (BN-LeNet
and plain LeNet, lr 0.1, 10 epochs; --seeds default 42) and seed001-q2 (lr 0.05..4 with and without BN, 10 epochs;
--seeds default 1,2). Set up as Normsweep's LeNet: Xavier-uniform weights and biases starting at 0 (PyTorch's own
default bias is U(+-1/sqrt(fan_in))), BN eps 1e-5 and momentum 0.1, pixels scaled to [0, 1], the last partial batch
kept. The random streams (initial weights, data order) are PyTorch's, so single runs differ from Normsweep's by seed;
compare means over seeds.
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


def lenet(bn, zero_bias=False):
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
            if zero_bias:
                nn.init.zeros_(m.bias)
    return net


def mlp(bn):
    def block(n_in, n_out):
        if not bn:
            return [nn.Linear(n_in, n_out), nn.ReLU()]
        return [nn.Linear(n_in, n_out, bias=False), nn.BatchNorm1d(n_out), nn.ReLU()]
    return nn.Sequential(nn.Flatten(), *block(784, 512), *block(512, 256), nn.Linear(256, 10))


SUITES = {
    # suite: (lrs, epochs, default seeds)
    'seed000': ([0.1], 10, [42]),
    'seed001-q2': ([0.05, 0.1, 0.5, 1.0, 2.0, 4.0], 10, [1, 2]),
}
CSV_HEADER = 'suite,model,bn,lr,seed,epoch,train_loss,test_accuracy,seconds'


def compare(a):
    """Trains a suite's configurations (seed-major, so a partial file covers whole seeds) into a CSV file."""
    lrs, epochs, default_seeds = SUITES[a.compare]
    seeds = [int(s) for s in a.seeds.split(',')] if a.seeds else default_seeds
    epochs = a.epochs_override or epochs
    torch.set_num_threads(a.threads)
    xtr, ytr = split(a.data, 'train')
    xte, yte = split(a.data, 't10k')
    done = set()
    if os.path.exists(a.out):
        for line in open(a.out).read().splitlines()[1:]:
            f = line.split(',')
            if int(f[5]) == epochs:
                done.add((f[0], f[2], float(f[3]), int(f[4])))
    else:
        with open(a.out, 'w') as out:
            out.write(CSV_HEADER + '\n')
    loss_fn = nn.CrossEntropyLoss()
    for seed in seeds:
        for lr in lrs:
            for bn in (True, False):
                if (a.compare, str(bn).lower(), lr, seed) in done:
                    continue
                torch.manual_seed(seed)
                net = lenet(bn, zero_bias=True)
                opt = torch.optim.SGD(net.parameters(), lr=lr)
                rows = []
                for epoch in range(1, epochs + 1):
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
                    net.eval()
                    with torch.no_grad():
                        acc = (net(xte).argmax(1) == yte).float().mean().item()
                    rows.append(f'{a.compare},lenet,{str(bn).lower()},{lr},{seed},{epoch},'
                                f'{float(np.mean(losses)):.6f},{acc:.4f},{time.time() - t0:.2f}')
                # A configuration's rows go in together, so the file never holds half of one.
                with open(a.out, 'a') as out:
                    out.write('\n'.join(rows) + '\n')
                print(rows[-1], flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--model', choices=['lenet', 'mlp'], default='lenet')
    p.add_argument('--bn', action='store_true')
    p.add_argument('--lr', type=float, default=None, help='default: 0.1 for lenet, 0.01 for mlp')
    p.add_argument('--batch-size', type=int, default=None, help='default: 128 for lenet, 64 for mlp')
    p.add_argument('--epochs', type=int, default=1)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--warmup-steps', type=int, default=0,
                   help='untimed training steps before the first epoch (for benchmarks)')
    p.add_argument('--compare', choices=sorted(SUITES), default=None,
                   help='train a seed question\'s configurations into --out (CSV), see the module doc')
    p.add_argument('--out', default=None, help='with --compare: the CSV file (appended; complete configurations skipped)')
    p.add_argument('--seeds', default=None, help='with --compare: comma-separated seeds (default: the suite\'s)')
    p.add_argument('--compare-epochs', dest='epochs_override', type=int, default=None,
                   help='with --compare: epochs instead of the suite\'s (for a quick check)')
    a = p.parse_args()
    if a.compare:
        if not a.out:
            p.error('--compare needs --out FILE.csv')
        compare(a)
        return
    lr = a.lr if a.lr is not None else (0.1 if a.model == 'lenet' else 0.01)
    bs = a.batch_size or (128 if a.model == 'lenet' else 64)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = split(a.data, 'train')
    xte, yte = split(a.data, 't10k')
    net = lenet(a.bn) if a.model == 'lenet' else mlp(a.bn)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for i in range(a.warmup_steps):
        b = torch.arange(i * bs, (i + 1) * bs) % len(ytr)
        loss = loss_fn(net(xtr[b]), ytr[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
    for epoch in range(1, a.epochs + 1):
        t0 = time.time()
        net.train()
        order = torch.randperm(len(ytr))
        losses = []
        for i in range(0, len(order), bs):
            b = order[i:i + bs]
            loss = loss_fn(net(xtr[b]), ytr[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        train_s = time.time() - t0
        net.eval()
        with torch.no_grad():
            acc = (net(xte).argmax(1) == yte).float().mean().item()
        print(json.dumps({'model': a.model, 'bn': a.bn, 'seed': a.seed, 'epoch': epoch, 'test_accuracy': round(acc, 4),
                          'train_loss': round(float(np.mean(losses)), 4), 'train_seconds': round(train_s, 2),
                          'seconds': round(time.time() - t0, 2)}), flush=True)


if __name__ == '__main__':
    main()

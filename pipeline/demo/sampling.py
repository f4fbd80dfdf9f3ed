"""Seeded random streams and weighted choices shared by the simulators.

Each part of the simulation draws from its own stream, keyed by the seed, a name and usually a year,
so one year's records do not change when another year is added or a draw elsewhere changes.
"""
from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str, *keys: int) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(name.encode()), *keys])


def choose(rng: np.random.Generator, weights: dict, n: int) -> np.ndarray:
    """n draws from the keys of `weights` (weights need not sum to 1)."""
    codes = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return codes[rng.choice(len(codes), n, p=p / p.sum())]


def choose_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One column index per row of a probability matrix (rows need not sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return (u[:, None] >= cum).sum(axis=1)


def group_index(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of the given sizes laid end to end: each item's group and its position within it."""
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(len(owner)) - starts[owner]


def cumsum_within(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Running totals of `values` restarting at each group (groups of the given sizes, end to end)."""
    if len(values) == 0:
        return values
    total = np.cumsum(values)
    starts = np.minimum(np.cumsum(counts) - counts, len(values) - 1)
    return total - np.repeat(total[starts] - values[starts], counts)

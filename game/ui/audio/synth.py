"""The game's sounds, synthesised with NumPy: short effects and a quiet music loop.

Made at run time rather than shipped as files: a few kilobytes of code instead of megabytes of
audio, no licence to track, and every sound fits any mixer's sample rate exactly. Each function
returns float samples in -1..1, mono; the player converts them to the mixer's format.
"""

import math
from functools import lru_cache

import numpy as np

EFFECTS = ("accept", "counter", "refuse", "gavel", "alert", "turn", "click")


def _t(seconds: float, rate: int) -> np.ndarray:
    return np.arange(int(seconds * rate), dtype=np.float64) / rate


def _note(freq: float, seconds: float, rate: int, decay: float = 6.0, harmonics=(1.0, 0.5, 0.25), attack: float = 0.005) -> np.ndarray:
    """A struck tone: a few harmonics under an exponential decay, with a short attack (no click)."""
    t = _t(seconds, rate)
    wave = sum(a * np.sin(2 * math.pi * freq * (k + 1) * t) / (k + 1) ** 0.3 for k, a in enumerate(harmonics))
    envelope = np.exp(-decay * t) * np.minimum(1.0, t / attack)
    return wave * envelope


def _place(total: float, rate: int, parts) -> np.ndarray:
    """Mix (start seconds, samples) parts into one buffer `total` seconds long."""
    out = np.zeros(int(total * rate))
    for start, samples in parts:
        i = int(start * rate)
        n = min(len(samples), len(out) - i)
        out[i:i + n] += samples[:n]
    return out


def _noise(seconds: float, rate: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1, 1, int(seconds * rate))


def _lowpass(samples: np.ndarray, rate: int, cutoff: float) -> np.ndarray:
    """A one-pole low-pass filter (vectorised through an exponential moving average)."""
    alpha = 1 - math.exp(-2 * math.pi * cutoff / rate)
    out = np.empty_like(samples)
    acc = 0.0
    # short effects only (under 20 000 samples): a plain loop is quick enough and exact
    for i, x in enumerate(samples):
        acc += alpha * (x - acc)
        out[i] = acc
    return out


def _normal(samples: np.ndarray, peak: float) -> np.ndarray:
    top = float(np.max(np.abs(samples))) or 1.0
    fade = np.minimum(1.0, np.arange(len(samples))[::-1] / max(1, len(samples) * 0.05))  # no click at the end
    return samples / top * peak * fade


@lru_cache(maxsize=32)
def effect(name: str, rate: int) -> np.ndarray:
    """One effect, mono, -1..1: accept (a rising chime), counter (two even tones), refuse (a
    falling low pair), gavel (two wooden knocks), alert (three quick pings), turn (a soft sweep
    and a bell), click (a tick)."""
    if name == "accept":
        s = _place(0.9, rate, [(0.0, _note(523.25, 0.8, rate, 5)), (0.12, _note(783.99, 0.78, rate, 4.5))])
        return _normal(s, 0.8)
    if name == "counter":
        s = _place(0.7, rate, [(0.0, _note(587.33, 0.5, rate, 7)), (0.16, _note(587.33, 0.5, rate, 7, (1.0, 0.3)))])
        return _normal(s, 0.6)
    if name == "refuse":
        tone = (1.0, 0.6, 0.35, 0.2)
        s = _place(0.8, rate, [(0.0, _note(196.0, 0.6, rate, 6, tone)), (0.16, _note(146.83, 0.64, rate, 5, tone))])
        return _normal(s, 0.7)
    if name == "gavel":
        knock = _lowpass(_noise(0.09, rate, 7), rate, 1800) * np.exp(-60 * _t(0.09, rate)) * 3
        thump = _note(110, 0.2, rate, 28, (1.0, 0.3))
        hit = _place(0.2, rate, [(0.0, knock), (0.0, thump)])
        return _normal(_place(0.6, rate, [(0.0, hit), (0.22, hit * 0.85)]), 0.85)
    if name == "alert":
        ping = _note(880.0, 0.25, rate, 14, (1.0, 0.2))
        return _normal(_place(0.7, rate, [(0.0, ping), (0.12, ping), (0.24, _note(1174.66, 0.4, rate, 9, (1.0, 0.2)))]), 0.55)
    if name == "turn":
        sweep = _lowpass(_noise(0.35, rate, 11), rate, 900) * np.sin(math.pi * _t(0.35, rate) / 0.35) * 2.5
        return _normal(_place(1.0, rate, [(0.0, sweep), (0.2, _note(659.25, 0.8, rate, 4, (1.0, 0.4, 0.1)) * 0.6)]), 0.5)
    if name == "click":
        return _normal(_note(1400, 0.04, rate, 90, (1.0,)), 0.3)
    raise ValueError(f"no effect named {name!r}")


# ----- music -----
CHORDS = ((57, 60, 64, 67), (53, 57, 60, 64), (48, 55, 60, 64), (55, 59, 62, 67))
"""Am7, Fmaj7, C, G (MIDI notes): a slow, unresolved loop that does not tire."""
MELODY = (69, 72, 74, 76, 79, 81)
"""A-minor pentatonic, one octave: whatever is picked sounds calm over the chords."""
BAR = 6.0


def _hz(midi: int) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


@lru_cache(maxsize=2)
def music_loop(rate: int) -> np.ndarray:
    """About 24 seconds of soft pads and a sparse plucked line, mono, seamless when looped."""
    total = BAR * len(CHORDS)
    t_bar = _t(BAR, rate)
    swell = np.sin(math.pi * t_bar / BAR) ** 2  # each chord rises and falls back to silence: the loop joins cleanly
    out = np.zeros(int(total * rate))
    rng = np.random.default_rng(1789)
    for bar, chord in enumerate(CHORDS):
        pad = np.zeros_like(t_bar)
        for note in chord:
            f = _hz(note - 12)
            for detune in (-0.6, 0.6):
                pad += np.sin(2 * math.pi * (f + detune) * t_bar + rng.uniform(0, 2 * math.pi))
        i = int(bar * BAR * rate)
        out[i:i + len(pad)] += pad * swell * 0.12
        for beat in sorted(rng.choice(np.arange(1, 11), size=3, replace=False)):
            start = bar * BAR + beat * 0.5
            pluck = _note(_hz(int(rng.choice(MELODY))), 1.4, rate, 3.2, (1.0, 0.3, 0.1)) * 0.18
            j = int(start * rate)
            n = min(len(pluck), len(out) - j)
            out[j:j + n] += pluck[:n]
            out[:len(pluck) - n] += pluck[n:]  # a note still ringing at the end rings on at the start
    return out / max(1e-9, float(np.max(np.abs(out)))) * 0.6

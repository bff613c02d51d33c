"""Sound for the client: effects on demand and a quiet music loop, at the volumes in Settings.

Everything here fails quietly: when the mixer cannot start (no sound card, a broken driver) the
game plays on in silence. Under SDL_AUDIODRIVER=dummy (tests, CI) the effects are made and
played into the dummy device, and the music is not made at all.
"""

import os
import threading

import numpy as np
import pygame

from .synth import EFFECTS, effect, music_loop

MUSIC_LEVEL = 0.35
"""The music at full volume in Settings still sits well under the effects."""


def start_mixer() -> tuple[int, int] | None:
    """(sample rate, channels) of a working mixer, or None when there is none."""
    try:
        if not pygame.mixer.get_init():
            pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=1024)
        rate, size, channels = pygame.mixer.get_init()
    except (pygame.error, TypeError, NotImplementedError):
        return None
    if size != -16:
        return None
    return rate, channels


class Audio:
    """The game's sound. `play(name)` for an effect, `configure(...)` for volumes; both cost
    nothing when there is no mixer."""

    def __init__(self, volume: float = 0.8, music: float = 0.5, muted: bool = False, mixer: tuple[int, int] | None = None):
        self.format = mixer
        self.volume, self.music_volume, self.muted = volume, music, muted
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._music: pygame.mixer.Sound | None = None
        self._channel = None
        self._lock = threading.Lock()
        self._music_thread: threading.Thread | None = None
        self.played: list[str] = []
        """The last effects asked for, newest last, heard or not (what a silent test can check)."""

    @classmethod
    def start(cls, settings) -> "Audio":
        audio = cls(settings.sound_volume, settings.music_volume, settings.muted, start_mixer())
        audio.start_music()
        return audio

    @property
    def enabled(self) -> bool:
        return self.format is not None

    def _sound(self, samples: np.ndarray) -> pygame.mixer.Sound:
        rate, channels = self.format
        pcm = np.clip(samples * 32767, -32768, 32767).astype(np.int16)
        if channels > 1:
            pcm = np.repeat(pcm[:, None], channels, axis=1)
        return pygame.sndarray.make_sound(np.ascontiguousarray(pcm))

    def play(self, name: str) -> None:
        if name not in EFFECTS:
            raise ValueError(f"no effect named {name!r}")
        self.played = self.played[-19:] + [name]
        if not self.enabled or self.muted or self.volume <= 0:
            return
        try:
            sound = self._sounds.get(name)
            if sound is None:
                sound = self._sounds[name] = self._sound(effect(name, self.format[0]))
            sound.set_volume(self.volume)
            sound.play()
        except (pygame.error, ValueError):
            self.format = None  # the device went away: silence from now on

    def configure(self, volume: float, music: float, muted: bool) -> None:
        self.volume, self.music_volume, self.muted = volume, music, muted
        self._apply_music()

    # ----- music -----
    def start_music(self) -> None:
        """Make the loop on a worker thread (about 0.2 s of NumPy) and play it when ready."""
        if not self.enabled or os.environ.get("SDL_AUDIODRIVER") == "dummy" or self._music_thread is not None:
            return
        self._music_thread = threading.Thread(target=self._make_music, name="music", daemon=True)
        self._music_thread.start()

    def _make_music(self) -> None:
        try:
            sound = self._sound(music_loop(self.format[0]))
        except (pygame.error, ValueError, TypeError):
            return
        with self._lock:
            self._music = sound
        self._apply_music()

    def _apply_music(self) -> None:
        with self._lock:
            if self._music is None or not self.enabled:
                return
            level = 0.0 if self.muted else self.music_volume * MUSIC_LEVEL
            try:
                if level > 0 and (self._channel is None or not self._channel.get_busy()):
                    self._channel = self._music.play(loops=-1, fade_ms=2000)
                if self._channel is not None:
                    self._channel.set_volume(level)
            except pygame.error:
                self.format = None

    def stop(self) -> None:
        with self._lock:
            if self._channel is not None:
                self._channel.stop()
                self._channel = None

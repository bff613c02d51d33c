"""Sound: synthesised effects and music, silent and error-free without a mixer, volumes in Settings."""

import json

import numpy as np
import pygame
import pytest

from game.ui.app import App, Settings
from game.ui.audio import Audio, start_mixer
from game.ui.audio.synth import BAR, CHORDS, EFFECTS, effect, music_loop
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import TitleScene


@pytest.mark.parametrize("name", EFFECTS)
def test_each_effect_is_short_audible_and_in_range(name):
    samples = effect(name, 22050)
    assert 0.03 < len(samples) / 22050 <= 1.0
    assert np.isfinite(samples).all() and np.abs(samples).max() <= 1.0
    assert np.abs(samples).max() > 0.25  # heard
    assert abs(samples[-1]) < 0.02  # no click at the end


def test_effects_differ_and_fit_the_rate():
    assert len({effect(n, 22050).tobytes() for n in EFFECTS}) == len(EFFECTS)
    assert abs(len(effect("gavel", 44100)) - 2 * len(effect("gavel", 22050))) <= 1
    with pytest.raises(ValueError):
        effect("fanfare", 22050)


def test_music_loop_is_quiet_and_joins_cleanly():
    loop = music_loop(8000)
    assert len(loop) == int(BAR * len(CHORDS) * 8000)
    assert np.abs(loop).max() <= 0.6 + 1e-9
    # the last and first samples meet without a jump (a click every 24 s would be heard)
    assert abs(loop[-1] - loop[0]) < 0.05


def test_without_a_mixer_everything_is_silent_and_nothing_fails():
    a = Audio(mixer=None)
    assert not a.enabled
    for name in EFFECTS:
        a.play(name)
    a.configure(0.5, 0.5, False)
    a.start_music()
    a.stop()
    assert a._sounds == {} and a._music_thread is None
    assert a.played[-1] == "click"  # still told what would have played


def test_a_mixer_that_cannot_start_gives_silence(monkeypatch):
    def broken(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken)
    assert start_mixer() is None
    app = App(Settings(size=(1024, 600)))
    assert not app.audio.enabled
    app.push(TitleScene(app))
    app.audio.play("accept")
    app.step(1 / 60)


def test_the_dummy_driver_plays_effects_but_makes_no_music():
    fmt = start_mixer()
    if fmt is None:
        pytest.skip("no mixer at all here")
    a = Audio(0.8, 0.5, False, fmt)
    a.play("gavel")
    assert "gavel" in a._sounds  # made and played into the dummy device
    a.start_music()
    assert a._music_thread is None


def test_muted_or_silent_volume_makes_no_sound():
    fmt = start_mixer()
    if fmt is None:
        pytest.skip("no mixer at all here")
    a = Audio(0.8, 0.5, True, fmt)
    a.play("accept")
    a.configure(0.0, 0.5, False)
    a.play("refuse")
    assert a._sounds == {} and a.played == ["accept", "refuse"]


def test_unknown_effect_is_an_error():
    with pytest.raises(ValueError):
        Audio(mixer=None).play("trumpet")


def _click(app, button):
    pos = button.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for _ in range(3):
        app.step(1 / 60)


def test_settings_keep_sound_and_motion(saves):
    app = App(Settings(size=(1024, 600)))
    app.push(TitleScene(app))
    app.push(SettingsScene(app))
    app.step(1 / 60)
    scene = app.scene
    choose = {group: dict((value, b) for b, value in items) for group, items in scene.groups.items()}
    _click(app, choose["muted"][True])
    assert app.audio.muted  # heard (or not) at once
    _click(app, choose["music"][0.25])
    _click(app, choose["reduced_motion"][True])
    _click(app, choose["volume"][0.3])
    assert app.audio.played[-1] == "accept"  # a sample at the new volume
    assert not app.settings.reduced_motion  # not applied yet
    apply = next(b for b in scene.focus_ring if b.text == "Apply")
    _click(app, apply)
    data = json.loads((saves / "settings.json").read_text(encoding="utf-8"))
    assert (data["muted"], data["music_volume"], data["sound_volume"], data["reduced_motion"]) == (True, 0.25, 0.3, True)
    loaded = Settings.load()
    assert loaded.muted and loaded.reduced_motion and loaded.music_volume == 0.25


def test_back_restores_the_volumes_in_use(saves):
    app = App(Settings(size=(1024, 600)))
    app.push(TitleScene(app))
    app.push(SettingsScene(app))
    app.step(1 / 60)
    muted = next(b for b, v in app.scene.groups["muted"] if v is True)
    _click(app, muted)
    assert app.audio.muted
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    app.step(1 / 60)
    assert type(app.scene).__name__ == "TitleScene" and not app.audio.muted


def test_bad_volume_values_are_clamped(saves):
    saves.mkdir(parents=True)
    (saves / "settings.json").write_text(json.dumps({"sound_volume": 7, "music_volume": -1, "muted": 1}))
    s = Settings.load()
    assert (s.sound_volume, s.music_volume, s.muted) == (1.0, 0.0, True)


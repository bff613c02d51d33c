"""The game's scenes, one module each."""

"""Pure rules and AI: no pygame, deterministic."""

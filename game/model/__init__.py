"""The domain model: pydantic v2 models for scenarios, cones and game state."""

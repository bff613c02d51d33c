"""Which sound an action's result calls for, read from what the engine wrote to the log."""

VERDICT_SOUNDS = {"accept": "accept", "counter": "counter", "reject": "refuse"}


def cue(result) -> str | None:
    """One effect for a result: the gavel for a vote, the verdict of an answer, an alert when an
    event fires, the turn's end; none for a refusal or quiet work."""
    if getattr(result, "error", None) or result.action is None:
        return None
    kinds = {e.kind for e in result.entries}
    if "vote" in kinds:
        return "gavel"
    decision = next((e.decision for e in result.entries if e.kind == "decision" and e.decision is not None), None)
    if decision is not None:
        return VERDICT_SOUNDS[decision.verdict]
    if "deal" in kinds:
        return "accept"
    if "event" in kinds:
        return "alert"
    if result.action.kind == "end_turn":
        return "turn"
    return None

"""Older save versions, lifted to the current one step by step. Every migration lives here.

Save version 1 (Demarche 0.0.x) was one flat object::

    {"format": "demarche-save", "version": 1, "game": "0.0.9", "saved_at": "...",
     "player": "...", "cone": "...", "seed": 3,
     "scenario": {"id": "...", "title": "...", "yaml": "<the YAML text>", "hash": "sha256:<hex>"},
     "moves": [{"type": "propose", ...}, {"type": "accept", "country": ...}, ...],
     "turns": [{"turn": 1, "countries": {"<id>": {"relationship": 5, "stability": 60}},
                "regional": 58.2, "budget": 60}, ...],
     "state": {<the final state, without its history>}}

Actions were tagged "type" rather than "kind", and three had other names (accept, campaign,
summit). Snapshots grouped the figures by country. There was no header to read on its own.

Version 2 has the one-line header and the body. Version 3 (current, see format.py) may add the
assignment's turn limit to the body's scenario; a version 2 save is a version 3 save without one.

`migrate(document)` returns a version-2 document and records the version it started from in
``document["migrated_from"]``; it never writes anything back to disk.
"""

from __future__ import annotations

from .format import OLDEST_VERSION, SAVE_VERSION, SaveError

SAME_CONTENT = {2}
"""Versions whose content reads unchanged in the current one: lifting them is not worth a note."""
V1_ACTION_KINDS = {"accept": "accept_counter", "campaign": "public_campaign", "summit": "host_summit"}


def save_version(document: dict, shown: str) -> int:
    header = document.get("header")
    if isinstance(header, dict) and "save_version" in header:
        version = header["save_version"]
    elif "version" in document and document.get("format") == "demarche-save":
        version = document["version"]
    else:
        raise SaveError("is not a Demarche save: it has neither a header nor a save version", shown)
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(f"has an unreadable save version ({str(version)[:40]!r})", shown)
    if version > SAVE_VERSION:
        game = header.get("game_version") if isinstance(header, dict) else document.get("game")
        by = f" by Demarche {str(game)[:20]}" if game else ""
        raise SaveError(f"was written{by} in save version {version}; this game reads save versions "
                        f"{OLDEST_VERSION} to {SAVE_VERSION}: update the game to open it", shown)
    if version < OLDEST_VERSION:
        raise SaveError(f"has save version {version}, which never existed (the oldest is {OLDEST_VERSION})", shown)
    return version


def migrate(document: dict, shown: str = "save") -> dict:
    """Lift `document` to SAVE_VERSION, one version at a time. Raises SaveError."""
    version = save_version(document, shown)
    start = version
    while version < SAVE_VERSION:
        try:
            document = MIGRATIONS[version](document)
        except SaveError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"missing field {exc.args[0]!r}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
            raise SaveError(f"is a save of version {version} that cannot be migrated ({what})", shown) from None
        version += 1
    if start != SAVE_VERSION and start not in SAME_CONTENT:
        document["migrated_from"] = start
    return document


def _v1_to_v2(old: dict) -> dict:
    scenario = old["scenario"]
    digest = str(scenario["hash"])
    if not digest.startswith("sha256:"):
        raise ValueError(f"scenario hash {digest[:20]!r} is not a sha256")
    actions = []
    for move in old["moves"]:
        move = dict(move)
        kind = move.pop("type")
        actions.append({"kind": V1_ACTION_KINDS.get(kind, kind), **move})
    snapshots = []
    for turn in old["turns"]:
        countries = turn["countries"]
        snapshots.append({
            "turn": turn["turn"],
            "relationship": {cid: c["relationship"] for cid, c in countries.items()},
            "stability": {cid: c["stability"] for cid, c in countries.items()},
            "regional": turn["regional"],
            "budget": turn["budget"],
        })
    state = old["state"]
    outcome = state.get("outcome") or {}
    header = {
        "save_version": 2,
        "game_version": str(old["game"]),
        "created": str(old["saved_at"]),
        "player": str(old.get("player", "")),
        "scenario_id": scenario["id"],
        "scenario_title": scenario["title"],
        "cone": old["cone"],
        "seed": old["seed"],
        "turn": state["turn"],
        "actions": len(actions),
        "outcome": {"phase": state["phase"], "result": outcome.get("result"), "score": outcome.get("score"),
                    "grade": outcome.get("grade"), "agreed_issues": len(state.get("agreed") or {})},
    }
    body = {
        "scenario": {"format": "yaml", "text": scenario["yaml"], "sha256": digest.removeprefix("sha256:"),
                     "source": None},
        "actions": actions,
        "snapshots": snapshots,
        "final": state,
    }
    return {"header": header, "body": body}


def _v2_to_v3(old: dict) -> dict:
    return {**old, "header": {**old["header"], "save_version": 3}}


MIGRATIONS = {1: _v1_to_v2, 2: _v2_to_v3}
"""version -> function lifting a document of that version to the next."""

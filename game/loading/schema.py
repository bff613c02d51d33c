"""The JSON Schema of the scenario format, for editors' autocompletion and checks."""

import json

from ..model.scenario import Scenario

SCHEMA_URL = "http://json-schema.org/draft-07/schema#"


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema()
    return {"$schema": SCHEMA_URL, "title": "Demarche scenario", **{k: v for k, v in schema.items() if k != "title"}}


def scenario_schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, sort_keys=True) + "\n"

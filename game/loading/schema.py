"""The JSON Schema of the scenario format, for editors' autocompletion and checks.

Pydantic writes JSON Schema 2020-12 (`$defs`); editors (yaml-language-server) and most tools
know draft-07 best, so the definitions move to `definitions` and every `$ref` follows them.
"""

import json

from ..model.scenario import Scenario

SCHEMA_URL = "http://json-schema.org/draft-07/schema#"


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    body = {k: v for k, v in schema.items() if k != "title"}
    return {"$schema": SCHEMA_URL, "title": "Demarche scenario", **body, "definitions": definitions}


def scenario_schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, sort_keys=True) + "\n"

"""Reading scenario files: strict YAML, schema validation, and sense checks."""

#!/usr/bin/env python3
"""Validates SARIF reports against the official SARIF 2.1.0 JSON schema.

Usage: validate.py SCHEMA REPORT...
Each REPORT must be valid against SCHEMA, have at least one run, and give
every result a ruleIndex that names the rule with its ruleId (the schema
cannot check that cross-reference; code-scanning tools rely on it).
Exit: 0 all valid; 1 a report is not; 2 setup problem.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("sarif: python3-jsonschema is missing (scripts/setup installs it)", file=sys.stderr)
    sys.exit(2)


def problems_of(report, validator):
    for error in sorted(validator.iter_errors(report), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "(top)"
        yield f"{where}: {error.message}"
    for run_index, run in enumerate(report.get("runs", [])):
        rules = run.get("tool", {}).get("driver", {}).get("rules", [])
        ids = [rule.get("id") for rule in rules]
        if len(set(ids)) != len(ids):
            yield f"runs/{run_index}: a rule id appears twice"
        for result_index, result in enumerate(run.get("results", [])):
            index = result.get("ruleIndex")
            if index is None or not 0 <= index < len(rules) or rules[index].get("id") != result.get("ruleId"):
                yield f"runs/{run_index}/results/{result_index}: ruleIndex {index} does not name rule {result.get('ruleId')}"
    if not report.get("runs"):
        yield "no runs"


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    failed = 0
    results = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            try:
                report = json.load(f)
            except json.JSONDecodeError as error:
                print(f"{path}: not JSON: {error}")
                failed += 1
                continue
        problems = list(problems_of(report, validator))
        for problem in problems[:20]:
            print(f"{path}: {problem}")
        if problems:
            failed += 1
        results += sum(len(run.get("results", [])) for run in report.get("runs", []))
    print(f"sarif: {len(sys.argv) - 2 - failed} of {len(sys.argv) - 2} reports valid against the SARIF 2.1.0 schema "
          f"({results} results)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

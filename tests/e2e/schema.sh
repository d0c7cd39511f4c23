#!/usr/bin/env bash
# `headroom schema` against a real validator (Debian's python3-jsonschema, Draft 7): the schema
# is a valid schema; every key's own example validates against that key's schema; every shipped
# example, every test model and every explain topic's model validates (TOML read by tomllib); and
# the bad-input corpus's unknown keys, wrong types, out-of-range numbers and unknown choices are
# rejected by the schema too.
bin=$1
source "$(dirname "$0")/lib.sh"

"$bin" schema >"$tmp/schema.json" || fail "schema exited $?"
"$bin" explain -f json >"$tmp/topics.json" || fail "explain -f json"
mkdir -p "$tmp/topics"
while read -r id; do
  "$bin" explain "$id" -f json >"$tmp/topic.json"
  /usr/bin/python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["topic"]["example_model"]; m and open(sys.argv[2],"w").write(m["toml"])' \
    "$tmp/topic.json" "$tmp/topics/$id.toml"
done < <(/usr/bin/python3 -c 'import json,sys; [print(t["id"]) for t in json.load(open(sys.argv[1]))["topics"]]' "$tmp/topics.json")

/usr/bin/python3 - "$tmp/schema.json" "$tmp/topics" <<'PY' || status=1
import glob, json, os, re, sys, tomllib
import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
failed = False

def fail(msg):
    global failed
    failed = True
    print("FAIL:", msg, file=sys.stderr)

# Every key's example, against the key's own schema; and every key carries a description.
def walk(node, path):
    for name, sub in node.get("properties", {}).items():
        here = f"{path}.{name}" if path else name
        if "description" not in sub:
            fail(f"{here} has no description")
        for example in sub.get("examples", []):
            errors = list(jsonschema.Draft7Validator(sub).iter_errors(example))
            if errors:
                fail(f"{here}: its example {example!r} is refused: {errors[0].message}")
        for inner in [sub] + sub.get("anyOf", []):
            walk(inner, here)
            if isinstance(inner.get("items"), dict):
                walk(inner["items"], here + "[]")
            if isinstance(inner.get("additionalProperties"), dict):
                walk(inner["additionalProperties"], here + ".*")
walk(schema, "")
keys = json.dumps(schema).count('"description"')
if keys < 200:
    fail(f"only {keys} described keys: the schema lost most of the table")

def load(path):
    with open(path, "rb") as f:
        return tomllib.load(f)

good = sorted(glob.glob("examples/*.toml")) + sorted(glob.glob("tests/data/**/*.toml", recursive=True)) \
     + sorted(glob.glob(os.path.join(sys.argv[2], "*.toml")))
if len(good) < 40:
    fail(f"only {len(good)} models to validate")
for path in good:
    for e in validator.iter_errors(load(path)):
        fail(f"{path}: a model headroom accepts is refused by the schema at "
             f"{'/'.join(map(str, e.absolute_path))}: {e.message}")

# The bad-input corpus: what the schema can see (one key's name, type, form, range, choice)
# must be refused; a problem between keys (a reference, a sum) is validate's alone.
schema_problem = re.compile(r": (unknown key|unknown (mode|algorithm|policy|dist|preset|hash)|"
                            r"expected a whole number, got a|expected a number in|expected a table|"
                            r"needs a unit|unknown unit|ambiguous unit|misplaced '_'|"
                            r"[-0-9.e+]+ is out of range|ratio [-0-9.e+]+ is out of range|"
                            r"expected a duration such as)")
checked = rejected = 0
for err in sorted(glob.glob("tests/bad/*.err")):
    toml_path = err[:-4] + ".toml"
    first = open(err, encoding="utf-8", errors="replace").readline()
    if not os.path.exists(toml_path) or not schema_problem.search(first):
        continue
    if "# args:" in open(toml_path, encoding="utf-8", errors="replace").read(500):
        continue  # the problem is in a --set, not in the file
    # A count written as a string ("1G") is checked for its form only: its range is headroom's.
    where = re.match(r"[^:]+:(\d+):(\d+): ", first)
    if where and "out of range" in first:
        line = open(toml_path, encoding="utf-8", errors="replace").read().split("\n")[int(where[1]) - 1]
        if line[int(where[2]) - 1:].startswith('"'):
            continue
    try:
        doc = load(toml_path)
    except Exception:
        continue  # headroom's own TOML reading refuses it (a NaN, bad UTF-8)
    checked += 1
    if validator.is_valid(doc):
        fail(f"{toml_path} is refused by headroom ({first.strip()}) but passes the schema")
    else:
        rejected += 1
if checked < 12:
    fail(f"only {checked} bad inputs the schema should refuse")
print(f"schema: {len(good)} models valid; {rejected} of {checked} bad inputs refused", file=sys.stderr)
sys.exit(1 if failed else 0)
PY
exit $status

#!/usr/bin/env python3
"""Copies the symbols the solution templates share from templates/shared/symbols.json into their template.json files.

The template engine has no inheritance between templates, so each template.json must declare every symbol it uses.
The shared ones are written once, in templates/shared/symbols.json; this script copies each into every template.json
that declares a symbol of that name (keeping the template's order), except the ones that template lists under
"ownSymbols". To give a template a shared symbol, declare it there as {} and run the script.

  eng/sync-template-symbols.py           rewrite the template.json files that are out of date
  eng/sync-template-symbols.py --check   only say which are out of date (exit 1 if any)
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
shared = json.loads((root / "templates/shared/symbols.json").read_text(encoding="utf-8"))
check = sys.argv[1:] == ["--check"]
if sys.argv[1:] not in ([], ["--check"]):
    sys.exit(__doc__)

stale = []
for config in sorted((root / "templates/content").glob("*/.template.config/template.json")):
    template = config.parent.parent.name
    text = config.read_text(encoding="utf-8")
    document = json.loads(text)
    own = set(shared["ownSymbols"].get(template, []))
    for name in document.get("symbols", {}):
        if name in shared["symbols"] and name not in own:
            document["symbols"][name] = shared["symbols"][name]
    synced = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if synced != text:
        stale.append(str(config.relative_to(root)))
        if not check:
            config.write_text(synced, encoding="utf-8")

for path in stale:
    print(("out of date: " if check else "updated: ") + path)
sys.exit(1 if check and stale else 0)

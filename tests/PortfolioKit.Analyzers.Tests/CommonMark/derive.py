#!/usr/bin/env python3
"""Derives spec-0.30-examples.json from the CommonMark specification's spec.txt (version 0.30).

    derive.py SPEC_TXT > spec-0.30-examples.json

Keeps the examples of the sections the README rules rely on. The examples are part of the CommonMark Spec,
Copyright (C) 2014-16 John MacFarlane, released under CC-BY-SA 4.0 (see README.md in this folder).
"""
import json
import re
import sys

SECTIONS = {
    "Fenced code blocks", "Indented code blocks", "ATX headings", "Setext headings", "List items", "Lists",
    "Emphasis and strong emphasis", "Links", "Images", "HTML blocks", "Code spans", "Thematic breaks",
}
text = open(sys.argv[1], encoding="utf-8").read()
examples, section, number = [], None, 0
fence = "`" * 32 + " example"
lines = text.split("\n")
i = 0
while i < len(lines):
    line = lines[i]
    heading = re.match(r"^#{1,6} +(.*)$", line)
    if heading and not line.startswith("#######"):
        section = heading.group(1).strip()
    if line.startswith(fence):
        number += 1
        i += 1
        markdown = []
        while lines[i] != ".":
            markdown.append(lines[i])
            i += 1
        i += 1
        html = []
        while not lines[i].startswith("`" * 32):
            html.append(lines[i])
            i += 1
        if section in SECTIONS:
            examples.append({
                "example": number,
                "section": section,
                "markdown": "\n".join(markdown).replace("\u2192", "\t") + "\n",
                "html": "\n".join(html).replace("\u2192", "\t") + "\n",
            })
    i += 1
json.dump(examples, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")

#!/usr/bin/env python3
"""Keeps docs/query-support.md in step with the planner's refusals.

Every Unsupported("...") / Unsupported(psprintf("...", ...)) message in src/backend must be
listed in the "Refused constructs" table of docs/query-support.md, and every message that
table lists must still exist in the code. Messages are compared as templates: a printf
conversion (%s, %d) in the code and a <placeholder> in the docs both match "<>".

Prints one line per message and ends with "N passed, N failed"; exit status 1 on a failure.
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "query-support.md")
SOURCES = os.path.join(ROOT, "src", "backend")

CALL = re.compile(r'Unsupported\(\s*(?:psprintf\(\s*)?((?:"(?:[^"\\]|\\.)*"\s*)+)')
LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')


def code_templates():
    found = {}
    for folder, _, files in os.walk(SOURCES):
        for name in sorted(files):
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8").read()
            for match in CALL.finditer(text):
                message = "".join(LITERAL.findall(match.group(1)))
                message = message.replace('\\"', '"').replace("\\\\", "\\")
                template = re.sub(r"%[-0-9.]*[sduc]", "<>", message)
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault(template, "%s:%d" % (os.path.relpath(path, ROOT), line))
    return found


def doc_templates():
    text = open(DOC, encoding="utf-8").read()
    start = text.index("## Refused constructs")
    end = text.find("\n## ", start + 1)
    section = text[start:end if end >= 0 else len(text)]
    templates = set()
    for row in section.splitlines():
        if not row.startswith("|") or row.startswith("|---"):
            continue
        cells = row.strip("|").split("|")
        if len(cells) < 2 or cells[-1].strip() == "message":
            continue
        for message in re.findall(r"`([^`]+)`", cells[-1]):
            templates.add(re.sub(r"<[^>]*>", "<>", message))
    return templates


def main():
    code = code_templates()
    docs = doc_templates()
    passed = failed = 0
    for template, where in sorted(code.items()):
        if template in docs:
            passed += 1
        else:
            failed += 1
            print("FAIL refusal not in docs/query-support.md: %r (%s)" % (template, where))
    for template in sorted(docs - set(code)):
        failed += 1
        print("FAIL docs/query-support.md lists a refusal the code no longer has: %r" % template)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

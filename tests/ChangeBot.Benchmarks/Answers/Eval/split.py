#!/usr/bin/env python3
"""Splits questions-all.txt ONCE into dev (60%) and test (40%), stratified by kind, with a fixed seed.

Run from the repository root: python3 tests/ChangeBot.Benchmarks/Answers/Eval/split.py
Running it again gives the same files; the split is not to be redrawn (issue 13: tune on dev only).
"""
import json
import random
import sys
from pathlib import Path

SEED = 20261207
DEV_SHARE = 0.6
KINDS = ["paraphrase", "out-of-scope", "cross-vendor", "time", "faq", "thread", "direct"]

here = Path(__file__).resolve().parent
root = here.parents[3]
source = here / "questions-all.txt"
dev_path = root / "tests/ChangeBot.Core.Tests/Answers/Evaluation/dev.json"
test_path = here / "test.json"


def parse(path):
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) != 6:
            sys.exit(f"{path.name}:{number}: expected 6 fields separated by ' | ', got {len(fields)}")
        kind, context, question, notice, section, facts = fields
        if kind not in KINDS:
            sys.exit(f"{path.name}:{number}: unknown kind '{kind}'")
        none = notice == "none"
        if none != (kind in ("out-of-scope", "cross-vendor")):
            sys.exit(f"{path.name}:{number}: only out-of-scope and cross-vendor questions expect no notice")
        if not none and not facts:
            sys.exit(f"{path.name}:{number}: an in-scope question needs expected facts")
        questions.append({
            "id": f"q{len(questions) + 1:03d}",
            "kind": kind,
            "context": context or None,
            "question": question,
            "notice": None if none else notice,
            "section": section or None,
            "facts": [[alt.strip() for alt in fact.split("~")] for fact in facts.split(";") if fact.strip()],
        })
    return questions


def main():
    questions = parse(source)
    rng = random.Random(SEED)
    dev, test = [], []
    for kind in KINDS:
        group = [q for q in questions if q["kind"] == kind]
        rng.shuffle(group)
        cut = round(len(group) * DEV_SHARE)
        dev += group[:cut]
        test += group[cut:]
    for path, part, name in ((dev_path, dev, "dev"), (test_path, test, "test")):
        part.sort(key=lambda q: q["id"])
        body = {"set": name, "seed": SEED, "source": "tests/ChangeBot.Benchmarks/Answers/Eval/questions-all.txt",
                "questions": part}
        path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{name}: {len(part)} questions -> {path.relative_to(root)}")


main()

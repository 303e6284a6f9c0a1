"""Generate docs/rules.md from the registry: `python -m specdiff._rules._doc > docs/rules.md`.

The registry is the single source: a test fails when the committed file differs.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from specdiff._rules._registry import Area, Rule, all_rules

HEADER = """# specdiff rules

Generated from the rule registry by `python -m specdiff._rules._doc > docs/rules.md`; do not
edit by hand. IDs shared with oasdiff keep oasdiff's spelling and default level, so waivers and
severity overrides carry over; IDs marked **ours** are specdiff's own (oasdiff has no such rule).
Levels are defaults: override them per ID in the configuration. Direction says whose side a
change hurts: what clients send (request) or what they receive (response).

"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(rules: list[Rule] | None = None) -> str:
    rules = all_rules() if rules is None else rules
    by_area: dict[Area, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_area[rule.area].append(rule)
    ours = sum(1 for r in rules if r.ours)
    out = [HEADER, f"{len(rules)} rules ({len(rules) - ours} shared with oasdiff, {ours} ours).\n"]
    out.append("| area | rules |\n|---|---|")
    for area in Area:
        if by_area.get(area):
            out.append(f"| [{area.value}](#{area.value.replace(' ', '-')}) | {len(by_area[area])} |")
    out.append("")
    for area in Area:
        group = sorted(by_area.get(area, []), key=lambda r: r.id)
        if not group:
            continue
        out.append(f"## {area.value}\n")
        out.append("| ID | level | direction | what | why it matters |")
        out.append("|---|---|---|---|---|")
        for r in group:
            name = f"`{r.id}`" + (" **ours**" if r.ours else "")
            out.append(f"| {name} | {r.level.label} | {r.direction.value} | {_cell(r.description)} | {_cell(r.why)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The severity policy: what site.yaml says each check rule's findings are.

Only check rules can be changed (Clerk's lint rules and the external
checkers'); a content-model error such as an unknown person cannot be
switched off. Every change carries a reason, which the report prints.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.markdown.lint import LINT_RULES
from generator.config import ChecksConfig
from generator.diagnostics import Diagnostic, Diagnostics, Position, Severity

EXTERNAL_PREFIXES = ("axe:", "htmlcs:", "vnu:", "reflow:", "pdf:", "pa11y:")


@dataclass(frozen=True)
class Suppressed:
    rule: str
    reason: str
    count: int


def is_check_rule(rule: str) -> bool:
    return rule in LINT_RULES or rule.startswith(EXTERNAL_PREFIXES)


def validate_policy(policy: ChecksConfig, diagnostics: Diagnostics) -> None:
    for rule in policy.rules:
        if rule.endswith(":failed"):
            diagnostics.error(
                Position("site.yaml"), "policy-rule", f"'{rule}' means a checker did not run; it cannot be changed",
                "fix the checker's set-up (make build installs what it needs)",
            )
            continue
        if is_check_rule(rule):
            continue
        close = difflib.get_close_matches(rule, list(LINT_RULES), n=1)
        diagnostics.error(
            Position("site.yaml"),
            "policy-rule",
            f"checks.rules names '{rule}', which is not a check rule that can be changed",
            f"did you mean '{close[0]}'?" if close else "use a lint rule id, or axe:<rule>, htmlcs:<code>, vnu:error, vnu:warning",
        )


def apply_policy(diagnostics: Diagnostics, policy: ChecksConfig) -> tuple[Diagnostics, list[Suppressed]]:
    """A copy of `diagnostics` with the policy's severities; findings of rules switched off are counted, not kept."""
    result = Diagnostics(limit=diagnostics.limit)
    dropped: dict[str, int] = {}
    for item in diagnostics.items:
        rule_policy = policy.rules.get(item.rule) if is_check_rule(item.rule) else None
        if rule_policy is None:
            result.add(item)
        elif rule_policy.severity == "off":
            dropped[item.rule] = dropped.get(item.rule, 0) + 1
        else:
            result.add(
                Diagnostic(item.position, Severity(rule_policy.severity), item.rule, item.message, item.hint)
            )
    suppressed = [
        Suppressed(rule, policy.rules[rule].reason, count) for rule, count in sorted(dropped.items())
    ]
    return result, suppressed

import type { CollectContext, ExecPaths, Fact } from './facts.js';
import { present } from './facts.js';
import type { PathKind } from './parse/exec-command.js';
import { readExecCommand, testedPaths } from './parse/exec-command.js';
import { effectiveDirectives } from './units.js';

/**
 * Looks up, in the scanned tree, every path an ExecStartPre= condition of the units tests, so a
 * rule can tell which branch of `[ -f /sys/fs/cgroup/cgroup.controllers ] || mkdir ...` runs on
 * this node without reading files itself.
 */
export function collectExecPaths(ctx: CollectContext): Fact<ExecPaths> {
  const units = ctx.get('units');
  if (!units.ok) return units;
  const kinds = new Map<string, PathKind>();
  for (const unit of units.value.units.values()) {
    for (const d of effectiveDirectives(unit, 'Service', 'ExecStartPre')) {
      for (const p of testedPaths(readExecCommand(d.value, { unit: unit.name }))) {
        if (kinds.has(p)) continue;
        // An unreadable path leaves its test unknown, which the rule says; it is no gap in the fact.
        const r = ctx.host.stat(p, { denial: 'handled' });
        kinds.set(p, r.ok ? r.type : r.reason === 'missing' || r.reason === 'vanished' ? 'absent' : 'unknown');
      }
    }
  }
  return present({ kinds });
}

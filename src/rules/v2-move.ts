import type { Layout, ScanContext } from '../collect/facts.js';
import type { Severity } from './define.js';

/**
 * Where a node stands on the move to cgroup v2, for the rules that judge it (CG032, CG033): on v2
 * what breaks it is an error; on v1 and hybrid a warning of what the move would break, and an
 * error once the move is planned (`scan --target v2`). Undefined when the layout is unknown.
 */
export function v2Move(layout: Layout, context: ScanContext | undefined): { onV2: boolean; target: boolean; severity: Severity } | undefined {
  if (layout === 'unknown') return undefined;
  const onV2 = layout === 'v2';
  const target = context?.target === 'v2';
  return { onV2, target, severity: onV2 || target ? 'error' : 'warning' };
}

import * as path from 'node:path';
import { DirHost } from '../../src/host/dir-host.js';
import { scanWithStats } from '../../src/scan.js';
import { FIXTURES } from '../helpers.js';

/** A fixture's node at a glance (the report's `facts`) and the facts behind it. */
export function fixtureFacts(name: string) {
  const { result, store } = scanWithStats(new DirHost(path.join(FIXTURES, name, 'root'), 'tree'));
  const kubelet = store.get('kubelet');
  const runtime = store.get('runtime');
  if (!kubelet.ok || !runtime.ok) throw new Error(`${name}: no kubelet or runtime`);
  return { facts: result.facts, kubelet: kubelet.value, runtime: runtime.value, warnings: result.warnings };
}

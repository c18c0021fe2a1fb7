import type { CollectContext, DistributionFact, Fact, ProcessInfo } from './facts.js';
import { present } from './facts.js';
import type { Denial } from '../host/host.js';
import { DISTRIBUTIONS, FALLBACK, type ProcessMatch } from '../distributions/index.js';

/** Whether a process is the one a table entry means: its comm, and its executable where it says. */
export function matches(p: ProcessInfo, m: ProcessMatch): boolean {
  if (!m.comm.includes(p.comm)) return false;
  return m.exe === undefined || (p.cmdline?.[0] !== undefined && m.exe.test(p.cmdline[0]));
}

/** `etc/rancher/k3s/config.yaml.d/*.yaml` -> the paths it names in the tree, sorted. */
export function expandGlob(ctx: CollectContext, pattern: string, denial: Denial = 'quiet'): string[] {
  const cut = pattern.lastIndexOf('/');
  const last = pattern.slice(cut + 1);
  if (!/[*?]/.test(pattern)) return [pattern];
  const dir = pattern.slice(0, cut);
  if (/[*?]/.test(dir)) {
    // One wildcard component above the file (rke2's data/*/bin): expand it, then the rest.
    const at = dir.split('/').findIndex((c) => /[*?]/.test(c));
    const head = dir.split('/').slice(0, at).join('/');
    const rest = pattern
      .split('/')
      .slice(at + 1)
      .join('/');
    const re = globRe(dir.split('/')[at]!);
    return (ctx.host.list(head, { denial }) ?? []).filter((e) => re.test(e.name)).flatMap((e) => expandGlob(ctx, `${head}/${e.name}/${rest}`, denial));
  }
  const re = globRe(last);
  return (ctx.host.list(dir, { denial }) ?? [])
    .map((e) => e.name)
    .filter((n) => re.test(n))
    .sort()
    .map((n) => `${dir}/${n}`);
}

const globRe = (g: string) =>
  new RegExp(
    `^${g
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

/**
 * Which distribution the node runs, and what showed it: a running process of one first (files
 * can be left over from another), then the first distribution in the table with a file of its
 * own. A node with none is read with kubeadm's layout.
 */
export function collectDistribution(ctx: CollectContext): Fact<DistributionFact> {
  const procs = ctx.get('processes');
  const running = procs.ok ? [...procs.value.kubelets, ...procs.value.runtimes, ...procs.value.signals] : [];
  for (const d of DISTRIBUTIONS) {
    for (const s of d.signals) {
      const p = 'process' in s ? running.find((x) => matches(x, s.process)) : undefined;
      if (p) return present({ layout: d, why: `${s.why} (pid ${p.pid}, ${p.cmdline?.[0] ?? p.comm})` });
    }
  }
  for (const d of DISTRIBUTIONS) {
    for (const s of d.signals) {
      if ('path' in s && expandGlob(ctx, s.path).some((p) => ctx.host.exists(p, { denial: 'quiet' }))) return present({ layout: d, why: `${s.why} (${s.path})` });
    }
  }
  return present({ layout: FALLBACK, why: `no distribution's own processes or files: read with the ${FALLBACK.name} layout` });
}

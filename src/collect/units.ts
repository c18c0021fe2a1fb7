import type { CollectContext, Fact, ProcessInfo, Unit, UnitFacts } from './facts.js';
import { present } from './facts.js';
import { parseUnitFile } from './parse/systemd-unit.js';
import { systemdPath } from './parse/proc-cgroup.js';
import { DISTRIBUTIONS } from '../distributions/index.js';

/** systemd's unit search path, highest precedence first (systemd.unit(5)). */
const UNIT_DIRS = ['etc/systemd/system', 'run/systemd/system', 'usr/local/lib/systemd/system', 'usr/lib/systemd/system', 'lib/systemd/system'];

/** The services whose units cgdoctor reads. */
const SERVICES = ['kubelet', 'containerd', 'docker', 'crio', 'cri-docker'];

function loadUnit(ctx: CollectContext, name: string): Unit | undefined {
  const files = [];
  for (const dir of UNIT_DIRS) {
    const r = ctx.host.read(`${dir}/${name}`);
    if (r.ok) {
      files.push(parseUnitFile(r.text, `${dir}/${name}`));
      break;
    }
  }
  // Drop-ins from every directory, a name in a higher-precedence directory masking the same
  // name below it, applied in file-name order.
  const dropins = new Map<string, string>();
  for (const dir of UNIT_DIRS) {
    for (const e of ctx.host.list(`${dir}/${name}.d`) ?? []) {
      if (e.name.endsWith('.conf') && !dropins.has(e.name)) dropins.set(e.name, `${dir}/${name}.d/${e.name}`);
    }
  }
  for (const key of [...dropins.keys()].sort()) {
    const path = dropins.get(key)!;
    const r = ctx.host.read(path);
    if (r.ok) files.push(parseUnitFile(r.text, path));
  }
  if (files.length === 0) return undefined;
  for (const f of files) f.warnings.forEach(ctx.warn);
  return { name, files };
}

/** The unit a process runs in, from its cgroup: `/system.slice/k3s.service` -> `k3s.service`. */
export function unitOf(p: ProcessInfo | undefined): string | undefined {
  const m = p?.cgroup ? systemdPath(p.cgroup) : undefined;
  const last = m?.path.split('/').pop();
  return last && /\.service$/.test(last) ? last : undefined;
}

/**
 * The units of the kubelet and the runtimes, found by what they run, not by name: the units
 * every distribution starts its kubelet with, the upstream runtime units, and the units the
 * running kubelet and runtime processes sit in (k3s.service, snap.microk8s.daemon-kubelite.service).
 * Keyed by the unit's name without `.service`.
 */
export function collectUnits(ctx: CollectContext): Fact<UnitFacts> {
  const units = new Map<string, Unit>();
  const procs = ctx.get('processes');
  const owning = procs.ok ? [procs.value.kubelet, ...procs.value.runtimes].map(unitOf) : [];
  const names = new Set([...SERVICES.map((s) => `${s}.service`), ...DISTRIBUTIONS.flatMap((d) => d.kubelet.units), ...owning.filter((u): u is string => !!u)]);
  for (const name of names) {
    const u = loadUnit(ctx, name);
    if (u) units.set(name.replace(/\.service$/, ''), u);
  }
  return present({ units, searched: UNIT_DIRS });
}

/** The directives of a unit after drop-ins: list settings append, an empty value resets them. */
export function effectiveDirectives(unit: Unit, section: string, key: string) {
  let out: Array<(typeof unit.files)[number]['directives'][number]> = [];
  for (const f of unit.files) {
    for (const d of f.directives) {
      if (d.section !== section || d.key !== key) continue;
      if (d.value === '') out = [];
      else out.push(d);
    }
  }
  return out;
}

import type { ScanResult } from '../scan.js';
import type { ShownSetting } from '../summary.js';

const LAYOUT_TEXT: Record<ScanResult['layout'], string> = {
  v1: 'v1 (per-controller hierarchies)',
  v2: 'v2 (unified hierarchy)',
  hybrid: 'hybrid (v1 controllers plus a cgroup2 mount)',
  unknown: 'unknown (no cgroup mounts found)',
};

const shownValue = (v: unknown) => (Array.isArray(v) ? v.join(',') : v === '' ? '""' : String(v));

/** The kubelet's cgroup settings grouped by where they came from, so each source is named once. */
function kubeletSettings(settings: Record<string, ShownSetting>): string {
  const groups = new Map<string, string[]>();
  const add = (from: string, text: string) => groups.set(from, [...(groups.get(from) ?? []), text]);
  let defaults = 0;
  for (const [name, s] of Object.entries(settings)) {
    if ('unknown' in s) add('unknown', name);
    // The driver always; the rest only where they differ from kubelet's defaults.
    else if (s.origin === 'default' && name !== 'cgroupDriver') defaults++;
    else add(s.origin === 'default' ? 'default' : (s.source ?? s.origin), `${name} ${shownValue(s.value)}`);
  }
  const parts = [...groups].map(([from, items]) => (from === 'unknown' ? `unknown (see input problems): ${items.join(', ')}` : `${items.join(', ')} (${from})`));
  if (defaults > 0) parts.push(`${defaults} other cgroup settings at their defaults`);
  return parts.join('; ');
}

/**
 * The node at a glance, as label and text rows for every text report: who, which view, with
 * what rights, the kubelet and the runtime with where each value came from, and the
 * configuration the run applied (so a suppressed finding is never invisible).
 */
export function headerRows(r: ScanResult): Array<{ label: string; text: string }> {
  const f = r.facts;
  const rows: Array<{ label: string; text: string }> = [];
  const add = (label: string, text: string) => rows.push({ label, text });
  add('system', `${[f.kernel ? `kernel ${f.kernel}` : 'kernel unknown', f.os].filter(Boolean).join(', ')}; layout ${LAYOUT_TEXT[r.layout]}`);
  add('distro', `${f.distribution.name}: ${f.distribution.why}`);
  if (f.view) add('view', `${f.view.mountinfo}, ${f.view.whose}`);
  if (f.privileges)
    add('as', f.privileges.root ? 'root' : `not root (uid ${f.privileges.uid}): files only root may read are listed as unreadable, and the rules that needed them are skipped`);
  if (f.kubelet) {
    const k = f.kubelet;
    // A process that hides its command line (k3s) runs, with its flags read from its unit.
    const where = k.pid === null ? 'not running' : `pid ${k.pid}${k.embedded && k.process ? ` (embedded in ${k.process})` : ''}`;
    const from = k.flagsFrom === 'cmdline' ? 'flags from its command line' : k.flagsFrom === 'unit' ? `flags from its systemd unit${k.unit ? ` ${k.unit}` : ''}` : 'no flags known';
    const config = [k.config ? `config ${k.config}` : 'no config file', ...(k.dropins.length > 0 ? [`drop-ins ${k.dropins.join(', ')}`] : [])];
    add('kubelet', [k.version ? `${k.version.value} (${k.version.source ?? 'given'})` : 'version unknown', `${where}, ${from}`, ...config].join(', '));
    add('', kubeletSettings(k.settings as Record<string, ShownSetting>));
  } else add('kubelet', 'none found');
  if (f.runtime) {
    const rt = f.runtime;
    const driver = 'unknown' in rt.driver ? 'cgroup driver unknown (see input problems)' : `cgroup driver ${rt.driver.value} (${rt.driver.source ?? rt.driver.origin})`;
    add('runtime', `${rt.name}${rt.pid !== null ? ` pid ${rt.pid}` : ''}, ${driver}, config ${rt.config}; chosen because ${rt.chosen}`);
  } else add('runtime', 'none found');
  const c = f.configuration;
  const changes = [
    c.only ? `only ${c.only.join(', ')}` : '',
    c.ignored.length > 0 ? `ignoring ${c.ignored.join(', ')}` : '',
    Object.keys(c.severity).length > 0
      ? `severity ${Object.entries(c.severity)
          .map(([id, sev]) => `${id}=${sev}`)
          .join(', ')}`
      : '',
    Object.keys(c.thresholds).length > 0
      ? `thresholds ${Object.entries(c.thresholds)
          .flatMap(([id, t]) => Object.entries(t).map(([k, v]) => `${id}.${k}=${v}`))
          .join(', ')}`
      : '',
    c.kubeletVersion ? `kubelet version given as ${c.kubeletVersion}` : '',
    c.failOn !== 'error' ? `fail on ${c.failOn}` : '',
  ].filter(Boolean);
  if (c.file || changes.length > 0) add('config', `${c.file ?? 'flags'}${changes.length > 0 ? `: ${changes.join('; ')}` : ', no changes'}`);
  return rows;
}

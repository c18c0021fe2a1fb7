import type { Hierarchy } from './facts.js';
import { normalizePath } from '../host/host.js';

/** `/a/b/` -> `/a/b`; always absolute, `/` for the root. */
export function cleanCgroupPath(p: string): string {
  return `/${normalizePath(p)}`;
}

/**
 * Root-relative directory of a cgroup path in a hierarchy, or undefined when the mount does not
 * show it (a container's view mounts only its own subtree).
 */
export function dirOf(h: Hierarchy, cgroupPath: string): string | undefined {
  const root = cleanCgroupPath(h.mount.root);
  const p = cleanCgroupPath(cgroupPath);
  if (root === '/') return normalizePath(`${h.dir}/${p}`);
  if (p === root) return h.dir;
  if (p.startsWith(`${root}/`)) return normalizePath(`${h.dir}/${p.slice(root.length)}`);
  return undefined;
}

/** The cgroup path a root-relative directory under a hierarchy stands for. */
export function cgroupPathOf(h: Hierarchy, dir: string): string {
  const rel = dir === h.dir ? '' : dir.slice(h.dir.length + 1);
  return cleanCgroupPath(`${h.mount.root}/${rel}`);
}

/** kubelet's systemd name expansion: components [a, b] -> `/a.slice/a-b.slice`. */
function systemdSlices(components: string[]): string {
  let acc = '';
  const out: string[] = [];
  for (const c of components) {
    acc = acc === '' ? c : `${acc}-${c}`;
    out.push(`${acc}.slice`);
  }
  return `/${out.join('/')}`;
}

/** Components of a cgroupRoot value, read as systemd slices when it ends in `.slice`. */
function rootComponents(cgroupRoot: string, driver: string): string[] {
  const clean = normalizePath(cgroupRoot);
  if (clean === '') return [];
  const parts = clean.split('/');
  if (driver === 'systemd' && parts[parts.length - 1]!.endsWith('.slice')) {
    return parts[parts.length - 1]!.replace(/\.slice$/, '').split('-');
  }
  return parts;
}

/** Where kubelet puts pods, and its QoS children, for a driver and cgroupRoot. */
export function podCgroups(driver: string, cgroupRoot: string): { root: string; qos: string[] } {
  const base = rootComponents(cgroupRoot, driver);
  if (driver === 'systemd') {
    const pods = [...base, 'kubepods'];
    return { root: systemdSlices(pods), qos: [systemdSlices([...pods, 'burstable']), systemdSlices([...pods, 'besteffort'])] };
  }
  const root = cleanCgroupPath([...base, 'kubepods'].join('/'));
  return { root, qos: [`${root}/burstable`, `${root}/besteffort`] };
}

/** True when `p` is `base` or below it. */
export function isUnder(p: string, base: string): boolean {
  return p === base || p.startsWith(base === '/' ? '/' : `${base}/`);
}

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

/*
 * kubelet's cgroup names (pkg/kubelet/cm/cgroup_manager_linux.go): a name is a list of
 * components; the cgroupfs driver writes it as a path, the systemd driver as nested slices. A
 * reserved cgroup's value is parsed with the driver's CgroupName() and opened with its Name(),
 * so under systemd only the value's last component counts: `/runtime` is `/runtime.slice`,
 * `/system.slice` stays, and `/system.slice/kubelet.service` becomes `/kubelet.service.slice`
 * (kubernetes/kubernetes#110288). kubeletCgroups, runtimeCgroups and systemCgroups are opened
 * with a cgroupfs manager whatever the driver, so they are used as written.
 */

/** Go's path.Base: the last element, trailing slashes dropped; `.` for empty, `/` for all slashes. */
function goBase(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** ParseCgroupfsToCgroupName: `/a/b` -> [a, b]; `/` -> []. */
export function parseCgroupfsToCgroupName(name: string): string[] {
  const components = name.replace(/^\//, '').split('/');
  return components.length === 1 && components[0] === '' ? [] : components;
}

/** ParseSystemdToCgroupName: the last component, without `.slice`, split at `-`, `_` back to `-`. */
export function parseSystemdToCgroupName(name: string): string[] {
  const driverName = goBase(name).replace(/\.slice$/, '');
  return driverName.split('-').map((part) => part.replaceAll('_', '-'));
}

/** runc's systemd.ExpandSlice: `a-b.slice` -> `/a.slice/a-b.slice`; undefined where runc refuses the name. */
function expandSlice(slice: string): string | undefined {
  const suffix = '.slice';
  if (slice.length < suffix.length || !slice.endsWith(suffix) || slice.includes('/')) return undefined;
  const sliceName = slice.slice(0, -suffix.length);
  if (sliceName === '-') return '/';
  let path = '';
  let prefix = '';
  for (const component of sliceName.split('-')) {
    if (component === '') return undefined;
    path += `/${prefix}${component}${suffix}`;
    prefix += `${component}-`;
  }
  return path;
}

/**
 * CgroupName.ToSystemd: [kubepods, burstable] -> `/kubepods.slice/kubepods-burstable.slice`, each
 * component's `-` escaped to `_`. Undefined where kubelet itself cannot convert the name (it panics).
 */
export function cgroupNameToSystemd(name: string[]): string | undefined {
  if (name.length === 0 || (name.length === 1 && name[0] === '')) return '/';
  return expandSlice(`${name.map((part) => part.replaceAll('-', '_')).join('-')}.slice`);
}

/** CgroupName.ToCgroupfs: `/` + path.Join(components). */
export function cgroupNameToCgroupfs(name: string[]): string {
  return cleanCgroupPath(name.join('/'));
}

/**
 * The cgroup kubelet enforces a kubeReservedCgroup or systemReservedCgroup value on, for its
 * driver; undefined when kubelet cannot convert the value at all.
 */
export function reservedCgroupPath(value: string, driver: string): string | undefined {
  return driver === 'systemd' ? cgroupNameToSystemd(parseSystemdToCgroupName(value)) : cgroupNameToCgroupfs(parseCgroupfsToCgroupName(value));
}

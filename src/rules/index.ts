import type { AnyRule } from './define.js';
import CG001 from './CG001-cpuset-empty.js';
import CG002 from './CG002-unit-precreates-cgroup.js';
import CG003 from './CG003-controller-not-mounted.js';
import CG004 from './CG004-kubelet-cgroups-mismatch.js';
import CG005 from './CG005-system-cgroup-missing.js';
import CG006 from './CG006-cgroup-flag-path-form.js';
import CG007 from './CG007-runtime-cgroups-mismatch.js';
import CG008 from './CG008-cadvisor-docker-only.js';
import CG009 from './CG009-cgroup-driver-mismatch.js';
import CG010 from './CG010-systemd-driver-without-systemd.js';
import CG011 from './CG011-systemd-path-under-cgroupfs.js';
import CG012 from './CG012-qos-cgroups-missing.js';

/**
 * Every rule, in id order. Ids and names are permanent: a retired rule leaves a comment here
 * and its id is never reused.
 */
export const RULES: readonly AnyRule[] = [CG001, CG002, CG003, CG004, CG005, CG006, CG007, CG008, CG009, CG010, CG011, CG012];

export function findRule(ref: string): AnyRule | undefined {
  const r = ref.trim().toLowerCase();
  return RULES.find((x) => x.id.toLowerCase() === r || x.name === r);
}

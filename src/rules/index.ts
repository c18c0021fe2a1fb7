import type { AnyRule } from './define.js';
import { editDistance } from '../distance.js';
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
import CG013 from './CG013-kubepods-both-drivers.js';
import CG014 from './CG014-required-controller-missing.js';
import CG015 from './CG015-controller-not-delegated.js';
import CG016 from './CG016-runtime-unit-missing-delegate.js';
import CG017 from './CG017-controller-mounted-twice.js';
import CG018 from './CG018-cgroup-v1-deprecated.js';
import CG019 from './CG019-hybrid-layout.js';
import CG020 from './CG020-cgroup-count-near-limit.js';
import CG021 from './CG021-dying-cgroups-high.js';
import CG022 from './CG022-orphaned-pod-cgroups.js';
import CG023 from './CG023-mountinfo-bloat.js';
import CG024 from './CG024-cpu-manager-state-mismatch.js';
import CG025 from './CG025-memory-manager-state-mismatch.js';
import CG026 from './CG026-daemon-outside-systemd-unit.js';
import CG027 from './CG027-sandboxed-runtime.js';
import CG028 from './CG028-scan-sees-container-view.js';
import CG029 from './CG029-kernel-cgroup-config-missing.js';
import CG030 from './CG030-quoted-flag-value.js';
import CG031 from './CG031-v2-process-in-inner-cgroup.js';
import CG032 from './CG032-v2-component-too-old.js';
import CG033 from './CG033-workload-not-v2-aware.js';

/**
 * Every rule, in id order. Ids and names are permanent: a retired rule leaves a comment here
 * and its id is never reused.
 */
export const RULES: readonly AnyRule[] = [
  CG001,
  CG002,
  CG003,
  CG004,
  CG005,
  CG006,
  CG007,
  CG008,
  CG009,
  CG010,
  CG011,
  CG012,
  CG013,
  CG014,
  CG015,
  CG016,
  CG017,
  CG018,
  CG019,
  CG020,
  CG021,
  CG022,
  CG023,
  CG024,
  CG025,
  CG026,
  CG027,
  CG028,
  CG029,
  CG030,
  CG031,
  CG032,
  CG033,
];

export function findRule(ref: string): AnyRule | undefined {
  const r = ref.trim().toLowerCase();
  return RULES.find((x) => x.id.toLowerCase() === r || x.name === r);
}

/** The rules nearest to a mistyped id or name, for "did you mean". */
export function nearestRules(ref: string, rules: readonly AnyRule[] = RULES, n = 3): AnyRule[] {
  const r = ref.toLowerCase();
  const d = (x: AnyRule) => Math.min(editDistance(r, x.id.toLowerCase()), editDistance(r, x.name), x.name.includes(r) && r.length >= 3 ? 1 : Infinity);
  return [...rules].sort((a, b) => d(a) - d(b) || (a.id < b.id ? -1 : 1)).slice(0, n);
}

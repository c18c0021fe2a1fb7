import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG012-qos-cgroups-missing.js';
import { ALL_DIRS, cgroupIn, kubelet, subjects, v1Node } from './trees.js';

const pods = (dirs: string[], root: string, qos: string[]) => ({ ...cgroupIn(dirs, root), ...Object.assign({}, ...qos.map((q) => cgroupIn(dirs, q))) });

describe('CG012 qos-cgroups-missing', () => {
  it('cgroupfs driver: /kubepods and its QoS children', () => {
    const tree = v1Node({ ...kubelet([]), ...pods(ALL_DIRS, '/kubepods', ['/kubepods/burstable']) });
    expect(subjects(rule, tree)).toEqual(['/kubepods/besteffort']);
  });

  it('systemd driver with a cgroupRoot slice', () => {
    const tree = v1Node({
      ...kubelet(['--cgroup-driver=systemd', '--cgroup-root=/kubelet.slice']),
      ...pods(ALL_DIRS, '/kubelet.slice/kubelet-kubepods.slice', [
        '/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice',
        '/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice',
      ]),
    });
    expect(subjects(rule, tree)).toEqual([]);
  });

  it('stays quiet with cgroupsPerQOS off', () => {
    expect(subjects(rule, v1Node(kubelet(['--cgroups-per-qos=false'])))).toEqual([]);
  });

  it('is skipped while kubelet is not running', () => {
    expect(subjects(rule, v1Node({ 'var/lib/kubelet/config.yaml': 'cgroupDriver: systemd\n' }))).toEqual({ skipped: 'kubelet is not running (no kubelet process in proc/)' });
  });
});

import { describe, expect, it } from 'vitest';
import { cgroupNameToCgroupfs, cgroupNameToSystemd, parseCgroupfsToCgroupName, parseSystemdToCgroupName, reservedCgroupPath } from '../../src/collect/cgroup-paths.js';

/*
 * The rows of kubelet's own tests, pkg/kubelet/cm/cgroup_manager_linux_test.go
 * (https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/cm/cgroup_manager_linux_test.go):
 * TestCgroupNameToSystemdBasename, TestCgroupNameToSystemd, TestCgroupNameToCgroupfs,
 * TestParseSystemdToCgroupName, TestNewCgroupName, TestCgroupManager_Name and _ParseName.
 */
const POD_UID = 'pod-6c1a4e95-6bb6-11e6-bc26-28d2444e470d';

describe("kubelet's cgroup names", () => {
  it.each([
    [[], '/'],
    [['system'], 'system.slice'],
    [['system', 'Burstable'], 'system-Burstable.slice'],
    [['Burstable', 'pod-123'], 'Burstable-pod_123.slice'],
    [['test', 'a', 'b'], 'test-a-b.slice'],
    [['test', 'a', 'b', 'Burstable'], 'test-a-b-Burstable.slice'],
    [['Burstable'], 'Burstable.slice'],
    [['BestEffort', POD_UID], 'BestEffort-pod_6c1a4e95_6bb6_11e6_bc26_28d2444e470d.slice'],
  ])('TestCgroupNameToSystemdBasename: %j -> %s', (name, base) => {
    const full = cgroupNameToSystemd(name)!;
    expect(full === '/' ? '/' : full.slice(full.lastIndexOf('/') + 1)).toBe(base);
  });

  it.each([
    [[], '/'],
    [['Burstable'], '/Burstable.slice'],
    [['Burstable', 'pod-123'], '/Burstable.slice/Burstable-pod_123.slice'],
    [['BestEffort', POD_UID], '/BestEffort.slice/BestEffort-pod_6c1a4e95_6bb6_11e6_bc26_28d2444e470d.slice'],
    [['kubepods'], '/kubepods.slice'],
  ])('TestCgroupNameToSystemd: %j -> %s', (name, path) => expect(cgroupNameToSystemd(name)).toBe(path));

  it.each([
    [[], '/'],
    [['Burstable'], '/Burstable'],
  ])('TestCgroupNameToCgroupfs: %j -> %s', (name, path) => expect(cgroupNameToCgroupfs(name)).toBe(path));

  it.each([
    ['/test', ['test']],
    ['/test.slice', ['test']],
    // TestCgroupManager_ParseName, systemd adapter.
    ['/Burstable.slice', ['Burstable']],
  ])('TestParseSystemdToCgroupName: %s -> %j', (value, name) => expect(parseSystemdToCgroupName(value)).toEqual(name));

  it.each([
    // TestNewCgroupName: a trailing slash leaves an empty component.
    ['/a/', ['a', '']],
    // TestCgroupManager_ParseName, cgroupfs adapter.
    ['/Burstable', ['Burstable']],
    ['/', []],
  ])('ParseCgroupfsToCgroupName: %s -> %j', (value, name) => expect(parseCgroupfsToCgroupName(value)).toEqual(name));

  it('refuses what runc refuses to expand: an empty component', () => {
    expect(cgroupNameToSystemd(['a', '', 'b'])).toBeUndefined();
  });
});

describe('the reserved cgroup kubelet enforces', () => {
  it.each([
    // The catalogue's example, and kubelet's TestCgroupManager_Name.
    ['/runtime', 'systemd', '/runtime.slice'],
    ['/Burstable', 'systemd', '/Burstable.slice'],
    ['/system.slice', 'systemd', '/system.slice'],
    // k0s writes it relative; only the last component counts under systemd.
    ['system.slice', 'systemd', '/system.slice'],
    // kubernetes/kubernetes#96352: "/kubelet.slice" is looked for as ["kubelet"].
    ['/kubelet.slice', 'systemd', '/kubelet.slice'],
    // kubernetes/kubernetes#110288: kubelet then looks for kubelet.service.slice.
    ['/system.slice/kubelet.service', 'systemd', '/kubelet.service.slice'],
    ['/podruntime.slice', 'systemd', '/podruntime.slice'],
    ['/system.slice/kubelet.service', 'cgroupfs', '/system.slice/kubelet.service'],
    ['system.slice', 'cgroupfs', '/system.slice'],
    ['/system.slice/', 'cgroupfs', '/system.slice'],
  ])('%s under the %s driver is %s', (value, driver, path) => expect(reservedCgroupPath(value, driver)).toBe(path));
});

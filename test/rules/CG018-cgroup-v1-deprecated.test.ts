import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG018-cgroup-v1-deprecated.js';
import { FactStore } from '../../src/collect/index.js';
import { evaluate } from '../../src/engine.js';
import { MemHost } from '../../src/host/mem-host.js';
import { kubelet, run, v1Node } from './trees.js';

const severity = (tree: Record<string, string>, kubeletVersion?: string) =>
  evaluate([rule], new FactStore(new MemHost(tree), kubeletVersion ? { kubeletVersion } : {})).findings.map((f) => f.severity);

describe('CG018 cgroup-v1-deprecated', () => {
  it.each([
    ['no kubelet', {}, undefined, ['warning']],
    ['failCgroupV1 true', kubelet(['--fail-cgroupv1=true']), undefined, ['error']],
    ['kubelet 1.35 with the default', kubelet([]), '1.35.0', ['error']],
    ['kubelet 1.35 with failCgroupV1 false', kubelet(['--fail-cgroupv1=false']), 'v1.35.2', ['warning']],
    ['kubelet 1.34', kubelet([]), '1.34.1', ['warning']],
  ])('%s', (_n, extra, version, want) => expect(severity(v1Node(extra as Record<string, string>) as Record<string, string>, version)).toEqual(want));

  it('stays quiet on v2', () => {
    expect(run(rule, { 'proc/self/mountinfo': '28 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n' })).toEqual([]);
  });
});

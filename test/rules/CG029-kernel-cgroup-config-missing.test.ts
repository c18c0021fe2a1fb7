import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG029-kernel-cgroup-config-missing.js';
import { run, subjects } from './trees.js';
import { kernelConfigText } from '../../scripts/node-tree.mjs';

// The kernel config every healthy node of the cases has, minus what a test unsets.
const config = (unset: string[] = []) => kernelConfigText('5.10.0', unset);

describe('CG029 kernel-cgroup-config-missing', () => {
  it('reads proc/config.gz first and names what is missing, errors apart from warnings', () => {
    const r = run(rule, { 'proc/config.gz': gzipSync(config(['CGROUP_PIDS', 'CGROUP_HUGETLB'])), 'proc/sys/kernel/osrelease': '5.10.0\n' });
    expect(Array.isArray(r) && r.map((f) => [f.severity, f.evidence.map((e) => e.excerpt)])).toEqual([
      ['error', ['CONFIG_CGROUP_PIDS is not set']],
      ['warning', ['CONFIG_CGROUP_HUGETLB is not set']],
    ]);
  });

  it('falls back to boot/config-<release>; MEMCG_SWAP is not required from 6.1', () => {
    const tree = (release: string) => ({ 'proc/sys/kernel/osrelease': `${release}\n`, [`boot/config-${release}`]: config(['MEMCG_SWAP']) });
    expect(subjects(rule, tree('6.1.0-13-amd64'))).toEqual([]);
    expect(subjects(rule, tree('5.15.0-91-generic'))).toEqual(['boot/config-5.15.0-91-generic']);
  });

  it('then reads usr/lib/modules/<release>/config (Fedora CoreOS, RHCOS), after boot/config-<release>', () => {
    const release = '6.9.7-200.fc40.x86_64';
    const modules = { 'proc/sys/kernel/osrelease': `${release}\n`, [`usr/lib/modules/${release}/config`]: config(['CGROUP_PIDS']) };
    expect(subjects(rule, modules)).toEqual([`usr/lib/modules/${release}/config`]);
    expect(subjects(rule, { ...modules, [`boot/config-${release}`]: config() })).toEqual([]);
  });

  it('is skipped with no config to read, and a broken gzip is a warning', () => {
    expect(subjects(rule, {})).toEqual({ skipped: 'no proc/config.gz and no proc/sys/kernel/osrelease to find the config of the release' });
    expect(subjects(rule, { 'proc/config.gz': 'not gzip', 'proc/sys/kernel/osrelease': '5.4.0\n' })).toEqual({
      skipped: 'no proc/config.gz, boot/config-5.4.0 or usr/lib/modules/5.4.0/config',
    });
  });
});

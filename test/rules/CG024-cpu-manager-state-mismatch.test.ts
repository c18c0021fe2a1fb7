import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG024-cpu-manager-state-mismatch.js';
import { kubelet, subjects, v1Node } from './trees.js';

const state = (p: string) => ({ 'var/lib/kubelet/cpu_manager_state': `{"policyName":"${p}","defaultCpuSet":"0-3","checksum":1}` });

describe('CG024 cpu-manager-state-mismatch', () => {
  it.each([
    ['static vs none checkpoint', ['--cpu-manager-policy=static'], state('none'), ['var/lib/kubelet/cpu_manager_state']],
    ['the default none vs a static checkpoint', [], state('static'), ['var/lib/kubelet/cpu_manager_state']],
    ['static vs static', ['--cpu-manager-policy=static'], state('static'), []],
  ])('%s', (_n, args, files, want) => expect(subjects(rule, v1Node({ ...kubelet(args), ...files }))).toEqual(want));

  it('is skipped without the checkpoint, and reads a broken one as no policy', () => {
    expect(subjects(rule, v1Node({ ...kubelet([]), 'var/lib/kubelet/memory_manager_state': '{"policyName":"None"}' }))).toEqual({
      skipped: 'no var/lib/kubelet/cpu_manager_state',
    });
    expect(subjects(rule, v1Node({ ...kubelet([]), 'var/lib/kubelet/cpu_manager_state': '{"policyName":' }))).toEqual({
      skipped: 'var/lib/kubelet/cpu_manager_state has no policyName',
    });
  });
});

import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/CG025-memory-manager-state-mismatch.js';
import { kubelet, subjects, v1Node } from './trees.js';

const state = (p: string) => ({ 'data/kubelet/memory_manager_state': `{"policyName":"${p}","machineState":{},"checksum":1}` });

describe('CG025 memory-manager-state-mismatch', () => {
  it.each([
    ['Static vs a None checkpoint', ['--memory-manager-policy=Static'], state('None'), ['data/kubelet/memory_manager_state']],
    ['the default None vs None', [], state('None'), []],
  ])('%s, under --root-dir', (_n, args, files, want) => expect(subjects(rule, v1Node({ ...kubelet(['--root-dir=/data/kubelet', ...args]), ...files }))).toEqual(want));
});

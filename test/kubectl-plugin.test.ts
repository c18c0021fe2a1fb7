import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { jobName, type jobFor } from '../src/cli/kubectl-plugin.js';
import type { FleetReport } from '../src/fleet/merge.js';
import { FIXTURES, ROOT, checkFleetReport, runCli, testTmp } from './helpers.js';

/**
 * `kubectl cgdoctor` against a fake kubectl on PATH (test/kubectl/fake-kubectl.mjs) that replays
 * a cluster: two nodes that scan (one with errors, whose Job fails with exit 1), one whose pod
 * never starts, one NotReady, one whose Job an admission webhook refuses, one whose scan cannot
 * run. Every Job created must be deleted, whatever became of it.
 */

const tmp = testTmp();
let bin = '';
let scenario = '';

const scanJson = (fixture: string) => runCli(['scan', '--root', path.join(FIXTURES, fixture, 'root'), '--format', 'json']).stdout;

/** A node as `kubectl get nodes -o json` lists it (the fields the plugin reads, and some it does not). */
const node = (name: string, ready: { status: string; reason: string; message: string }, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels } },
  spec: { podCIDR: '10.244.1.0/24' },
  status: {
    conditions: [
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'Ready', ...ready },
    ],
    nodeInfo: { kubeletVersion: 'v1.30.4', containerRuntimeVersion: 'containerd://1.7.20' },
  },
});
const READY = { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };

beforeAll(() => {
  const dir = tmp();
  bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'test', 'kubectl', 'fake-kubectl.mjs')}" "$@"\n`, { mode: 0o755 });
  scenario = path.join(dir, 'scenario.json');
  fs.writeFileSync(
    scenario,
    JSON.stringify({
      nodes: {
        apiVersion: 'v1',
        kind: 'List',
        metadata: { resourceVersion: '' },
        items: [
          node('worker-a', READY, { pool: 'gpu' }),
          node('worker-b', READY),
          node('worker-c', READY, { pool: 'gpu' }),
          node('worker-d', { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }),
          node('worker-e', READY),
          node('worker-f', READY),
        ],
      },
      jobs: {
        'worker-a': { after: 2, outcome: 'succeeded', logs: scanJson('healthy-v2-systemd') },
        'worker-b': { after: 1, outcome: 'failed', logs: scanJson('seed-000-cpuset-empty-kubelet-metrics') },
        'worker-c': {
          outcome: 'never',
          pods: {
            apiVersion: 'v1',
            kind: 'List',
            items: [
              { status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "cgdoctor:0.1.0"' } } }] } },
            ],
          },
        },
        'worker-e': {
          create: {
            code: 1,
            stderr:
              'Error from server (Forbidden): admission webhook "validation.gatekeeper.sh" denied the request: [psp-host-filesystem] HostPath volume {"host", "/"} is not allowed',
          },
        },
        'worker-f': {
          after: 1,
          outcome: 'failed',
          logs: 'cgdoctor: nothing could be checked under /host: every rule was skipped (proc/1/mountinfo and proc/self/mountinfo not found)\n',
        },
      },
    }),
  );
});

function plugin(args: string[], o: { shim?: boolean; path?: string } = {}) {
  const state = fs.mkdtempSync(path.join(tmp(), 'state-'));
  const cli = o.shim ? path.join(ROOT, 'bin', 'kubectl-cgdoctor.js') : path.join(ROOT, 'bin', 'cgdoctor.js');
  const r = spawnSync(process.execPath, [cli, ...(o.shim ? [] : ['kubectl']), ...args], {
    cwd: tmp(),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PATH: o.path ?? `${bin}:${process.env['PATH']}`, FAKE_KUBECTL_SCENARIO: scenario, FAKE_KUBECTL_STATE: state },
  });
  const calls = fs.existsSync(path.join(state, 'calls.jsonl'))
    ? fs
        .readFileSync(path.join(state, 'calls.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { argv: string[]; stdin?: string })
    : [];
  const left = fs.readdirSync(state).filter((f) => f.startsWith('job-'));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls, left };
}

// Each fake kubectl call is a node process (~100 ms on a loaded machine): 2 s is room for a few, and the bound on the node that never answers.
const FAST = ['--poll-interval', '5ms', '--timeout', '2s'];

describe('kubectl cgdoctor --all-nodes', () => {
  it('reports the nodes that scanned and lists each other node with why', () => {
    const r = plugin(['--all-nodes', ...FAST, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as FleetReport;
    expect(checkFleetReport(report)).toEqual([]);
    expect(report.nodeList.map((n) => [n.node, n.worst])).toEqual([
      ['worker-1', null],
      ['worker-17', 'error'],
    ]);
    expect(report.rules.find((x) => x.rule === 'CG001')!.nodes).toEqual(['worker-17']);
    expect(report.failed).toEqual([
      { file: 'node/worker-d', reason: 'NotReady (NodeStatusUnknown: Kubelet stopped posting node status.)' },
      { file: 'node/worker-c', reason: 'no scan within 2 s: ImagePullBackOff: Back-off pulling image "cgdoctor:0.1.0"' },
      {
        file: 'node/worker-e',
        reason:
          'could not create the Job: Error from server (Forbidden): admission webhook "validation.gatekeeper.sh" denied the request: [psp-host-filesystem] HostPath volume {"host", "/"} is not allowed',
      },
      { file: 'node/worker-f', reason: 'cgdoctor: nothing could be checked under /host: every rule was skipped (proc/1/mountinfo and proc/self/mountinfo not found)' },
    ]);
  });

  it('deletes every Job it created, also the one that never ran, and touches no NotReady node', () => {
    const r = plugin(['--all-nodes', ...FAST, '--format', 'json']);
    expect(r.left).toEqual([]);
    const asked = r.calls.filter((c) => c.argv[0] === 'create').map((c) => JSON.parse(c.stdin!) as ReturnType<typeof jobFor>);
    expect(asked.map((j) => j.spec.template.spec.nodeName).sort()).toEqual(['worker-a', 'worker-b', 'worker-c', 'worker-e', 'worker-f']);
    // worker-e's Job was refused, so there was nothing of it to delete.
    const made = asked.filter((j) => j.spec.template.spec.nodeName !== 'worker-e').map((j) => j.metadata.name);
    const deleted = r.calls.filter((c) => c.argv[0] === 'delete').map((c) => c.argv[2]);
    expect(deleted.sort()).toEqual(made.sort());
    expect(r.calls.some((c) => c.stdin?.includes('worker-d'))).toBe(false);
  });

  it('creates the Job of deploy/job-node.yaml, pinned to the node, scanning as JSON', () => {
    const r = plugin(['node/worker-a', ...FAST, '--namespace', 'ops', '--context', 'prod', '--image', 'registry.internal/cgdoctor:0.1.0']);
    const create = r.calls.find((c) => c.argv.includes('create'))!;
    expect(create.argv.slice(0, 4)).toEqual(['--context', 'prod', '--namespace', 'ops']);
    const job = JSON.parse(create.stdin!) as ReturnType<typeof jobFor>;
    expect(job.spec.template.spec.nodeName).toBe('worker-a');
    expect(job.spec.template.spec.containers[0]!.image).toBe('registry.internal/cgdoctor:0.1.0');
    expect(job.spec.template.spec.containers[0]!.args).toEqual(['scan', '--root', '/host', '--format', 'json']);
    expect(job.spec.activeDeadlineSeconds).toBe(2);
    const yamlJob = yaml.load(fs.readFileSync(path.join(ROOT, 'deploy', 'job-node.yaml'), 'utf8')) as typeof job;
    const podSpec = (j: typeof job) => {
      const { nodeName: _n, containers, ...rest } = j.spec.template.spec;
      const { args: _a, image: _i, ...container } = containers[0]!;
      return { ...rest, containers: [container] };
    };
    // One pod spec: what the plugin creates is what the README's Job is.
    expect(podSpec(job)).toEqual(podSpec(yamlJob));
  });

  it('with --target v2, each Job scans for the move to cgroup v2', () => {
    const r = plugin(['node/worker-a', ...FAST, '--target', 'v2']);
    const job = JSON.parse(r.calls.find((c) => c.argv.includes('create'))!.stdin!) as ReturnType<typeof jobFor>;
    expect(job.spec.template.spec.containers[0]!.args).toEqual(['scan', '--root', '/host', '--format', 'json', '--target', 'v2']);
  });

  it('takes only the nodes a selector picks', () => {
    const r = plugin(['--all-nodes', '--selector', 'pool=gpu', ...FAST, '--format', 'json']);
    const report = JSON.parse(r.stdout) as FleetReport;
    expect(report.nodeList.map((n) => n.file)).toEqual(['node/worker-a']);
    expect(report.failed.map((f) => f.file)).toEqual(['node/worker-c']);
  });

  it('runs as the kubectl plugin kubectl-cgdoctor, with the same report', () => {
    const viaShim = plugin(['node/worker-a', 'node/worker-b', ...FAST, '--format', 'json'], { shim: true });
    const direct = plugin(['node/worker-a', 'node/worker-b', ...FAST, '--format', 'json']);
    expect(viaShim.code).toBe(1);
    expect(JSON.parse(viaShim.stdout)).toEqual(JSON.parse(direct.stdout));
  });

  it('says in one line what is wrong with its arguments or with kubectl', () => {
    expect(plugin([])).toMatchObject({ code: 2, stderr: 'cgdoctor: name the nodes (node/<name>...) or give --all-nodes\n' });
    expect(plugin(['node/worker-a', '--all-nodes'])).toMatchObject({ code: 2, stderr: 'cgdoctor: give node/<name> arguments or --all-nodes, not both\n' });
    expect(plugin(['node/nope'])).toMatchObject({ code: 2, stderr: 'cgdoctor: kubectl get nodes: Error from server (NotFound): nodes "nope" not found\n' });
    expect(plugin(['--all-nodes'], { path: '/nonexistent' })).toMatchObject({ code: 2, stderr: 'cgdoctor: kubectl get nodes: kubectl is not on PATH\n' });
    expect(plugin(['--all-nodes', '--selector', 'pool=none'])).toMatchObject({ code: 2, stderr: 'cgdoctor: no node matches --selector pool=none\n' });
  });

  it('names each Job for its node within 63 characters, unique to the run', () => {
    expect(jobName('worker-a', 'abc123')).toMatch(/^cgdoctor-worker-a-[0-9a-f]{8}-abc123$/);
    const long = jobName(`ip-10-0-1-2.eu-west-3.compute.internal.${'x'.repeat(80)}`, 'abc123');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(jobName('a', 'r1')).not.toBe(jobName('b', 'r1'));
  });
});

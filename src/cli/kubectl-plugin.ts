import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { FleetMerger, fleetExitCode } from '../fleet/merge.js';
import { parseReport } from '../fleet/node-scan.js';
import type { FLEET_FORMATS } from '../report/index.js';
import type { FailOn } from '../rules/define.js';
import { VERSION } from '../version.js';
import { CliError, EXIT } from './errors.js';
import { writeOutput } from './output.js';
import { renderFleet } from './report-command.js';

/**
 * `kubectl cgdoctor` (the plugin `kubectl-cgdoctor`, or `cgdoctor kubectl`): a scan of each node
 * by a Job pinned to it, the same pod spec as deploy/job-node.yaml, its JSON read back from the
 * pod's log, every Job deleted again, and the cluster report of what came back. It drives the
 * operator's own kubectl (their context, credentials and RBAC); a node that is NotReady, whose
 * pod cannot start, or whose scan does not finish in time is listed with the reason.
 */

export interface PluginOptions {
  allNodes?: boolean;
  selector?: string;
  parallel: number;
  timeout: number;
  pollInterval: number;
  namespace?: string;
  context?: string;
  image: string;
  format: (typeof FLEET_FORMATS)[number];
  output?: string;
  failOn?: FailOn;
  /** --target v2: each node's scan is its migration plan, so the cluster report counts the blockers as errors. */
  target?: 'v2';
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One kubectl call with the user's namespace and context; never throws on a non-zero exit. */
function kubectl(o: PluginOptions, args: string[], input?: string): Promise<Result> {
  const global = [...(o.context ? ['--context', o.context] : []), ...(o.namespace ? ['--namespace', o.namespace] : [])];
  return new Promise((resolve) => {
    const child = spawn('kubectl', [...global, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', (err) => resolve({ code: null, stdout, stderr: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'kubectl is not on PATH' : err.message }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const firstLine = (s: string) =>
  s
    .trim()
    .split('\n')[0]
    ?.replace(/^error: /, '') ?? '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Node {
  name: string;
  /** Why it is not scanned, when it is not Ready. */
  notReady?: string;
}

type Item = { metadata?: { name?: string }; status?: { conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> } };

export function nodesOf(json: string): Node[] {
  const data = JSON.parse(json) as { kind?: string; items?: Item[] } & Item;
  const items = data.kind === 'List' || data.kind === 'NodeList' ? (data.items ?? []) : [data];
  return items.map((n) => {
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    const name = n.metadata?.name ?? '?';
    if (ready?.status === 'True') return { name };
    return { name, notReady: `NotReady${ready?.reason ? ` (${ready.reason}${ready.message ? `: ${ready.message}` : ''})` : ''}` };
  });
}

/** A Job name for a node: DNS-1123, at most 63 characters, unique to this run. */
export function jobName(node: string, run: string): string {
  const hash = createHash('sha256').update(node).digest('hex').slice(0, 8);
  const stem = node
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return `cgdoctor-${stem ? `${stem}-` : ''}${hash}-${run}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * The Job for one node: deploy/job-node.yaml's pod spec (test/deploy.test.ts holds them equal),
 * pinned by nodeName, with the scan as JSON and a deadline, labelled with the run to clean up by.
 */
export function jobFor(node: string, name: string, run: string, o: Pick<PluginOptions, 'image' | 'timeout' | 'target'>) {
  const labels = { 'app.kubernetes.io/name': 'cgdoctor', 'cgdoctor.io/run': run };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: 600,
      activeDeadlineSeconds: Math.max(1, Math.ceil(o.timeout / 1000)),
      template: {
        metadata: { labels },
        spec: {
          nodeName: node,
          hostPID: true,
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'cgdoctor',
              image: o.image,
              imagePullPolicy: 'IfNotPresent',
              args: ['scan', '--root', '/host', '--format', 'json', ...(o.target ? ['--target', o.target] : [])],
              securityContext: { runAsUser: 0, runAsGroup: 0, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              resources: { requests: { cpu: '50m', memory: '96Mi' }, limits: { memory: '256Mi' } },
              volumeMounts: [{ name: 'host', mountPath: '/host', readOnly: true }],
            },
          ],
          volumes: [{ name: 'host', hostPath: { path: '/', type: 'Directory' } }],
        },
      },
    },
  };
}

type JobStatus = { status?: { succeeded?: number; failed?: number; conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> } };
type PodList = {
  items?: Array<{
    status?: {
      phase?: string;
      conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
      containerStatuses?: Array<{ state?: { waiting?: { reason?: string; message?: string }; terminated?: { exitCode?: number; reason?: string } } }>;
    };
  }>;
};

/** Why a pod has not run: its waiting reason (ImagePullBackOff), or why it was not scheduled. */
function podTrouble(json: string): string | undefined {
  let pods: PodList;
  try {
    pods = JSON.parse(json) as PodList;
  } catch {
    return undefined;
  }
  const pod = pods.items?.[0];
  if (!pod) return 'no pod was created for the Job';
  const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
  if (waiting?.reason && waiting.reason !== 'ContainerCreating') return `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) return `not scheduled (${unscheduled.reason ?? 'Unschedulable'}${unscheduled.message ? `: ${unscheduled.message}` : ''})`;
  return pod.status?.phase ? `the pod is ${pod.status.phase}` : undefined;
}

/** Scans one node; its scan JSON, or why there is none. The Job is deleted whatever happened. */
async function scanNode(o: PluginOptions, node: string, run: string): Promise<{ json: string } | { reason: string }> {
  const name = jobName(node, run);
  const created = await kubectl(o, ['create', '-f', '-', '-o', 'name'], JSON.stringify(jobFor(node, name, run, o)));
  if (created.code !== 0) return { reason: `could not create the Job: ${firstLine(created.stderr)}` };
  try {
    const deadline = Date.now() + o.timeout;
    for (;;) {
      const got = await kubectl(o, ['get', 'job', name, '-o', 'json']);
      if (got.code === 0) {
        const s = (JSON.parse(got.stdout) as JobStatus).status ?? {};
        // exit 1 (findings) fails the Job with backoffLimit 0; its log is still the report.
        if ((s.succeeded ?? 0) > 0 || (s.failed ?? 0) > 0) break;
      }
      if (Date.now() >= deadline) {
        const pods = await kubectl(o, ['get', 'pods', '-l', `job-name=${name}`, '-o', 'json']);
        const why = pods.code === 0 ? podTrouble(pods.stdout) : undefined;
        return { reason: `no scan within ${o.timeout / 1000} s${why ? `: ${why}` : ''}` };
      }
      await sleep(o.pollInterval);
    }
    const logs = await kubectl(o, ['logs', `job/${name}`]);
    if (logs.code !== 0) return { reason: `could not read the pod's log: ${firstLine(logs.stderr)}` };
    // A scan that could not run (exit 2) logs one line instead of a report.
    if (!logs.stdout.trimStart().startsWith('{')) return { reason: firstLine(logs.stdout) || 'the pod printed nothing' };
    return { json: logs.stdout };
  } finally {
    await kubectl(o, ['delete', 'job', name, '--ignore-not-found', '--wait=false', '--cascade=background']);
  }
}

export async function runPlugin(targets: string[], o: PluginOptions): Promise<number> {
  const named = targets.map((t) => t.replace(/^(?:node|nodes)\//, ''));
  if (o.allNodes && named.length > 0) throw new CliError('give node/<name> arguments or --all-nodes, not both');
  if (!o.allNodes && named.length === 0) throw new CliError('name the nodes (node/<name>...) or give --all-nodes');
  if (o.selector && !o.allNodes) throw new CliError('--selector needs --all-nodes');
  const list = await kubectl(o, o.allNodes ? ['get', 'nodes', '-o', 'json', ...(o.selector ? ['-l', o.selector] : [])] : ['get', 'nodes', ...named, '-o', 'json']);
  if (list.code !== 0) throw new CliError(`kubectl get nodes: ${firstLine(list.stderr)}`);
  let nodes: Node[];
  try {
    nodes = nodesOf(list.stdout);
  } catch (err) {
    throw new CliError(`kubectl get nodes printed no node list: ${(err as Error).message}`);
  }
  if (nodes.length === 0) throw new CliError(`no node matches${o.selector ? ` --selector ${o.selector}` : ''}`);

  const run = randomBytes(3).toString('hex');
  const merger = new FleetMerger(VERSION);
  const queue = nodes.filter((n) => {
    if (n.notReady) merger.fail(`node/${n.name}`, n.notReady);
    return !n.notReady;
  });
  // SIGINT (Ctrl-C) deletes what this run created before the process ends.
  const interrupted = async () => {
    await kubectl(o, ['delete', 'jobs', '-l', `cgdoctor.io/run=${run}`, '--ignore-not-found', '--wait=false', '--cascade=background']);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    const results = new Map<string, { json: string } | { reason: string }>();
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const n = queue[next++]!;
        results.set(n.name, await scanNode(o, n.name, run));
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.parallel, queue.length) }, worker));
    // In the order kubectl listed the nodes, whatever order the scans finished in.
    for (const n of queue) {
      const r = results.get(n.name)!;
      if ('reason' in r) {
        merger.fail(`node/${n.name}`, r.reason);
        continue;
      }
      const scan = parseReport(r.json, () => n.name);
      if ('reason' in scan) merger.fail(`node/${n.name}`, `the pod's log is not a scan report: ${scan.reason}`);
      else merger.add(`node/${n.name}`, scan);
    }
  } finally {
    process.off('SIGINT', interrupted);
  }
  const report = merger.result();
  await writeOutput(await renderFleet(report, o.format), o.output);
  if (report.nodes === 0) {
    process.stderr.write(`cgdoctor: no node could be scanned: ${report.failed.length} failed\n`);
    return EXIT.usage;
  }
  return fleetExitCode(report, o.failOn ?? 'error');
}

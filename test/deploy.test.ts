import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { Job } from 'kubernetes-models/batch/v1';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ROOT, runCli } from './helpers.js';

/**
 * The manifests in deploy/, against the Kubernetes API's own schemas (kubernetes-models, generated
 * from the OpenAPI definitions; the Prometheus Operator's CRD for PrometheusRule), and held to
 * what the README promises of them: read-only host, every taint tolerated, no capability, the
 * image of this version, arguments the CLI takes. test/system/image.test.ts runs their pod specs.
 */

const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
const MODELS: Record<string, new (d: never) => { validate(): void }> = {
  'batch/v1 Job': Job as never,
  'apps/v1 DaemonSet': DaemonSet as never,
  'monitoring.coreos.com/v1 PrometheusRule': PrometheusRule as never,
};

const manifests = fs
  .readdirSync(path.join(ROOT, 'deploy'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const load = (file: string) => yaml.loadAll(fs.readFileSync(path.join(ROOT, 'deploy', file), 'utf8')) as Array<{ apiVersion: string; kind: string; [k: string]: unknown }>;

type Pod = {
  hostPID?: boolean;
  restartPolicy?: string;
  tolerations?: Array<{ operator?: string; key?: string }>;
  containers: Array<{
    image: string;
    args: string[];
    securityContext: Record<string, unknown>;
    resources: { requests: Record<string, string>; limits: Record<string, string> };
    volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  }>;
  volumes: Array<{ name: string; hostPath?: { path: string } }>;
};
const podOf = (file: string) => (load(file)[0] as unknown as { spec: { template: { spec: Pod } } }).spec.template.spec;

describe('deploy/', () => {
  it('holds the Job, the DaemonSet and the PrometheusRule', () => {
    expect(manifests).toEqual(['daemonset.yaml', 'job-node.yaml', 'prometheus-rules.yaml']);
  });

  describe('grafana-dashboard.json', () => {
    const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'grafana-dashboard.json'), 'utf8')) as {
      panels: Array<{ title: string; type: string; targets: Array<{ expr: string; legendFormat?: string }> }>;
      __inputs: Array<{ name: string }>;
    };
    const prom = runCli(['scan', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root', '--format', 'prom']).stdout;
    /** Metric names and their labels, as cgdoctor's prom output declares and writes them. */
    const exported = new Map<string, Set<string>>();
    for (const m of prom.matchAll(/^# TYPE (\w+) /gm)) exported.set(m[1]!, new Set());
    for (const m of prom.matchAll(/^(\w+)\{([^}]*)\}/gm)) for (const l of m[2]!.matchAll(/(\w+)="/g)) exported.get(m[1]!)?.add(l[1]!);
    // Prometheus adds these at scrape time.
    const scraped = ['instance', 'job'];
    const FUNCTIONS = new Set(['count', 'sum', 'max', 'min', 'avg', 'sort_desc', 'vector', 'time', 'rate', 'increase']);
    const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'or', 'and', 'unless', 'bool', 'offset']);

    /** The metric names of a PromQL expression: identifiers that are neither functions, keywords, nor inside a grouping or matcher. */
    const metricsOf = (expr: string) =>
      expr
        .replace(/"[^"]*"/g, '""')
        .replace(/\{[^}]*\}/g, '')
        .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, '')
        .match(/\b[a-zA-Z_:][\w:]*\b(?!\s*\()/g)
        ?.filter((w) => !KEYWORDS.has(w) && !FUNCTIONS.has(w)) ?? [];
    const labelsOf = (expr: string, legend = '') => [
      ...[...expr.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((x) => x.trim())),
      ...[...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/(\w+)\s*[=!~]/g)].map((l) => l[1]!)),
      ...[...legend.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!),
    ];

    it('has a query on every panel, and every query names metrics cgdoctor really exports', () => {
      expect(dashboard.panels.length).toBeGreaterThanOrEqual(8);
      const used = new Set<string>();
      for (const p of dashboard.panels) {
        expect(p.targets.length, p.title).toBeGreaterThan(0);
        for (const t of p.targets) {
          const names = metricsOf(t.expr);
          expect(names.length, `${p.title}: ${t.expr}`).toBeGreaterThan(0);
          for (const n of names) {
            expect(exported.has(n), `${p.title}: ${n} in ${t.expr}`).toBe(true);
            used.add(n);
          }
          const carried = new Set([...names.flatMap((n) => [...exported.get(n)!]), ...scraped]);
          for (const l of labelsOf(t.expr, t.legendFormat)) expect(carried.has(l), `${p.title}: label ${l} in ${t.expr}`).toBe(true);
        }
      }
      // Nodes by rule, worst severity over time, stale scans: the three views, at least.
      expect([...used]).toEqual(expect.arrayContaining(['cgdoctor_findings', 'cgdoctor_last_run_timestamp_seconds', 'cgdoctor_info']));
      expect(dashboard.__inputs.map((i) => i.name)).toEqual(['DS_PROMETHEUS']);
    });

    it('the check itself catches a metric cgdoctor does not export and a label it does not write', () => {
      expect(metricsOf('count(max by (instance) (cgdoctor_finding{severity="error"}) > 0) or vector(0)')).toEqual(['cgdoctor_finding']);
      expect(labelsOf('sum by (node) (cgdoctor_findings)')).toEqual(['node']);
      expect(exported.get('cgdoctor_findings')).toEqual(new Set(['rule', 'name', 'severity']));
    });
  });

  for (const file of manifests) {
    it(`${file} validates against the API schema of its kind`, () => {
      for (const doc of load(file)) {
        const Model = MODELS[`${doc.apiVersion} ${doc.kind}`];
        expect(Model, `${doc.apiVersion} ${doc.kind} has a schema here`).toBeDefined();
        expect(() => new Model!(doc as never).validate()).not.toThrow();
      }
    });
  }

  it('the schemas do refuse a wrong manifest: a quantity that is none, a field of the wrong type', () => {
    const ds = load('daemonset.yaml')[0]! as unknown as { spec: { template: { spec: Pod } } };
    const broken = structuredClone(ds);
    broken.spec.template.spec.containers[0]!.resources.limits['memory'] = 'lots';
    expect(() => new DaemonSet(broken as never).validate()).toThrow(/resources\/limits\/memory/);
    const typo = structuredClone(ds) as unknown as { spec: { template: { spec: { hostPID: unknown } } } };
    typo.spec.template.spec.hostPID = 'yes';
    expect(() => new DaemonSet(typo as never).validate()).toThrow(/hostPID must be boolean/);
  });

  for (const file of ['job-node.yaml', 'daemonset.yaml']) {
    it(`${file}: the node's processes, the host read-only at /host, every taint tolerated, no capability, this version's image`, () => {
      const pod = podOf(file);
      const c = pod.containers[0]!;
      expect(pod.hostPID).toBe(true);
      expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
      expect(c.image).toBe(`cgdoctor:${VERSION}`);
      expect(c.securityContext).toEqual({ runAsUser: 0, runAsGroup: 0, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      const host = c.volumeMounts.find((m) => m.mountPath === '/host')!;
      expect(host.readOnly).toBe(true);
      expect(pod.volumes.find((v) => v.name === host.name)?.hostPath?.path).toBe('/');
      // Only the DaemonSet writes, and only its textfile directory.
      const writable = c.volumeMounts.filter((m) => !m.readOnly).map((m) => m.mountPath);
      expect(writable).toEqual(file === 'daemonset.yaml' ? ['/textfile'] : []);
      expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(c.resources.limits)).toEqual(['memory']);
    });
  }

  it('job-node.yaml runs once: restartPolicy Never, no retry', () => {
    const job = load('job-node.yaml')[0] as unknown as { spec: { backoffLimit: number; template: { spec: Pod } } };
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it("daemonset.yaml's arguments are a scan the CLI takes: --every, prom, into the textfile mount", () => {
    const c = podOf('daemonset.yaml').containers[0]!;
    expect(c.args).toEqual(['scan', '--root', '/host', '--every', '5m', '--format', 'prom', '--fail-on', 'never', '--output', '/textfile/cgdoctor.prom']);
    // Parsed by the CLI itself: a misspelt option is exit 2 before anything is read.
    const r = runCli([...c.args.map((a) => (a === '/host' ? '/nonexistent-cgdoctor-root' : a === '/textfile/cgdoctor.prom' ? '/nonexistent-cgdoctor-dir/x.prom' : a))]);
    expect(r).toMatchObject({ code: 2, stderr: 'cgdoctor: --output /nonexistent-cgdoctor-dir/x.prom: no such directory /nonexistent-cgdoctor-dir\n' });
  });
});

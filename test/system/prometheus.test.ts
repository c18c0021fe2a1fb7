import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { BIN, FIXTURES, ROOT, fixtureNames, runCli } from '../helpers.js';
import { missingProgram, systemCase } from './cases.js';
import { startDaemon, until } from './lib/support.js';
import { procStat, which } from './lib/machine.js';
import type { Run } from './lib/journal.js';

/**
 * `--format prom` against the real Prometheus tools, Debian's: `promtool check metrics` on
 * every fixture's report, and a prometheus-node-exporter with only its textfile collector,
 * listening on 127.0.0.1, scraped over HTTP while `scan --every` replaces the file it reads.
 * deploy/prometheus-rules.yaml is checked by `promtool check rules` and its alerts by
 * `promtool test rules` (test/system/prometheus/rules-test.yaml).
 */

const NODE_EXPORTER = 'prometheus-node-exporter';

describe('promtool check metrics', () => {
  for (const name of fixtureNames('root')) {
    it(`is silent on the prom report of ${name}`, (ctx) => {
      const why = missingProgram('promtool');
      if (why) ctx.skip(why);
      const report = runCli(['scan', '--root', path.join(FIXTURES, name, 'root'), '--format', 'prom']);
      expect(report.stdout).toMatch(/^# HELP cgdoctor_findings /);
      const r = spawnSync('promtool', ['check', 'metrics'], { input: report.stdout, encoding: 'utf8' });
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    });
  }
});

describe('deploy/prometheus-rules.yaml', () => {
  it('passes promtool check rules, and its alerts fire as promtool test rules expects', (ctx) => {
    const why = missingProgram('promtool');
    if (why) ctx.skip(why);
    const dir = fs.mkdtempSync(path.join(ROOT, 'dist', 'promtool-'));
    try {
      const rule = yaml.load(fs.readFileSync(path.join(ROOT, 'deploy', 'prometheus-rules.yaml'), 'utf8')) as { spec: unknown };
      fs.writeFileSync(path.join(dir, 'cgdoctor.rules.yaml'), yaml.dump(rule.spec));
      fs.copyFileSync(path.join(ROOT, 'test', 'system', 'prometheus', 'rules-test.yaml'), path.join(dir, 'rules-test.yaml'));
      const check = spawnSync('promtool', ['check', 'rules', 'cgdoctor.rules.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(check.stdout + check.stderr).toBe('Checking cgdoctor.rules.yaml\n  SUCCESS: 5 rules found\n\n');
      expect(check.status).toBe(0);
      const test = spawnSync('promtool', ['test', 'rules', 'rules-test.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(test.stdout + test.stderr).toBe('Unit Testing:  rules-test.yaml\n  SUCCESS\n\n');
      expect(test.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A port free on 127.0.0.1 a moment ago (the kernel picks it; node_exporter binds it next). */
function freePort(): number {
  const r = spawnSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

/** One HTTP GET, synchronously (a case's body is synchronous): the body, or undefined when nothing answers. */
function get(url: string): string | undefined {
  const r = spawnSync(process.execPath, ['-e', 'fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t), () => process.exit(3))', url], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return r.status === 0 ? r.stdout : undefined;
}

const sample = (metrics: string, series: string) => {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

/** node_exporter with the textfile collector alone, on 127.0.0.1; stopped by its pid. */
function startNodeExporter(run: Run, dir: string): { url: string; pid: number } {
  const port = freePort();
  const pid = startDaemon(
    run,
    which(NODE_EXPORTER)!,
    [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir}`],
    'prometheus-node-exporter',
  );
  const url = `http://127.0.0.1:${port}/metrics`;
  if (!until(() => get(url) !== undefined, 10_000)) throw new Error(`node_exporter (pid ${pid}) does not answer on ${url}`);
  return { url, pid };
}

function stop(pid: number): void {
  process.kill(pid, 'SIGTERM');
  if (!until(() => procStat(pid) === undefined, 10_000)) throw new Error(`pid ${pid} did not stop on SIGTERM`);
}

systemCase('node_exporter serves the scan from its textfile directory with node_textfile_scrape_error 0', [`bin:${NODE_EXPORTER}`], (run) => {
  const dir = run.tempDir('textfile');
  expect(runCli(['scan', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root', '--format', 'prom', '-o', path.join(dir, 'cgdoctor.prom')]).code).toBe(1);
  const ne = startNodeExporter(run, dir);
  try {
    const metrics = get(ne.url)!;
    expect(sample(metrics, 'node_textfile_scrape_error')).toBe(0);
    expect(sample(metrics, 'cgdoctor_findings{name="cpuset-empty",rule="CG001",severity="error"}')).toBe(2);
    expect(sample(metrics, 'cgdoctor_findings{name="cpuset-empty",rule="CG001",severity="warning"}')).toBe(0);
    expect(sample(metrics, 'cgdoctor_info{layout="v1",version="0.1.0"}')).toBe(1);
    expect(sample(metrics, `node_textfile_mtime_seconds{file="${path.join(dir, 'cgdoctor.prom')}"}`)).toBe(Math.floor(fs.statSync(path.join(dir, 'cgdoctor.prom')).mtimeMs / 1000));
  } finally {
    stop(ne.pid);
  }
});

systemCase('node_exporter never reads half a report while scan --every replaces it', [`bin:${NODE_EXPORTER}`], (run) => {
  const dir = run.tempDir('textfile');
  const out = path.join(dir, 'cgdoctor.prom');
  const seed = path.join(FIXTURES, 'seed-000-cpuset-empty-kubelet-metrics', 'root');
  // Started as the suite's daemons are, so that init reaps it the moment it exits.
  const loop = startDaemon(run, process.execPath, [BIN, 'scan', '--root', seed, '--every', '50ms', '--format', 'prom', '-o', out], 'node');
  try {
    expect(until(() => fs.existsSync(out), 10_000)).toBe(true);
    const ne = startNodeExporter(run, dir);
    try {
      const seen = new Set<string>();
      const end = Date.now() + 3000;
      for (let i = 0; i < 20 || Date.now() < end; i++) {
        const metrics = get(ne.url)!;
        expect(sample(metrics, 'node_textfile_scrape_error'), metrics).toBe(0);
        expect(sample(metrics, 'cgdoctor_findings{name="cpuset-empty",rule="CG001",severity="error"}')).toBe(2);
        // Whole seconds, both: together they tell one scan's file from the next.
        seen.add(`${sample(metrics, `node_textfile_mtime_seconds{file="${out}"}`)} ${sample(metrics, 'cgdoctor_scan_duration_seconds')}`);
      }
      // The file changed under the scrapes: the loop was replacing it all along.
      expect(seen.size).toBeGreaterThan(1);
    } finally {
      stop(ne.pid);
    }
  } finally {
    stop(loop);
  }
  expect(fs.readdirSync(dir)).toEqual(['cgdoctor.prom']);
});

systemCase('every query of deploy/grafana-dashboard.json runs on a real Prometheus scraping the textfile', [`bin:${NODE_EXPORTER}`, 'bin:prometheus'], (run) => {
  const dir = run.tempDir('textfile');
  expect(runCli(['scan', '--root', 'fixtures/seed-000-cpuset-empty-kubelet-metrics/root', '--format', 'prom', '-o', path.join(dir, 'cgdoctor.prom')]).code).toBe(1);
  const ne = startNodeExporter(run, dir);
  const data = run.tempDir('prometheus');
  const port = freePort();
  fs.writeFileSync(
    path.join(data, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['${new URL(ne.url).host}']\n`,
  );
  const prometheus = startDaemon(
    run,
    which('prometheus')!,
    [`--config.file=${path.join(data, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(data, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`],
    'prometheus',
  );
  const query = (q: string) => {
    const body = get(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
    return body === undefined
      ? undefined
      : (JSON.parse(body) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } });
  };
  try {
    expect(
      until(() => (query('cgdoctor_info')?.data.result.length ?? 0) > 0, 30_000),
      'Prometheus scraped the cgdoctor metrics',
    ).toBe(true);
    const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'grafana-dashboard.json'), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const results = new Map<string, number>();
    for (const p of dashboard.panels) {
      for (const t of p.targets) {
        const r = query(t.expr)!;
        expect(r.status, `${p.title}: ${t.expr}: ${r.error}`).toBe('success');
        results.set(t.expr, r.data.result.length);
      }
    }
    // On this one sick node: it is scanned, it has errors, and no scan is stale yet.
    expect(Number(query('count(cgdoctor_info)')!.data.result[0]!.value[1])).toBe(1);
    expect(Number(query('count(max by (instance) (cgdoctor_findings{severity="error"}) > 0) or vector(0)')!.data.result[0]!.value[1])).toBe(1);
    expect(
      query('sort_desc(count by (rule, name, severity) (cgdoctor_findings > 0))')!
        .data.result.map((x) => x.metric['rule'])
        .sort(),
    ).toEqual(['CG001', 'CG002', 'CG018', 'CG032']);
    expect(results.get('time() - max by (instance) (cgdoctor_last_run_timestamp_seconds) > 900')).toBe(0);
  } finally {
    stop(prometheus);
    stop(ne.pid);
  }
});

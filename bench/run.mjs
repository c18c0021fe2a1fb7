#!/usr/bin/env node
// npm run bench [-- --runs N] [-- --only NAME[,NAME]] [-- --no-write]
// Generates the node trees (cached under $CGDOCTOR_BENCH_DIR, default /tmp/cgdoctor-bench), runs
// cgdoctor and its reference floors alternately, prints medians and ratios, and writes
// BENCHMARKS.md. Ratios are what count: absolute times drift on a shared machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeNode } from './gen-node.mjs';
import { generateReports } from './gen-reports.mjs';
import { bigNodes, bigTable } from './big.mjs';
import { liveCgroups } from './live-cgroups.mjs';
import { TARGETS, ceiling, corpusEntries, describeNovelty, describe as explainFigures, measureExplain } from './explain-accuracy.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'cgdoctor.js');
const FLOOR = path.join(ROOT, 'bench', 'floor-walk.mjs');
const WORK = process.env.CGDOCTOR_BENCH_DIR ?? path.join(os.tmpdir(), 'cgdoctor-bench');
const args = process.argv.slice(2);
const opt = (name, d) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : d;
};
const RUNS = Number(opt('runs', 5));
const ONLY = opt('only', '')?.split(',').filter(Boolean) ?? [];
const WRITE = !args.includes('--no-write');

/** A tree for the parameters, generated once and reused while the parameters stay the same. */
function tree(name, params) {
  const dir = path.join(WORK, name);
  const stamp = path.join(WORK, `${name}.json`);
  const want = JSON.stringify(params);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return dir;
  process.stderr.write(`generating ${name} (${want})...\n`);
  fs.mkdirSync(WORK, { recursive: true });
  writeNode(dir, params);
  fs.writeFileSync(stamp, want);
  return dir;
}

/** One run: wall time measured here, peak RSS from GNU time. */
function once(cmd) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const rss = Number(r.stderr.trim().split('\n').pop());
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 400)}`);
  return { ms, rssMiB: rss / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Commands that all finish within this get FAST_RUNS runs: a median of 5 of them moves by 10% on a shared machine. */
const FAST_MS = 1000;
const FAST_RUNS = Math.max(RUNS, 15);

/** Runs every command RUNS times (FAST_RUNS when all are fast), interleaved, so drift hits all of them alike. */
function measure(cmds) {
  const samples = cmds.map(() => ({ ms: [], rss: [] }));
  for (let i = 0, runs = RUNS; i < runs; i++) {
    cmds.forEach((c, j) => {
      const r = once(c.cmd);
      samples[j].ms.push(r.ms);
      samples[j].rss.push(r.rssMiB);
    });
    if (i === 0 && samples.every((x) => x.ms[0] < FAST_MS)) runs = FAST_RUNS;
  }
  return cmds.map((c, j) => ({ label: c.label, ms: median(samples[j].ms), rssMiB: median(samples[j].rss) }));
}

const node = process.execPath;
const cg = (...a) => [node, BIN, ...a];
const NODE0 = { label: 'node -e 0', cmd: [node, '-e', '0'] };

const scenarios = [];
const add = (name, target, build) => scenarios.push({ name, target, build });

for (const [name, params] of [
  ['scan 110 pods v1', { layout: 'v1', driver: 'systemd', pods: 110, seed: 110 }],
  ['scan 500 pods v1', { layout: 'v1', driver: 'systemd', pods: 500, seed: 500 }],
  ['scan 500 pods v2', { layout: 'v2', driver: 'systemd', pods: 500, seed: 501 }],
]) {
  add(name, name === 'scan 500 pods v1' ? '<= 1.0x bare walk, <= 120 MiB' : '<= 1.0x bare walk', () => {
    const dir = tree(name.replace(/ /g, '-'), params);
    return {
      cmds: [{ label: 'cgdoctor scan', cmd: cg('scan', '--root', dir, '--format', 'json') }, { label: 'bare walk', cmd: [node, FLOOR, dir] }, NODE0],
      ratio: ['cgdoctor scan', 'bare walk'],
    };
  });
}
for (const [name, lines] of [
  ['mountinfo 100k lines', 100_000],
  ['mountinfo 1M lines', 1_000_000],
]) {
  add(name, lines === 1_000_000 ? '<= 1.5 s, <= 150 MiB' : 'bounded', () => {
    const dir = tree(name.replace(/ /g, '-'), { layout: 'v1', driver: 'systemd', pods: 20, mountLines: lines, seed: lines });
    const mi = path.join(dir, 'proc/1/mountinfo');
    return {
      cmds: [
        { label: 'cgdoctor scan', cmd: cg('scan', '--root', dir, '--format', 'json') },
        { label: 'findmnt -l', cmd: ['/bin/sh', '-c', `findmnt --tab-file ${mi} -l > /dev/null`] },
        NODE0,
      ],
      ratio: ['cgdoctor scan', 'findmnt -l'],
    };
  });
}
for (const [name, a] of [
  ['--help', ['--help']],
  ['rules', ['rules']],
  ['explain CG001', ['explain', 'CG001']],
  ['explain a pasted line', ['explain', 'failed to start sandbox container: cgroups: cannot find cgroup mount destination: unknown']],
]) {
  add(name, '<= 1.3x node -e 0', () => ({ cmds: [{ label: `cgdoctor ${name}`, cmd: cg(...a) }, NODE0], ratio: [`cgdoctor ${name}`, 'node -e 0'] }));
}
// The single executable (npm run build:binary, which `npm run bench` runs first): start-up and a
// scan against the same CLI run by node.
const BINARY = path.join(ROOT, 'dist', 'cgdoctor');
const bin = (...a) => [BINARY, ...a];
if (fs.existsSync(BINARY)) {
  add('binary --help', '<= 1.3x node -e 0', () => ({
    cmds: [{ label: 'dist/cgdoctor --help', cmd: bin('--help') }, { label: 'node bin/cgdoctor.js --help', cmd: cg('--help') }, NODE0],
    ratio: ['dist/cgdoctor --help', 'node -e 0'],
  }));
  add('binary explain CG001', '<= 1.3x node -e 0', () => ({
    cmds: [{ label: 'dist/cgdoctor explain CG001', cmd: bin('explain', 'CG001') }, { label: 'node bin/cgdoctor.js explain CG001', cmd: cg('explain', 'CG001') }, NODE0],
    ratio: ['dist/cgdoctor explain CG001', 'node -e 0'],
  }));
  add('binary scan 500 pods v1', '<= 1.0x node bin/cgdoctor.js', () => {
    const dir = tree('scan-500-pods-v1', { layout: 'v1', driver: 'systemd', pods: 500, seed: 500 });
    return {
      cmds: [
        { label: 'dist/cgdoctor scan', cmd: bin('scan', '--root', dir, '--format', 'json') },
        { label: 'node bin/cgdoctor.js scan', cmd: cg('scan', '--root', dir, '--format', 'json') },
        NODE0,
      ],
      ratio: ['dist/cgdoctor scan', 'node bin/cgdoctor.js scan'],
    };
  });
}
// `cgdoctor report` over a fleet's scan JSON reports (bench/gen-reports.mjs), against a bare
// read and JSON.parse of the same files (bench/floor-parse.mjs).
const PARSE_FLOOR = path.join(ROOT, 'bench', 'floor-parse.mjs');
for (const n of [1000, 10000]) {
  add(`report ${n} nodes`, '<= 1.5x read + JSON.parse', () => {
    const dir = path.join(WORK, `reports-${n}`);
    const stamp = path.join(WORK, `reports-${n}.json`);
    if (!fs.existsSync(stamp)) {
      process.stderr.write(`generating ${n} node reports...\n`);
      fs.rmSync(dir, { recursive: true, force: true });
      generateReports(dir, n, n);
      fs.writeFileSync(stamp, '{}');
    }
    return {
      cmds: [
        { label: 'cgdoctor report', cmd: cg('report', dir, '--format', 'json', '-o', path.join(WORK, 'fleet.json')) },
        { label: 'read + JSON.parse', cmd: [node, PARSE_FLOOR, dir] },
        NODE0,
      ],
      ratio: ['cgdoctor report', 'read + JSON.parse'],
    };
  });
}
add('capture 500 pods v1', 'bounded', () => {
  const dir = tree('scan-500-pods-v1', { layout: 'v1', driver: 'systemd', pods: 500, seed: 500 });
  const out = path.join(WORK, 'capture.tar.gz');
  return {
    cmds: [{ label: 'cgdoctor capture', cmd: cg('capture', '--root', dir, '-o', out) }, { label: 'bare walk', cmd: [node, FLOOR, dir] }, NODE0],
    ratio: ['cgdoctor capture', 'bare walk'],
  };
});

const scaling = { pods: [50, 110, 250, 500, 1000], lines: [1_000, 10_000, 100_000, 1_000_000] };

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const results = [];
for (const s of scenarios) {
  if (ONLY.length > 0 && !ONLY.some((o) => s.name.includes(o))) continue;
  const { cmds, ratio } = s.build();
  const m = measure(cmds);
  const a = m.find((x) => x.label === ratio[0]);
  const b = m.find((x) => x.label === ratio[1]);
  const r = { name: s.name, target: s.target, rows: m, ratio: a.ms / b.ms, ratioOf: ratio };
  results.push(r);
  console.log(`${s.name.padEnd(24)} ${m.map((x) => `${x.label} ${fmt(x.ms)} ${x.rssMiB.toFixed(0)} MiB`).join(' | ')} | ${ratio[0]} / ${ratio[1]} = ${r.ratio.toFixed(2)}x`);
}

const scale = { pods: [], lines: [] };
if (ONLY.length === 0 || ONLY.includes('scaling')) {
  for (const pods of scaling.pods) {
    const dir = tree(`scale-pods-${pods}`, { layout: 'v1', driver: 'systemd', pods, seed: pods });
    const [scan, floor] = measure([
      { label: 'scan', cmd: cg('scan', '--root', dir, '--format', 'json') },
      { label: 'floor', cmd: [node, FLOOR, dir] },
    ]);
    scale.pods.push({ pods, scan, floor });
    console.log(`scaling pods ${String(pods).padStart(5)}: scan ${fmt(scan.ms)} ${scan.rssMiB.toFixed(0)} MiB, bare walk ${fmt(floor.ms)}`);
  }
  for (const lines of scaling.lines) {
    const dir = tree(`scale-lines-${lines}`, { layout: 'v1', driver: 'systemd', pods: 20, mountLines: lines, seed: lines });
    const [scan] = measure([{ label: 'scan', cmd: cg('scan', '--root', dir, '--format', 'json') }]);
    scale.lines.push({ lines, scan });
    console.log(`scaling mountinfo ${String(lines).padStart(8)} lines: scan ${fmt(scan.ms)} ${scan.rssMiB.toFixed(0)} MiB`);
  }
}

const big = ONLY.length === 0 || ONLY.includes('big') ? bigNodes({ tree, measure, cg, node, floorWalk: FLOOR, work: WORK, root: ROOT, fmt }) : [];
const live = ONLY.length === 0 || ONLY.includes('live') ? liveCgroups({ measure, cg }) : undefined;

/**
 * The DaemonSet's loop (`scan --every`) on a 1000-pod node: resident memory after the first scan
 * and after many, and the peak, from /proc/<pid>/status. Requests and limits in
 * deploy/daemonset.yaml are set from these.
 */
async function loopMemory(cli, label) {
  const dir = tree('scale-pods-1000', { layout: 'v1', driver: 'systemd', pods: 1000, seed: 1000 });
  const out = path.join(WORK, 'loop.prom');
  const { spawn } = await import('node:child_process');
  const child = spawn(cli[0], [...cli.slice(1), 'scan', '--root', dir, '--every', '10ms', '--format', 'prom', '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  let scans = 0;
  child.stderr.on('data', (d) => (scans += (String(d).match(/^cgdoctor: scan \d+ at /gm) ?? []).length));
  const status = () => fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status())[1]) / 1024;
  const waitFor = (n) =>
    new Promise((resolve) => {
      const t = setInterval(() => {
        if (scans >= n) {
          clearInterval(t);
          resolve();
        }
      }, 5);
    });
  await waitFor(1);
  const first = kib('VmRSS');
  await waitFor(200);
  const after = kib('VmRSS');
  const peak = kib('VmHWM');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { label, first, after, peak, scans };
}
const loops = [];
if (ONLY.length === 0 || ONLY.includes('daemonset')) {
  if (fs.existsSync(BINARY)) loops.push(await loopMemory([BINARY], 'dist/cgdoctor'));
  loops.push(await loopMemory([node, BIN], 'node bin/cgdoctor.js'));
  for (const l of loops)
    console.log(`daemonset loop ${l.label}: RSS ${l.first.toFixed(0)} MiB after scan 1, ${l.after.toFixed(0)} MiB after scan ${l.scans}, peak ${l.peak.toFixed(0)} MiB`);
}
const binarySize = fs.existsSync(BINARY) ? fs.statSync(BINARY).size / 2 ** 20 : undefined;

// explain on the corpus of real pasted messages: accuracy, not time (issue 13's targets).
const explainRun = ONLY.length === 0 || ONLY.includes('explain-accuracy') ? await measureExplain() : undefined;
const explainSplits = explainRun?.splits;
if (explainSplits) for (const line of explainFigures(explainSplits)) console.log(`explain accuracy ${line}`);
const explainCeiling = explainSplits ? ceiling(corpusEntries()) : {};

if (WRITE && ONLY.length === 0) {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? 'unknown CPU';
  const md = [
    '# Benchmarks',
    '',
    `Run by \`npm run bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${RUNS} runs of each command (${FAST_RUNS} where every command of the row takes under ${FAST_MS / 1000} s), interleaved; medians. Trees come from bench/gen-node.mjs (deterministic from a seed) under ${WORK}. Peak RSS is GNU time's maximum resident set size.`,
    '',
    'Each scenario runs cgdoctor beside its reference floor: a bare Node walk of sys/fs/cgroup that reads cpuset.cpus and cgroup.procs in every directory (bench/floor-walk.mjs), `findmnt --tab-file FILE -l` for mount tables, and `node -e 0` for start-up. The ratio is cgdoctor over its floor.',
    '',
    '| scenario | target | cgdoctor | floor | node -e 0 | ratio | cgdoctor peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const a = r.rows.find((x) => x.label === r.ratioOf[0]);
      const b = r.rows.find((x) => x.label === r.ratioOf[1]);
      const n0 = r.rows.find((x) => x.label === 'node -e 0');
      return `| ${r.name} | ${r.target} | ${fmt(a.ms)} | ${b.label === 'node -e 0' ? '' : `${fmt(b.ms)} (${b.label})`} | ${n0 ? fmt(n0.ms) : ''} | ${r.ratio.toFixed(2)}x | ${a.rssMiB.toFixed(0)} MiB |`;
    }),
    '',
    '## Scaling',
    '',
    '| pods (v1, systemd) | scan | bare walk | ratio | scan peak RSS |',
    '|---|---|---|---|---|',
    ...scale.pods.map((p) => `| ${p.pods} | ${fmt(p.scan.ms)} | ${fmt(p.floor.ms)} | ${(p.scan.ms / p.floor.ms).toFixed(2)}x | ${p.scan.rssMiB.toFixed(0)} MiB |`),
    '',
    '| mountinfo lines | scan | scan peak RSS |',
    '|---|---|---|',
    ...scale.lines.map((l) => `| ${l.lines} | ${fmt(l.scan.ms)} | ${l.scan.rssMiB.toFixed(0)} MiB |`),
    '',
    '## Big nodes',
    '',
    "Each at its full size beside its floor, and at a tenth of it: how time and peak RSS grow with the node. The 65,000 memory cgroups are transient units' scopes in the memory hierarchy of a v1 node (CG020's range: the controller numbers at most 65,535); the journal is bench/gen-log.mjs's, a symptom line in every 997; its floor is one pass of `wc -l`. The million-line mountinfo is the first table's row beside `findmnt`, and how it grows is the scaling table's.",
    '',
    ...bigTable(big, fmt),
    '',
    '## On the real kernel',
    '',
    live === undefined || live.skipped
      ? `Not measured: ${live?.skipped ?? 'not run'}.`
      : `As root on this machine: ${live.count} memory cgroups made under ${live.where} for the run (${live.memoryCgroups} memory cgroups in /proc/cgroups while it ran), removed after. A live \`cgdoctor scan\` of / took ${fmt(live.scan.ms)} (peak RSS ${live.scan.rssMiB.toFixed(0)} MiB); \`find /sys/fs/cgroup -name cgroup.procs | xargs cat\`, reading every cgroup's process list once, took ${fmt(live.floor.ms)}: ${(live.scan.ms / live.floor.ms).toFixed(2)}x.`,
    '',
    '## The single executable',
    '',
    binarySize === undefined
      ? 'dist/cgdoctor was not built.'
      : `\`npm run build:binary\` wrote dist/cgdoctor: ${binarySize.toFixed(1)} MiB (Node ${process.version} stripped, with the CLI and its V8 code cache injected); it needs glibc >= 2.28 on x86-64 Linux. Its start-up and a scan are the "binary" rows above: the first against \`node -e 0\`, the second against the same scan run by node.`,
    '',
    '## The DaemonSet',
    '',
    "`scan --every 10ms --format prom -o FILE` on the 1000-pod tree, resident memory from /proc/<pid>/status (deploy/daemonset.yaml requests 128 MiB, the loop's steady state on 1000 pods, and limits it to 256 MiB, about twice its peak; the mountinfo rows above are the worst case, a leak of a million mounts):",
    '',
    '| loop | RSS after scan 1 | RSS after the last scan | scans | peak RSS (VmHWM) |',
    '|---|---|---|---|---|',
    ...loops.map((l) => `| ${l.label} | ${l.first.toFixed(0)} MiB | ${l.after.toFixed(0)} MiB | ${l.scans} | ${l.peak.toFixed(0)} MiB |`),
    '',
    '## explain on real pasted messages',
    '',
    `\`cgdoctor explain --format json\` on every line of test/corpus/explain/messages.json (bench/explain-accuracy.mjs). Targets on the validation split: the right rule first for ${TARGETS.firstRate * 100}%, in the top three for ${TARGETS.top3Rate * 100}%, and ${TARGETS.quietRate * 100}% of the negatives with no match at or above 0.5 (or the outside-the-catalogue answer).`,
    '',
    '"Ceiling" is the best a reader of the text alone could do: lines whose text is the same once ids, numbers and log headers are cut, but whose fixes were different rules, cannot all be right.',
    '',
    '| split | positives | first | top 3 | named by the answer | ceiling, first | negatives | quiet | ceiling, quiet |',
    '|---|---|---|---|---|---|---|---|---|',
    ...Object.entries(explainSplits).map(([name, x]) => {
      const c = explainCeiling[name];
      const p = (v) => `${(v * 100).toFixed(1)}%`;
      return `| ${name} | ${x.positives} | ${p(x.firstRate)} | ${p(x.top3Rate)} | ${p(x.namedRate)} | ${c ? p(c.firstRate) : '-'} | ${x.negatives} | ${p(x.quietRate)} | ${c ? p(c.quietRate) : '-'} |`;
    }),
    '',
    'The validation positives by how new their text is to the training split (the same text, the same innermost error, or neither): templates are tuned on what training shows, so the last line is how explain reads messages nobody tuned for.',
    '',
    ...describeNovelty(explainRun.novelty).map((l) => `- ${l}`),
    '',
  ].join('\n');
  fs.writeFileSync(
    path.join(ROOT, 'BENCHMARKS.md'),
    `${md}\n${fs.existsSync(path.join(ROOT, 'bench', 'NOTES.md')) ? fs.readFileSync(path.join(ROOT, 'bench', 'NOTES.md'), 'utf8') : ''}`,
  );
  console.log('wrote BENCHMARKS.md');
}

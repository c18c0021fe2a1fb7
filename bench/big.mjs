// The big nodes of `npm run bench`: the sizes where cgroup problems grow, each beside its floor and
// at a tenth of its size, so the table says how time and memory grow with the node.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * @param {object} o
 * @param {(name: string, params: object) => string} o.tree  a generated node tree, cached
 * @param {(cmds: Array<{label: string, cmd: string[]}>) => Array<{label: string, ms: number, rssMiB: number}>} o.measure
 * @param {(...a: string[]) => string[]} o.cg  a cgdoctor command line
 * @param {string} o.node  the node binary
 * @param {string} o.floorWalk  bench/floor-walk.mjs
 * @param {string} o.work  the bench's cache folder
 * @param {string} o.root  the repository
 * @param {(ms: number) => string} o.fmt  a time as the bench prints it
 */
export function bigNodes({ tree, measure, cg, node, floorWalk, work, root, fmt }) {
  const walk = (dir) => ({ label: 'bare walk', cmd: [node, floorWalk, dir] });
  const log = (mb) => {
    const file = path.join(work, `kubelet-${mb}MB.log`);
    if (!fs.existsSync(file)) {
      process.stderr.write(`generating a ${mb} MB kubelet journal...\n`);
      const r = spawnSync(node, [path.join(root, 'bench', 'gen-log.mjs'), `${file}.part`, String(mb)], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`bench/gen-log.mjs exited ${r.status}`);
      fs.renameSync(`${file}.part`, file);
    }
    return file;
  };
  const scenarios = [
    {
      name: 'pods v1',
      sizes: [500, 5000],
      build: (pods) => {
        const dir = tree(pods === 500 ? 'scan-500-pods-v1' : `big-pods-v1-${pods}`, { layout: 'v1', driver: 'systemd', pods, seed: pods });
        return [{ label: 'cgdoctor scan', cmd: cg('scan', '--root', dir, '--format', 'json') }, walk(dir)];
      },
    },
    {
      name: 'pods v2',
      sizes: [500, 5000],
      build: (pods) => {
        const dir = tree(pods === 500 ? 'scan-500-pods-v2' : `big-pods-v2-${pods}`, { layout: 'v2', driver: 'systemd', pods, seed: pods + 1 });
        return [{ label: 'cgdoctor scan', cmd: cg('scan', '--root', dir, '--format', 'json') }, walk(dir)];
      },
    },
    {
      // CG020's range: the memory controller numbers at most 65,535 cgroups.
      name: 'memory cgroups (v1)',
      sizes: [6500, 65000],
      build: (n) => {
        const dir = tree(`big-memory-${n}`, { layout: 'v1', driver: 'systemd', pods: 100, memoryCgroups: n, seed: 65 });
        return [{ label: 'cgdoctor scan', cmd: cg('scan', '--root', dir, '--format', 'json') }, walk(dir)];
      },
    },
    {
      // The floor is one pass of a C reader over the file: what reading the log costs at all.
      name: 'kubelet journal MB (--logs)',
      sizes: [100, 1024],
      build: (mb) => {
        const dir = tree('big-logs-node', { layout: 'v1', driver: 'systemd', pods: 20, seed: 20 });
        const file = log(mb);
        return [
          { label: 'cgdoctor scan --logs', cmd: cg('scan', '--root', dir, '--logs', file, '--format', 'json') },
          { label: 'wc -l', cmd: ['wc', '-l', file] },
        ];
      },
    },
  ];
  const rows = [];
  for (const s of scenarios) {
    const [small, large] = s.sizes.map((size) => {
      const [scan, floor] = measure(s.build(size));
      return { size, scan, floor };
    });
    const row = { name: s.name, small, large };
    rows.push(row);
    console.log(`big ${s.name} ${large.size}: ${describeBig(row, fmt)}`);
  }
  return rows;
}

/** How a figure grows from the small size to the large one: "x9.1 for x10". */
const growth = (a, b, sizeA, sizeB) => `x${(b / a).toFixed(1)} for x${(sizeB / sizeA).toFixed(0)}`;

function describeBig(r, fmt) {
  const { small, large } = r;
  return `${fmt(large.scan.ms)} ${large.scan.rssMiB.toFixed(0)} MiB, ${large.floor.label} ${fmt(large.floor.ms)}, ${(large.scan.ms / large.floor.ms).toFixed(2)}x; from ${small.size}: time ${growth(small.scan.ms, large.scan.ms, small.size, large.size)}, RSS ${small.scan.rssMiB.toFixed(0)} to ${large.scan.rssMiB.toFixed(0)} MiB`;
}

/** The Markdown table of the big nodes. */
export function bigTable(rows, fmt) {
  return [
    '| node | size | cgdoctor | floor | ratio | peak RSS | at a tenth of the size | time grows | RSS grows |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(({ name, small, large }) => {
      const cells = [
        name,
        String(large.size),
        fmt(large.scan.ms),
        `${fmt(large.floor.ms)} (${large.floor.label})`,
        `${(large.scan.ms / large.floor.ms).toFixed(2)}x`,
        `${large.scan.rssMiB.toFixed(0)} MiB`,
        `${fmt(small.scan.ms)}, ${small.scan.rssMiB.toFixed(0)} MiB (${small.size}; floor ${fmt(small.floor.ms)})`,
        growth(small.scan.ms, large.scan.ms, small.size, large.size),
        `+${(large.scan.rssMiB - small.scan.rssMiB).toFixed(0)} MiB`,
      ];
      return `| ${cells.join(' | ')} |`;
    }),
  ];
}

#!/usr/bin/env node
// The reference floor for a scan: one bare walk of sys/fs/cgroup under ROOT, with readdirSync,
// reading cpuset.cpus and cgroup.procs in every directory. cgdoctor's scan must cost no more.
import * as fs from 'node:fs';

const top = `${process.argv[2] ?? ''}/sys/fs/cgroup`;
let dirs = 0;
let bytes = 0;
const stack = [top];
while (stack.length > 0) {
  const dir = stack.pop();
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    continue;
  }
  dirs++;
  for (const f of ['cpuset.cpus', 'cgroup.procs']) {
    try {
      bytes += fs.readFileSync(`${dir}/${f}`).length;
    } catch {
      // not every hierarchy has cpuset.cpus
    }
  }
  for (const e of entries) if (e.isDirectory()) stack.push(`${dir}/${e.name}`);
}
process.stdout.write(`${dirs} dirs, ${bytes} bytes\n`);

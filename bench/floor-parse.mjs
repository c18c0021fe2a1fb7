#!/usr/bin/env node
// The floor of `cgdoctor report DIR`: read every .json file under DIR and JSON.parse it, one at a
// time, keeping nothing. What report costs beyond this is the merge.
import * as fs from 'node:fs';
import * as path from 'node:path';

let n = 0;
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.json')) {
      JSON.parse(fs.readFileSync(p, 'utf8'));
      n++;
    }
  }
};
walk(process.argv[2]);
process.stdout.write(`${n}\n`);

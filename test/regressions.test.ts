import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MountinfoParser, parseMountinfo } from '../src/collect/parse/mountinfo.js';
import { ROOT } from './helpers.js';

const DIR = path.join(ROOT, 'test', 'corpus', 'regressions');

describe('held-in regression corpus', () => {
  for (const f of fs.readdirSync(DIR).filter((n) => n.startsWith('mountinfo-'))) {
    it(f, () => {
      const text = fs.readFileSync(path.join(DIR, f), 'utf8');
      const whole = parseMountinfo(text, { keep: () => true });
      for (let cut = 0; cut <= text.length; cut++) {
        const p = new MountinfoParser({ keep: () => true }).push(text.slice(0, cut)).push(text.slice(cut)).end();
        expect([p.mounts, [...p.targets], [...p.sources], p.lineCount]).toEqual([whole.mounts, [...whole.targets], [...whole.sources], whole.lineCount]);
      }
      expect([...whole.targets.keys()]).not.toContain('N');
    });
  }
});

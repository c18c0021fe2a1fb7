import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { ROOT } from './helpers.js';

/**
 * action.yml's shape; test/system/action.test.ts runs its steps. Inputs reach the scripts only
 * through `env`: an expression pasted into a `run` script is a script injection (GitHub's
 * "Security hardening for GitHub Actions"), whatever a workflow passes as `root`.
 */

const action = yaml.load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description?: string; default?: string }>;
  runs: { using: string; steps: Array<{ run?: string; shell?: string }> };
};
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('action.yml', () => {
  it('is a composite action whose run steps are bash with no expression inside', () => {
    expect(action.runs.using).toBe('composite');
    const runs = action.runs.steps.filter((s) => s.run !== undefined);
    expect(runs.length).toBeGreaterThan(0);
    for (const s of runs) {
      expect(s.shell).toBe('bash');
      expect(s.run).not.toContain('${{');
    }
  });

  it('describes every input, and the README documents each with its default', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toMatch(/\w/);
      expect(readme, `README row for input ${name}`).toContain(`| \`${name}\` | ${input.default ? `\`${input.default}\`` : ''} |`);
    }
  });
});

import { expect, it } from 'vitest';
import { lineOfPath } from '../../src/collect/parse/yaml-lines.js';
it('x', () => {
  const t = 'ignore: [CG019]\nthresholds:\n  CG020:\n    warnAT: 5\nonly:\n- CG001\n- CG002\nseverity:\n  CG018: fatal\n';
  expect(lineOfPath(t, ['ignore', 0])).toBe(1);
  expect(lineOfPath(t, ['thresholds', 'CG020', 'warnAT'])).toBe(4);
  expect(lineOfPath(t, ['only', 1])).toBe(7);
  expect(lineOfPath(t, ['severity', 'CG018'])).toBe(9);
  expect(lineOfPath(t, ['nope'])).toBe(undefined);
});

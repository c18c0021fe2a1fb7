import { describe, expect, it } from 'vitest';
import { MemHost } from '../../src/host/mem-host.js';
import { scan } from '../../src/scan.js';
import { compareScan } from '../expect-scan.js';
import { checkReport } from '../helpers.js';
import { expectationOf, ruleCases } from './cases.js';

const cases = await ruleCases();

describe('each rule case, scanned with every rule, reports exactly what it states', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const { tree, expected } = expectationOf(c);
    const r = scan(new MemHost(tree, 'case'));
    const { got, want } = compareScan(r, expected);
    expect(got).toEqual(want);
    expect(r.warnings).toEqual([]);
    expect(checkReport(JSON.parse(JSON.stringify(r)))).toEqual([]);
  });
});

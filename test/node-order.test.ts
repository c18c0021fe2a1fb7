import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeNameKey } from '../src/fleet/node-order.js';

// Kubernetes node names are RFC 1123 subdomains: lowercase letters, digits, '-' and '.'.
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?$/);
const nodeName = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));
const collator = new Intl.Collator('en', { numeric: true }).compare;

const isDigit = (c: number) => c >= 48 && c <= 57;
const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

/** Reading order as a comparator: digit runs by value, case ignored, then code points. */
function byNodeName(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      // Numbers compare by value: skip leading zeros, then the longer run is the larger number.
      let si = i;
      let sj = j;
      while (si < a.length && a.charCodeAt(si) === 48) si++;
      while (sj < b.length && b.charCodeAt(sj) === 48) sj++;
      let ei = si;
      let ej = sj;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      if (ei - si !== ej - sj) return ei - si - (ej - sj);
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
      continue;
    }
    const d = fold(ca) - fold(cb);
    if (d !== 0) return d;
    i++;
    j++;
  }
  if (a.length - i !== b.length - j) return a.length - i - (b.length - j);
  // Names equal but for case or leading zeros still get one fixed order.
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('node names in reading order', () => {
  it('puts worker-2 before worker-10 and ignores case first', () => {
    expect(['worker-10', 'worker-2', 'Worker-3', 'worker-1.b', 'worker-1', 'w01', 'w1'].sort(byNodeName)).toEqual([
      'w01',
      'w1',
      'worker-1',
      'worker-1.b',
      'worker-2',
      'Worker-3',
      'worker-10',
    ]);
  });

  it('orders numbers longer than any integer by value', () => {
    expect(byNodeName('n99999999999999999999', 'n100000000000000000000')).toBeLessThan(0);
    expect(byNodeName('n007', 'n7')).toBeLessThan(0);
    expect(byNodeName('n7', 'n007')).toBeGreaterThan(0);
  });

  it('orders DNS names as the ICU collator it replaces did', () => {
    fc.assert(
      fc.property(nodeName, nodeName, (a, b) => {
        expect(Math.sign(byNodeName(a, b))).toBe(Math.sign(collator(a, b)) || Math.sign(a < b ? -1 : a > b ? 1 : 0));
      }),
      { numRuns: 5000 },
    );
  });

  it('is a total order: antisymmetric and transitive', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        expect(Math.sign(byNodeName(a, b)) + Math.sign(byNodeName(b, a))).toBe(0);
        if (byNodeName(a, b) <= 0 && byNodeName(b, c) <= 0) expect(byNodeName(a, c)).toBeLessThanOrEqual(0);
        expect(byNodeName(a, b) === 0).toBe(a === b);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('node name sort keys', () => {
  const byKey = (a: string, b: string) => {
    const ka = nodeNameKey(a);
    const kb = nodeNameKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  };
  const digitsAndCase = fc.array(fc.constantFrom('0', '1', '9', '00', '0000000001', '123456789012', 'a', 'B', '-', '.', ':', '/', 'é'), { maxLength: 8 }).map((a) => a.join(''));

  it('orders as byNodeName does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), digitsAndCase, nodeName), fc.oneof(fc.string(), digitsAndCase, nodeName), (a, b) => {
        expect(Math.sign(byKey(a, b))).toBe(Math.sign(byNodeName(a, b)));
      }),
      { numRuns: 20000 },
    );
  });

  it('keeps digit runs of 9 or more apart by length', () => {
    expect(nodeNameKey('n12345678')).toBe('n812345678');
    expect(nodeNameKey('n123456789')).toBe('n919123456789');
    expect(nodeNameKey('n0012345678901')).toBe('n921112345678901');
    expect(nodeNameKey('Node-0')).toBe('node-0');
  });
});

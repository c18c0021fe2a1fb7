import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion } from '../../src/collect/parse/version.js';

const v = (s: string) => {
  const out = parseVersion(s);
  if (!out) throw new Error(`no version in ${s}`);
  return out;
};
const older = (a: string, b: string) => compareVersions(v(a), v(b)) < 0;

describe('versions', () => {
  it('takes apart the forms components print', () => {
    expect(parseVersion('v1.28.3')).toEqual({ text: 'v1.28.3', numbers: [1, 28, 3] });
    expect(parseVersion('1.1.5+ds1-1+deb12u1')).toEqual({ text: '1.1.5+ds1-1+deb12u1', numbers: [1, 1, 5] });
    expect(parseVersion('1.0.0-rc93')).toEqual({ text: '1.0.0-rc93', numbers: [1, 0, 0], pre: 'rc93' });
    // Debian spells a pre-release with "~" so that it sorts before the release.
    expect(parseVersion('1.0.0~rc93+ds1-2')?.pre).toBe('rc93');
    // "~ds1" is a repacked source, not a pre-release.
    expect(parseVersion('1.6.20~ds1-1+deb12u3')).toEqual({ text: '1.6.20~ds1-1+deb12u3', numbers: [1, 6, 20] });
    expect(parseVersion('1:20.10.24+dfsg1-1')?.numbers).toEqual([20, 10, 24]);
    expect(parseVersion('6.18.44-fc-v1045')?.numbers).toEqual([6, 18, 44]);
    expect(parseVersion('1.8.0_372')?.numbers).toEqual([1, 8, 0, 372]);
    expect(parseVersion(' 252.38-1~deb12u1\n')?.text).toBe('252.38-1~deb12u1');
    expect(parseVersion('(devel)')).toBeUndefined();
    expect(parseVersion('')).toBeUndefined();
  });

  it('orders releases, pre-releases before their release, and JDK 8 updates', () => {
    expect(older('1.0.0-rc92', '1.0.0-rc93')).toBe(true);
    expect(older('1.0.0-rc93', '1.0.0')).toBe(true);
    expect(older('1.0.0-beta.2', '1.0.0-rc1')).toBe(true);
    expect(older('0.1.2', '1.0.0-rc93')).toBe(true);
    expect(older('1.1.5', '1.0.0-rc93')).toBe(false);
    expect(older('1.3.10', '1.4')).toBe(true);
    expect(compareVersions(v('1.4'), v('1.4.0'))).toBe(0);
    expect(older('1.8.0_292', '1.8.0_372')).toBe(true);
    expect(older('1.8.0_372', '1.8.0_372')).toBe(false);
    expect(older('v1.24.17', '1.25')).toBe(true);
    expect(older('19.03.15', '20.10')).toBe(true);
    expect(older('5.4.0-150-generic', '5.8')).toBe(true);
  });
});

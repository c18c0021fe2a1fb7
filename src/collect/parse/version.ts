/**
 * Versions as components print them, taken apart so they can be compared with the first release
 * that supports something: `v1.28.3`, `1.1.5+ds1-1+deb12u1` (a Debian package's), `1.0.0-rc93`,
 * `20.10.24+dfsg1`, `6.1.0-28-amd64` (a kernel release), `1.8.0_372` (a JDK 8's), `252.38-1~deb12u1`.
 */
export interface Version {
  /** As found, for the report. */
  text: string;
  /** The leading dotted numbers: [1, 28, 3]. */
  numbers: number[];
  /** A pre-release (`rc93` of `1.0.0-rc93`): earlier than the release itself. */
  pre?: string;
}

/**
 * The version in a component's text, or undefined when none is there. A Debian or RPM revision
 * (`-1+deb12u1`, `-2.el9`) is not part of the upstream version and is left in `text` only.
 */
export function parseVersion(raw: string): Version | undefined {
  const text = raw.trim();
  // An epoch (`1:1.6.20`) orders packages, not releases.
  const body = text.replace(/^v/, '').replace(/^\d+:/, '');
  const m = /^(\d+(?:\.\d+)*)(?:_(\d+))?(?:[-~]((?:rc|alpha|beta|pre)\.?\d*))?/i.exec(body);
  if (!m) return undefined;
  const numbers = m[1]!.split('.').map(Number);
  // JDK 8 writes its update after an underscore: 1.8.0_372 is 8u372.
  if (m[2] !== undefined) numbers.push(Number(m[2]));
  return { text, numbers, ...(m[3] ? { pre: m[3].toLowerCase().replace('.', '') } : {}) };
}

const preRank = (p: string): [number, number] => {
  const m = /^(alpha|beta|pre|rc)(\d*)$/.exec(p);
  const order = { alpha: 0, beta: 1, pre: 2, rc: 3 } as const;
  return m ? [order[m[1] as keyof typeof order], Number(m[2] || 0)] : [0, 0];
};

/** Negative when a is older than b, 0 when the same release, positive when newer. Missing numbers are 0. */
export function compareVersions(a: Pick<Version, 'numbers' | 'pre'>, b: Pick<Version, 'numbers' | 'pre'>): number {
  for (let i = 0; i < Math.max(a.numbers.length, b.numbers.length); i++) {
    const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === undefined) return 1;
  if (b.pre === undefined) return -1;
  const [ka, na] = preRank(a.pre);
  const [kb, nb] = preRank(b.pre);
  return ka !== kb ? ka - kb : na - nb;
}

import type { ParseWarning } from './diagnostic.js';
import { splitLines } from './diagnostic.js';

/**
 * The `release` file at the top of a JDK or JRE (make/ReleaseFile.gmk in OpenJDK): shell-style
 * `KEY="value"` lines, `JAVA_VERSION="1.8.0_372"` on 8, `JAVA_VERSION="17.0.8"` from 9 on, with
 * IMPLEMENTOR naming the vendor's build. Read where the process's java binary lives, never run.
 */
export interface JavaRelease {
  values: Map<string, { value: string; line: number }>;
  warnings: ParseWarning[];
}

export function parseJavaRelease(text: string, path: string): JavaRelease {
  const values: JavaRelease['values'] = new Map();
  const warnings: ParseWarning[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([A-Z][A-Z0-9_]*)=(?:"([^"]*)"|'([^']*)'|(\S*))$/.exec(line);
    if (!m) {
      warnings.push({ path, line: i + 1, message: 'not a KEY="value" line; ignored' });
      return;
    }
    values.set(m[1]!, { value: m[2] ?? m[3] ?? m[4] ?? '', line: i + 1 });
  });
  return { values, warnings };
}

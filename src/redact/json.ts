import type { Scalar } from './scalars.js';

/**
 * The scalars of a JSON text with their source offsets (JSON.parse keeps none): strings and
 * numbers, each with the key it is the value of. Undefined when the text is not JSON.
 */
export function jsonScalars(text: string): Scalar[] | undefined {
  const out: Scalar[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw new SyntaxError('not JSON');
  };
  const string = (): { start: number; end: number; value: string } => {
    const start = i;
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
    return { start, end: i, value: JSON.parse(text.slice(start, i)) as string };
  };
  const value = (key: string | undefined, depth: number): void => {
    if (depth > 512) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      // `{"name": "REGISTRY_PASSWORD", "value": "x"}` (a pod's env): the sibling names the value.
      let name: string | undefined;
      let valueAt: number | undefined;
      for (;;) {
        ws();
        const k = string().value;
        ws();
        if (text[i] !== ':') fail();
        i++;
        const before = out.length;
        ws();
        const at = i;
        value(k, depth + 1);
        const direct = out.length === before + 1 && out[before]!.start === at ? out[before]! : undefined;
        if (k === 'name' && typeof direct?.value === 'string') name = direct.value;
        if (k === 'value' && direct) valueAt = before;
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          if (name !== undefined && valueAt !== undefined) out[valueAt] = { ...out[valueAt]!, key: name };
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(key, depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      out.push({ ...string(), key });
      return;
    }
    const m = /^(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail();
    const start = i;
    i += m![0].length;
    if (/^-?\d/.test(m![0])) out.push({ start, end: i, value: Number(m![0]), key });
  };
  try {
    value(undefined, 0);
    ws();
    return i === text.length ? out : undefined;
  } catch {
    return undefined;
  }
}

/** A value written back as JSON: one line, whatever it holds. */
export const jsonString = (v: string) => JSON.stringify(v);

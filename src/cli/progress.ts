/**
 * A progress line on stderr for long scans and captures: only on a terminal, only after about a
 * second, at most ten times a second, and erased when the work ends. Never on stdout, so it can
 * never reach a JSON, SARIF or Prometheus report.
 */
export function progress(stream: NodeJS.WriteStream = process.stderr, now = () => Date.now()) {
  const start = now();
  let last = 0;
  let shown = false;
  const enabled = !!stream.isTTY;
  return {
    update(phase: string, count: number): void {
      if (!enabled) return;
      const t = now();
      if (t - start < 1000 || t - last < 100) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[Kcgdoctor: ${phase}: ${count}`);
    },
    done(): void {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

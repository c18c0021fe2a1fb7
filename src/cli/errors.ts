/** Exit codes of spec/cli.md. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** A known failure: printed as one line, exit 2, no stack trace. */
export class CliError extends Error {}

/** The exit codes of the command-line contract: no finding at the threshold, findings, and could not run. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/**
 * Failures users cause or meet, each printed as one line with exit 2 and no stack trace. They live
 * here, with no imports, so the CLI can tell them apart without loading what throws them.
 */
export class CliError extends Error {
  override name = 'CliError';
}

/** A configuration mistake: names the file, the key and, where known, the line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A capture refused: hostile, corrupt, or over the caps. */
export class CaptureError extends Error {
  override name = 'CaptureError';
}

/** Kept equal to package.json by a test; a constant keeps file reads out of start-up. */
export const VERSION = '0.1.0';

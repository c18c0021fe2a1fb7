export interface SplitFigures {
  positives: number;
  first: number;
  top3: number;
  named: number;
  negatives: number;
  quiet: number;
  firstRate: number;
  top3Rate: number;
  namedRate: number;
  quietRate: number;
  misses: Array<{ message: string; want: string | null; got: string[] }>;
}
export function accuracy(
  entries: ReadonlyArray<{ rule: string | null; split: string; message: string }>,
  results: ReadonlyArray<{ matches: ReadonlyArray<{ rule: string; score: number }>; candidates?: readonly string[]; outside?: unknown }>,
): Record<string, SplitFigures>;
export function sameText(message: string): string;
export function ceiling(
  entries: ReadonlyArray<{ rule: string | null; split: string; message: string }>,
): Record<string, { positives: number; firstRate: number; negatives: number; quietRate: number }>;
export function novelty(
  entries: ReadonlyArray<{ rule: string | null; split: string; message: string }>,
  results: ReadonlyArray<{ matches: ReadonlyArray<{ rule: string; score: number }> }>,
): Record<'same text' | 'same innermost error' | 'unseen', { positives: number; first: number }>;
export function describe(splits: Record<string, SplitFigures>): string[];
export const TARGETS: { firstRate: number; top3Rate: number; quietRate: number };

/**
 * Revision diffs for the editor's history and conflict views, on jsdiff (`diff`): a line diff with
 * the changed words marked inside each replaced line, and unchanged stretches folded.
 * Pure functions: they run in the browser (conflict view) and on the server (history page).
 */
import { diffLines, diffWordsWithSpace } from 'diff';

/** A run of text inside a line: unchanged, or only in the new / the old text. */
export interface DiffWord {
  type: 'same' | 'added' | 'removed';
  text: string;
}

/** One line of a diff. `oldNo` / `newNo` are 1-based line numbers on each side. */
export interface DiffLine {
  type: 'same' | 'added' | 'removed';
  text: string;
  oldNo: number | null;
  newNo: number | null;
  /** For a replaced line: the words that changed (removed words on the old line, added on the new). */
  words?: DiffWord[];
}

/** A stretch of the diff, or a fold of `count` unchanged lines that are not shown. */
export type DiffBlock = { kind: 'lines'; lines: DiffLine[] } | { kind: 'fold'; count: number };

export interface TextDiff {
  blocks: DiffBlock[];
  added: number;
  removed: number;
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Line diff of two texts (LF line ends), with word marks on replaced lines.
 * @param before the older text; @param after the newer one.
 * @param opts.context unchanged lines kept around each change (default 3); the rest fold.
 * @returns blocks in order, plus the counts of added and removed lines.
 */
export function diffText(before: string, after: string, opts: { context?: number } = {}): TextDiff {
  const context = opts.context ?? 3;
  const lines: DiffLine[] = [];
  let oldNo = 1;
  let newNo = 1;
  let added = 0;
  let removed = 0;
  const changes = diffLines(before, after);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i];
    const texts = splitLines(c.value);
    if (c.removed) {
      // A removed run followed by an added run: pair the lines up and mark the changed words.
      const next = changes[i + 1];
      const addedTexts = next?.added ? splitLines(next.value) : [];
      const pairs = Math.min(texts.length, addedTexts.length);
      const removedLines: DiffLine[] = [];
      const addedLines: DiffLine[] = [];
      texts.forEach((text, k) => {
        const line: DiffLine = { type: 'removed', text, oldNo: oldNo++, newNo: null };
        if (k < pairs)
          line.words = diffWordsWithSpace(text, addedTexts[k])
            .filter((p) => !p.added)
            .map((p) => ({ type: p.removed ? 'removed' : 'same', text: p.value }));
        removedLines.push(line);
      });
      addedTexts.forEach((text, k) => {
        const line: DiffLine = { type: 'added', text, oldNo: null, newNo: newNo++ };
        if (k < pairs)
          line.words = diffWordsWithSpace(texts[k], text)
            .filter((p) => !p.removed)
            .map((p) => ({ type: p.added ? 'added' : 'same', text: p.value }));
        addedLines.push(line);
      });
      removed += removedLines.length;
      added += addedLines.length;
      lines.push(...removedLines, ...addedLines);
      if (next?.added) i++;
    } else if (c.added) {
      for (const text of texts) lines.push({ type: 'added', text, oldNo: null, newNo: newNo++ });
      added += texts.length;
    } else {
      for (const text of texts) lines.push({ type: 'same', text, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return { blocks: fold(lines, context), added, removed };
}

/** Keeps `context` unchanged lines around changes and folds the rest. */
function fold(lines: DiffLine[], context: number): DiffBlock[] {
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.type === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const blocks: DiffBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    const kept = keep[i];
    while (i < lines.length && keep[i] === kept) i++;
    if (kept) blocks.push({ kind: 'lines', lines: lines.slice(start, i) });
    else if (i - start <= 1) blocks.push({ kind: 'lines', lines: lines.slice(start, i) });
    else blocks.push({ kind: 'fold', count: i - start });
  }
  return blocks;
}

/**
 * Word diff of two short texts (a title, a summary).
 * @returns the runs in order; empty when both are empty.
 */
export function diffWords(before: string, after: string): DiffWord[] {
  return diffWordsWithSpace(before, after).map((p) => ({ type: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }));
}

/**
 * The local model's answer composer: extractive and grounded, written like a support agent would
 * answer. It leads with the passage the answerability model chose (the section of one article),
 * quotes that section whole when it is short, otherwise its most relevant contiguous blocks;
 * numbered steps, lists and table rows are kept intact, a sentence ending in ':' is only quoted
 * with the list it introduces, and text addressed to an AI assistant is never quoted. One answer
 * never mixes products (collections). When the decision is to refuse, it says the help center does
 * not cover the question and offers a human, with no citation.
 */
import { stripCitationMarkers } from './citations';
import { contentWords, stem } from './context';
import { isInstructionText } from './instructions';
import { NO_LONGER_SUPPORTED, ownHeading, type SourcePassage, YES_NO_HEADING } from './passages';
import { synonymReading } from './synonym-reading';

export interface ComposedAnswer {
  /** Markdown with [n] markers. */
  text: string;
  /** Whether the answer is supported by the sources (false → "not covered" message). */
  grounded: boolean;
  /** Source numbers cited in `text`. */
  cited: number[];
}

export const NOT_COVERED_TEXT = "I couldn't find this in the help center, so I don't want to guess. Would you like me to connect you with our support team?";

/**
 * The refusal when nothing the search found comes close (answerability under OFF_TOPIC_PROBABILITY:
 * "who won the 2018 world cup?"). It asks no yes/no question, so a "yes" drafts no support ticket
 * about the World Cup; a person is still one request away.
 */
export const NOTHING_CLOSE_TEXT =
  "I couldn't find this in the help center, so I don't want to guess. I answer questions about our products from its articles: try asking in other words, or ask to talk to a person.";

/**
 * The refusal of a request for investment, tax or legal advice (lib/assistant/advice.ts): says why,
 * and who can help, without offering a ticket about it.
 */
export const ADVICE_TEXT =
  "I can't give investment, tax or legal advice: an accountant, tax advisor or lawyer who knows your situation can. I answer questions about how our products work, from the help center's articles.";

/**
 * Added to a refusal when the message may be in another language (lib/assistant/language.ts):
 * the offline model searches the English articles with the message's own words.
 */
export const OTHER_LANGUAGE_HINT = 'The help center is written in English: if you asked in another language, asking in English may find the answer.';

/** The closing offer of a grounded answer; the local model treats a "yes" after it as accepting. */
export const HANDOFF_OFFER = "If this doesn't solve it, I can connect you with our support team.";

/** Max list items quoted from one list. */
const MAX_LIST_ITEMS = 10;

/** One quotable block of a passage. */
export interface PassageUnit {
  kind: 'sentence' | 'list' | 'table' | 'code';
  /** The sentence, or the lead line of a list, table or code block (may be '' when a list starts the section). */
  text: string;
  /**
   * List items without their bullets (lists; an item's nested items follow it on their own lines,
   * `\n- sub` / `\n1. sub`), table rows as `a | b` (tables; the first is the header), or code lines (code).
   */
  items: string[];
  ordered: boolean;
  /** Position in the passage, for keeping the document's order. */
  order: number;
  /** Line of the passage a sentence stands on: sentences of one line are one paragraph of the answer. */
  line?: number;
}

const LIST_ITEM = /^(?:[-*+]|(\d+)[.)])\s+(.*)$/;

function isTableRow(line: string): boolean {
  return (line.match(/ \| /g) ?? []).length >= 1 && !/[.!?]$/.test(line) && !PIPELINE.test(line);
}

/** A shell pipeline ("docker ps | grep shopify"): a command, not a table row. */
const PIPELINE = /\| (?:grep|egrep|sudo|bash|sh|tee|xargs|head|tail|less|more|sort|uniq|wc|awk|sed|jq|cut|tr)\b/;

/** A table the importer could not parse arrives as one long line of pipes: not quotable at all. */
function isBrokenTable(line: string): boolean {
  return (line.match(/\|/g) ?? []).length > 16 || (isTableRow(line) && line.length > 600);
}

function sentences(line: string): string[] {
  return line
    .split(/(?<=[.!?])\s+(?=[A-Z0-9“"(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Code and command output (chunks keep code blocks as plain lines) read badly as prose: shell
 * prompts and commands (a command word opening the line: "a docker container" in a sentence is
 * prose), flags, paths, redirections, JSON keys, and columns aligned with runs of spaces.
 */
/** Shell commands that open a command line. A CSS selector line (".storefront-product-section .section-title,") is code too. */
const SHELL_COMMANDS =
  'curl|cd|sudo|npm|npx|pnpm|bun|brew|docker|git|apt(?:-get)?|chmod|chown|mkswap|swapon|fallocate|echo|export|wget|pip3?|uv|yarn|ssh|scp|systemctl|journalctl|bash|sh|source|cat|ls|mkdir|rm|cp|mv|tar|unzip|gzip|cargo|composer|php|python3?|node|kubectl|helm|bundle|rails|rake|psql|openssl';
const CODE_LIKE = new RegExp(
  String.raw`^\.[a-zA-Z][\w-]*(?:[\s>+~,]*[.#:]?[\w-]+)*\s*[,{]?$|^(?:\$|#|\.\/|[{}[\]]|"[\w-]+"\s*:)|^(?:${SHELL_COMMANDS})\s|(?:^|\s)-{1,2}[a-zA-Z][\w-]*(?:\s|=|$)|(?:^|\s)\/\w+\/|>>|\S {3,}\S`,
);
/** A command line with no sentence shape: starts lower-case, no closing punctuation, holds `user@host`, `a=b`, `a.b/c` or `a_b`. */
const COMMAND_SHAPED = /^[a-z][\w.-]*(?:\s+\S+)*$/;
const COMMAND_TOKEN = /\w@[\w.-]+|\w=\S|\w\.\w+\/|\w_\w|\w\.(?:sh|py|js|mjs|ts|rb|ps1)\b|:\/\/\S/;

/**
 * A line of a configuration file: INI / systemd unit / .env `Key=Value` with no space before the
 * `=` ("Description=AutoSSH tunnel service", "WantedBy=multi-user.target", "POLAR_ACCESS_TOKEN=…").
 * Prose puts spaces around an equals sign. (`[Section]` lines are code by CODE_LIKE's leading `[`.)
 */
const CONFIG_LINE = /^[A-Za-z_][\w.-]*=(?:\S|$)/;

/** Whether a chunk line reads as code or command output rather than prose. */
function codeLike(line: string): boolean {
  const s = line.trim();
  return CODE_LIKE.test(s) || CONFIG_LINE.test(s) || (COMMAND_SHAPED.test(s) && !/[.!?:,)]$/.test(s) && COMMAND_TOKEN.test(s));
}

/**
 * Source code as chunks keep it (the lines of a fenced block, indentation kept): comment lines
 * (`//`, `/*`, ` * `), tags, `key => value`, statement keywords, lines ending in `;`, `{`, `[`, `(`
 * or `,`. A doc comment's ` * This package supports…` is code, not a list item or a sentence.
 */
const SOURCE_LINE =
  /^(?:(?:const|let|var|await)\s+[\w{[]|\w[\w.]*\s*=\s*(?:await\s+)?[\w.]+\(|\/\/|\/\*|\*\/|\*(?:\s|$)|<\?|<\/?[a-zA-Z][\w-]*[\s>]|(?:return|import|export|const|let|var|def|class|function|public|private|protected|from|use|namespace|package|func|fn|if|else|for|while|try|catch)\b[^.!?]*$|[\]})]+[,;]?$)|=>|;\s*(?:\/\/.*)?$|[{[(]\s*$/;

/** A line that reads as a sentence: a capitalised word, then at least three more words. */
const PROSE_SHAPED = /^[A-Z][a-z'’]*(?:\s+\S+){3,}/;

/** Whether a chunk line (untrimmed) starts or continues a block of source code. */
function sourceLine(raw: string): boolean {
  const s = raw.trim();
  return SOURCE_LINE.test(s) || (codeLike(s) && !PROSE_SHAPED.test(s));
}

/** Most code lines (comments and blank lines aside) quoted after their lead; a longer block is left to the article. */
const MAX_CODE_LINES = 8;

/** Most lines of a configuration file (isConfigFile) quoted: a file to paste is no use in part. */
const MAX_CONFIG_LINES = 24;

/** Whether a block of code lines is a configuration file: every line `[Section]`, `Key=Value`, a `#` / `;` comment or blank. */
function isConfigFile(code: string[]): boolean {
  const lines = code.filter((l) => l.trim());
  return lines.length > 0 && lines.every((l) => CONFIG_LINE.test(l) || /^\[[^\]]+\]$/.test(l) || /^[#;]/.test(l));
}

/** Whether a chunk line (untrimmed) opens or continues a block of code: source, a command that is not shaped as a sentence, or indented text. */
function startsCode(raw: string): boolean {
  return !!raw.trim() && (sourceLine(raw) || /^\s{2,}\S/.test(raw));
}

/**
 * The block of code that starts at `lines[start]`: it runs over blank lines while the next line is
 * still code (source, a command, a `#` comment, or indented).
 * @param isCode which lines are code (default `startsCode`; inside a list item, where every line is
 *   indented, `sourceLine`).
 * @returns the block's lines (trimmed; inner blank lines kept, none at the end) and the index after it.
 */
function codeBlock(lines: string[], start: number, isCode: (raw: string) => boolean = startsCode): { lines: string[]; end: number } {
  const code: string[] = [];
  let i = start;
  while (i < lines.length) {
    const l = lines[i];
    if (isCode(l)) code.push(l.trim());
    else if (!l.trim() && i + 1 < lines.length && isCode(lines[i + 1])) code.push('');
    else break;
    i++;
  }
  return { lines: code, end: i };
}

/** Lines of a code block that are neither blank nor a `#` / `//` comment. */
/** A shell command line: `$ …`, `./…`, a shell command word first ("sudo …", "docker ps") or a shell script ("btcpay-update.sh"). */
const SHELL_LINE = new RegExp(String.raw`^(?:\$\s|\.\/|(?:${SHELL_COMMANDS})(?:\s|$)|[\w.-]+\.sh(?:\s|$))`);

/**
 * A fenced Markdown block of code lines, labelled `bash` when every line is a shell command or a
 * `#` comment (the answer's code label then reads "Bash", not "Text"), `ini` for a configuration
 * file (isConfigFile: "INI").
 * @param code the block's lines, indentation kept. @returns "```bash\n…\n```", "```ini\n…\n```" or "```\n…\n```".
 */
function fenced(code: string[]): string {
  const lines = code.map((l) => l.trim()).filter(Boolean);
  const shell = lines.some((l) => !l.startsWith('#')) && lines.every((l) => l.startsWith('#') || SHELL_LINE.test(l));
  const label = shell ? 'bash' : isConfigFile(code) ? 'ini' : '';
  return `\`\`\`${label}\n${code.join('\n')}\n\`\`\``;
}

function commandLines(code: string[]): number {
  return code.filter((l) => l && !/^(?:#|\/\/)/.test(l)).length;
}

/** A link's label that points on to another page ("Learn more about refunds →"): navigation, not content. */
const POINTS_ON = /(?:→|->|»)\s*$/;

/**
 * A line that credits or promotes the people behind a page ("Razorpay integration is maintained and
 * developed by Umesh Ravani.", "please star the GitHub repository ❤️"): no answer to a question
 * (the eleventh trial's UPI question was answered with both).
 */
const CREDIT_LINE =
  /\b(?:(?:is|are) (?:maintained|developed and maintained|maintained and developed) by\b|star (?:the|our|this|it on)\b[^.]*\b(?:repo|repository|github)|support (?:this|the|our) development\b)/i;

function quotable(s: string): boolean {
  if (s.length < 20 || s.length > 500 || !/[\p{L}]{3}/u.test(s) || sourceLine(s) || POINTS_ON.test(s) || CREDIT_LINE.test(s)) return false;
  const letters = (s.match(/[\p{L}\s]/gu) ?? []).length;
  return letters / s.length >= 0.7;
}

/**
 * A heading or title as a list's or table's lead: without a trailing ':', so it is shown in bold as
 * the title it is, not as a sentence of the article ("### Broadcasting the transaction:" over a list
 * was quoted as the plain line "Broadcasting the transaction:", which no paragraph of the article says).
 */
function asTitle(heading: string): string {
  return heading.replace(/\s*:\s*$/, '');
}

/**
 * Splits a passage (chunk text: one paragraph per line, list items as `- x` / `1. x` with
 * indented continuation lines, table rows as `a | b`, a subsection's heading as `#### Title`) into
 * quotable units.
 * @param text passage text.
 * @param heading the section heading the passage sits under ('' for none); it leads a list that
 *   has no introducing sentence.
 * @returns sentences and lists in document order. A sentence ending in ':' becomes the lead of the
 *   list right after it, or is dropped when no list follows.
 */
export function passageUnits(text: string, heading = ''): PassageUnit[] {
  const lines = text.split('\n');
  const units: PassageUnit[] = [];
  let order = 0;
  let i = 0;
  let pendingLead: string | null = null;
  // A title line (a callout's or a bold pseudo-heading's: "Why payouts are held for 120 days") leads
  // what follows it: in bold before its paragraph, or as the lead of its list or table; never a
  // sentence of its own with a citation.
  let pendingTitle: string | null = null;
  let sawParagraph = false;
  while (i < lines.length) {
    const raw = lines[i];
    const line = raw.trim();
    if (!line || isBrokenTable(line)) {
      i++;
      continue;
    }
    // A subsection's heading (a `####` line: see sectionChildren) titles what follows it.
    const subheading = /^####\s+(\S.*)$/.exec(line);
    if (subheading) {
      pendingTitle = asTitle(subheading[1]);
      pendingLead = null;
      sawParagraph = true;
      i++;
      continue;
    }
    if (isTableRow(line)) {
      const rows: string[] = [];
      while (i < lines.length && isTableRow(lines[i].trim())) rows.push(lines[i++].trim());
      units.push({ kind: 'table', text: pendingLead ?? pendingTitle ?? '', items: rows, ordered: false, order: order++ });
      pendingLead = null;
      pendingTitle = null;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && !/^\s{2,}/.test(raw)) {
      const items: string[] = [];
      const ordered = item[1] !== undefined;
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i].trim());
        if (m && !/^\s{2,}/.test(lines[i])) items.push(m[2].trim());
        else if (/^\s{2,}\S/.test(lines[i]) && items.length) {
          // A nested item stays a nested item on its own line; other continuation text joins the
          // (nested) item it continues, as Markdown reads it — except the commands of a step that
          // ends in ':' ("3. Update your server with the new value:" over an indented code block),
          // which stay a code block inside the step.
          const sub = LIST_ITEM.exec(lines[i].trim());
          const last = items.length - 1;
          if (!sub && items[last].endsWith(':') && sourceLine(lines[i])) {
            const code = codeBlock(lines, i, sourceLine);
            items[last] = commandLines(code.lines) <= MAX_CODE_LINES ? `${items[last]}\n${fenced(code.lines)}` : items[last].replace(/:$/, ' (the commands are in the article).');
            i = code.end;
            continue;
          }
          items[last] += sub ? `\n${sub[1] !== undefined ? `${sub[1]}.` : '-'} ${sub[2].trim()}` : ` ${lines[i].trim()}`;
        } else break;
        i++;
      }
      const lead = pendingLead ?? pendingTitle ?? (!sawParagraph && heading ? asTitle(heading) : '');
      pendingTitle = null;
      const kept = items.filter((x) => /[\p{L}]{2}/u.test(x));
      // "2. Run the following commands:" then a code block: the commands belong to that step, and
      // the step is no step without them (a block too long to quote is left to the article).
      if (kept.length && kept[kept.length - 1].endsWith(':') && i < lines.length && startsCode(lines[i])) {
        const code = codeBlock(lines, i);
        i = code.end;
        if (commandLines(code.lines) <= MAX_CODE_LINES) kept[kept.length - 1] += `\n${fenced(code.lines)}`;
        else kept[kept.length - 1] = kept[kept.length - 1].replace(/:$/, ' (the commands are in the article).');
      }
      if (kept.length) units.push({ kind: 'list', text: lead, items: kept, ordered, order: order++ });
      pendingLead = null;
      continue;
    }
    if ((pendingLead && codeLike(line)) || startsCode(raw)) {
      // A block of code or commands (outside a list, prose is never indented): never quoted as
      // sentences or list items, a short one under its introducing "…:" sentence ("Log in with:"),
      // a longer one — or one with no lead — left to the article.
      const code = codeBlock(lines, i);
      // A configuration file is pasted whole: a longer one is quoted too, and the sentence just
      // before it leads it even when it ends in a full stop ("Add or remove ports as required.").
      const config = isConfigFile(code.lines);
      // No "…:" lead, but the sentence on the line just before introduces it ("If for any reason
      // you need more logs" over `sudo su -`): that sentence leads the block.
      const prev = units[units.length - 1];
      const lead = pendingLead ?? (prev?.kind === 'sentence' && prev.line === i - 1 && i > 0 && (config || !lines[i - 1].trim().endsWith('.')) ? prev.text : null);
      if (lead && commandLines(code.lines) <= (config ? MAX_CONFIG_LINES : MAX_CODE_LINES)) {
        if (!pendingLead) units.pop();
        units.push({ kind: 'code', text: lead, items: code.lines, ordered: false, order: order++ });
      }
      i = code.end;
      pendingLead = null;
      continue;
    }
    if (!pendingLead && isTitle(line, lines[i + 1] ?? '')) {
      pendingTitle = line;
      i++;
      continue;
    }
    sawParagraph = true;
    pendingLead = null;
    const parts = sentences(line);
    // On a line of its own (a Markdown hard break), in bold: no sentence of the quote, no marker of
    // its own; it goes before the paragraph's first unit.
    let title = pendingTitle ? `**${pendingTitle}**  \n` : '';
    pendingTitle = null;
    let opener = '';
    parts.forEach((part, k) => {
      const s = opener ? `${opener} ${part}` : part;
      opener = '';
      if (s.endsWith(':')) {
        // Only the last sentence of a paragraph can introduce a following list.
        if (k === parts.length - 1) pendingLead = `${title}${s}`;
        title = '';
        return;
      }
      // A short opener too brief to quote alone ("Enforcing SSO?") stays with the sentence it
      // introduces, or "Invitations stop being a way in." would read as a rule for everyone; so
      // does a run-in label of a few words ("One-time purchases. You can revoke…"), which alone
      // would end a quote as a fragment.
      if (k < parts.length - 1 && s.length < 25 && (/[?!]$/.test(s) || s.split(/\s+/).length <= 3) && /[\p{L}]{3}/u.test(s) && !sourceLine(s)) {
        opener = s;
        return;
      }
      const text = `${title}${s}`;
      title = '';
      if (quotable(text)) units.push({ kind: 'sentence', text, items: [], ordered: false, order: order++, line: i });
    });
    i++;
  }
  return units;
}

/** How a sentence that lost its full stop opens ("This should give you a new file…", "You will see…"); a title does not. */
const SENTENCE_OPENER = /^(?:this|that|these|those|it|you|we|they|if|then|to|so|and|but|or|once|after|when|now|here|there|i)\b/i;

/** How a sentence ends (a title line ends in none of these). */
const SENTENCE_END = /[.!?:;,…)\]"'”’*]$/;

/** A title line ending in a short parenthetical aside ("MoR (Polar)", "Merchant of Record (MoR)"). */
const TITLE_ASIDE = /^[^()]+\([^().!?]{1,40}\)$/;

/**
 * Whether a passage line is a title rather than a sentence: short (8–90 characters, at most 10
 * words), capitalized, no closing punctuation but a short parenthetical aside, no comma or file
 * name, not opening as a sentence does ("This…", "You…"), no code, and followed by prose or a list
 * of its section ("Warning" / "Why payouts are held for 120 days" / "We hold your remaining balance…").
 * @param line the line, trimmed. @param next the passage's next line ('' for none).
 */
function isTitle(line: string, next: string): boolean {
  return (
    line.length >= 8 &&
    line.length <= 90 &&
    // A title may end in a short aside: "MoR (Polar)" over its list of pros and cons, whose first
    // item ("✅ We are liable for all of the above…") opened an answer with no word of whose.
    (!SENTENCE_END.test(line) || TITLE_ASIDE.test(line)) &&
    /^[\p{Lu}\d]/u.test(line) &&
    !SENTENCE_OPENER.test(line) &&
    !/,|\w\.\w/.test(line) &&
    line.split(/\s+/).length <= 10 &&
    !codeLike(line) &&
    sentences(line).length === 1 &&
    next.trim() !== '' &&
    !isTableRow(next.trim()) &&
    !startsCode(next) &&
    !codeLike(next)
  );
}

/** Words that make a sentence lean on the one before it ("This…", "It…", "Then…"). */
const LEANS_BACK = /^(this|that|these|those|it|its|they|then|also|however|otherwise|instead|in that case|if so|once done|after that|until then|to do (?:so|that|this)|for (?:this|that))\b/i;

/** A sentence this long at most is brought before a list whose lead leans back on it. */
const LEAN_BACK_SENTENCE_CHARS = 300;

/** Characters of quoted text aimed for when the section is long; a section up to this is quoted whole. */
const WHOLE_SECTION_CHARS = 700;
/** Opening sentences quoted before the part that covers the question, at most (characters; `openingSentences`). */
const OPENING_CHARS = 400;

/**
 * The first step of a procedure: "To refund an order, navigate to the Orders tab…", "Go to the
 * Discounts page", "Open Settings › Payouts", or a numbered first step. A quote from later in the
 * same passage starts there instead, so the answer never begins at "On the refund page, you'll be
 * able to:" without the way to that page.
 */
const FIRST_STEP = /^(?:to [^,.]{3,80}, )?(?:first,? )?(?:go to|navigate to|head to|open|log ?in(?:to)?|sign in(?:to)?|in the (?:admin|dashboard)|from the (?:admin|dashboard))\b/i;

/** A quote that starts at the first step may be this much longer than WHOLE_SECTION_CHARS. */
const PROCEDURE_CHARS = 1_100;
/** Table rows quoted at most (plus the header). */
const MAX_TABLE_ROWS = 6;

function unitText(u: PassageUnit): string {
  return u.kind === 'sentence' ? u.text : `${u.text} ${u.items.join(' ')}`;
}

/** Characters of text in the units (`unitText`). */
function chars(us: PassageUnit[]): number {
  return us.reduce((n, u) => n + unitText(u).length, 0);
}

function coverage(q: string[], text: string, context: Set<string>): number {
  const words = new Set(contentWords(text).map(stem));
  let hits = 0;
  for (const w of q) {
    if (words.has(w)) hits += 1;
    else if (context.has(w)) hits += 0.5;
  }
  return hits / q.length;
}

/** A table unit cut to its header and the rows that hold question words (all rows when few). */
function tableRows(u: PassageUnit, q: string[]): string[] {
  const [header, ...rows] = u.items;
  if (rows.length <= MAX_TABLE_ROWS) return u.items;
  const scored = rows.map((r, k) => ({ r, k, c: coverage(q, r, new Set()) })).filter((x) => x.c > 0);
  const keep = scored
    .sort((a, b) => b.c - a.c || a.k - b.k)
    .slice(0, MAX_TABLE_ROWS)
    .sort((a, b) => a.k - b.k);
  return [header, ...(keep.length ? keep.map((x) => x.r) : rows.slice(0, MAX_TABLE_ROWS))];
}

function renderTable(rows: string[]): string {
  // A row whose last cell is empty ends in " |" (the chunker trims it): that cell is empty, not a
  // pipe; so is the first cell of a row that starts "| " (a header's corner: "| | Subscriptions |
  // One-Time Purchases |" had been shown as "\| Subscriptions", a cell no article has).
  const split = (r: string) => (/^\|(?: |$)/.test(r) ? ['', ...r.replace(/^\|\s*/, '').split(/ \|(?: |$)/)] : r.split(/ \|(?: |$)/));
  const cells = rows.map((r) => split(r).map((c) => c.replace(/\|/g, '\\|').trim()));
  const width = Math.max(...cells.map((c) => c.length));
  const line = (c: string[]) => `| ${[...c, ...Array(width - c.length).fill('')].join(' | ')} |`;
  return [line(cells[0]), `|${' --- |'.repeat(width)}`, ...cells.slice(1).map(line)].join('\n');
}

/**
 * A list cut to MAX_LIST_ITEMS items. An ordered list (steps) keeps its first items; an unordered
 * one keeps, in order, the items that hold question words first, then the earliest others:
 * "im based in nigeria…" against 60 countries shows Nigeria, wherever it stands in the list.
 * @returns the items to show (all of them when MAX_LIST_ITEMS or fewer).
 */
function listItems(u: PassageUnit, q: string[]): string[] {
  if (u.ordered || u.items.length <= MAX_LIST_ITEMS) return u.items.slice(0, MAX_LIST_ITEMS);
  const matching = new Set(
    u.items
      .map((x, k) => ({ k, c: coverage(q, x, new Set()) }))
      .filter((x) => x.c > 0)
      .slice(0, MAX_LIST_ITEMS)
      .map((x) => x.k),
  );
  for (let k = 0; matching.size < MAX_LIST_ITEMS && k < u.items.length; k++) matching.add(k);
  return u.items.filter((_, k) => matching.has(k));
}

/** Renders the chosen units of one source, citing it as [n] after each paragraph, list and table. */
function renderUnits(units: PassageUnit[], n: number, q: string[]): string[] {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push(`${paragraph.join(' ')} [${n}]`);
    paragraph = [];
  };
  let line: number | undefined;
  for (const u of units) {
    if (u.kind === 'sentence') {
      // The article's paragraphs stay paragraphs: sentences that stand apart there are not run together.
      if (u.line !== line) flush();
      line = u.line;
      paragraph.push(u.text);
      continue;
    }
    flush();
    const lead = u.text ? (u.text.endsWith(':') ? u.text : `**${u.text}**`) : '';
    if (u.kind === 'code') {
      // A marker after the closing fence would be code: the citation goes on the lead line.
      blocks.push(`${u.text} [${n}]\n\n${fenced(u.items)}`);
      continue;
    }
    if (u.kind === 'table') {
      // A line after a table would be read as a row: the citation goes on the lead line.
      const rows = tableRows(u, q);
      const more = rows.length < u.items.length ? '\n\n…more rows in the article.' : '';
      blocks.push(`${lead || '**From the article:**'} [${n}]\n\n${renderTable(rows)}${more}`);
      continue;
    }
    const items = listItems(u, q);
    const lines = items.map((x, k) => {
      const bullet = u.ordered ? `${k + 1}.` : '-';
      // Nested items are indented to the parent's text, as CommonMark needs.
      return `${bullet} ${x.split('\n').join(`\n${' '.repeat(bullet.length + 1)}`)}`;
    });
    if (u.items.length > items.length) lines.push(`${u.ordered ? `${items.length + 1}.` : '-'} …and more in the article.`);
    // A marker after an item's closing code fence would be code: it goes on the line that leads the code.
    const last = lines[lines.length - 1];
    const fence = last.indexOf('\n');
    lines[lines.length - 1] = last.includes('```') && fence > 0 ? `${last.slice(0, fence)} [${n}]${last.slice(fence)}` : `${last} [${n}]`;
    blocks.push([lead, ...lines].filter(Boolean).join('\n'));
  }
  flush();
  return blocks;
}

/** A passage's units without text addressed to an assistant (never quoted). */
function quotableUnits(source: Pick<SourcePassage, 'headingPath' | 'text'>): PassageUnit[] {
  return passageUnits(source.text, ownHeading(source.headingPath)).filter((u) => !isInstructionText(unitText(u)) && !u.items.some(isInstructionText));
}

/**
 * Each part's coverage of the question's stems `q` (words of the title and heading path count as
 * context); 0s for no stem. A synonym the question says (`synonymReading`) is covered by a part
 * that holds the articles' word for it: "how do i pay them back" by "Pre-tax Refund Amount".
 * @param texts the parts' texts (a unit's `unitText`, or a paragraph's units joined).
 * @returns one share (0–1) per part, in order.
 */
function textCoverage(q: string[], texts: string[], source: Pick<SourcePassage, 'title' | 'headingPath'>, question = ''): number[] {
  const context = new Set(contentWords(`${source.title} ${source.headingPath}`).map(stem));
  const read = question ? synonymReading(question) : (text: string) => text;
  return texts.map((t) => (q.length ? coverage(q, read(t), context) : 0));
}

/**
 * The opening sentences of a passage that come before the part quoted for the question, when they
 * must not be left out:
 * - a notice that what the passage describes is no longer supported (NO_LONGER_SUPPORTED, as
 *   `deprecationNotice` puts above a section): "how do i connect my ledger nano?" quoted the Ledger
 *   steps without "Direct Ledger Nano S integration is no longer supported.";
 * - the direct answer of an FAQ entry that asks yes or no (YES_NO_HEADING): "can i turn off the
 *   customer portal so people have to email me to cancel" quoted "Can I disable the Customer Portal
 *   completely?" from "This is a deliberate design decision." on, without "The Customer Portal is
 *   always available for your customers, and it can't be turned off." Not an entry that opens with
 *   an aside ("Note: Stripe Connect Express is a different product…").
 * @param before the passage's units before the quoted part (`passageUnits`).
 * @param headingPath the passage's heading path.
 * @returns the first paragraph's sentences, up to OPENING_CHARS (characters) after its first; []
 *   when the passage opens with neither.
 */
function openingSentences(before: PassageUnit[], headingPath: string): PassageUnit[] {
  const first = before[0];
  if (first?.kind !== 'sentence') return [];
  const notice = NO_LONGER_SUPPORTED.test(first.text);
  const directAnswer = YES_NO_HEADING.test(ownHeading(headingPath)) && !/^(?:note|tip|info)\s*:/i.test(first.text);
  if (!notice && !directAnswer) return [];
  const out: PassageUnit[] = [];
  for (const u of before) {
    if (u.kind !== 'sentence' || u.line !== first.line || (out.length > 0 && chars([...out, u]) > OPENING_CHARS)) break;
    out.push(u);
  }
  return out;
}

/**
 * Picks what to quote from one passage: the whole section when it is short, its start when its
 * heading holds the whole question, otherwise the contiguous run of blocks around the block that
 * covers most of the question, grown while its
 * neighbours also cover question words (or the first block leans back on the one before it),
 * after the section's opening notice that something is no longer supported, or the opening
 * sentences (its direct answer) of an FAQ entry that asks yes or no.
 * @returns units in document order; [] when nothing quotable is left.
 */
export function selectUnits(question: string, source: Pick<SourcePassage, 'title' | 'headingPath' | 'text'>): PassageUnit[] {
  const q = [...new Set(contentWords(question).map(stem))];
  const units = quotableUnits(source);
  if (units.length === 0) return [];
  if (chars(units) <= WHOLE_SECTION_CHARS) return units;
  // A section whose own heading holds every word of the question asks it ("forgot my admin
  // password" → "Forgot BTCPay Admin password?"): its answer starts at its start, as far as
  // PROCEDURE_CHARS goes. Its best-covering paragraph was its last ("After applying the changes…
  // password reset email"), which skipped the steps.
  const heading = new Set(contentWords(ownHeading(source.headingPath)).map(stem));
  if (q.length >= 2 && q.every((w) => heading.has(w))) {
    let end = 0;
    while (end + 1 < units.length && chars(units.slice(0, end + 2)) <= PROCEDURE_CHARS) end++;
    return units.slice(0, end + 1);
  }
  const cov = textCoverage(q, units.map(unitText), source, question);
  let best = 0;
  for (let k = 1; k < units.length; k++) if (cov[k] > cov[best] + 1e-9) best = k;
  let from = best;
  let to = best;
  // An opening that leans on the sentence before it ("This takes 5 days.") brings that sentence; so
  // does a list led by such a sentence ("To do that, follow the following steps:"), whose items are
  // cut at MAX_LIST_ITEMS anyway, when the sentence before is short.
  const leadsBack = (k: number) =>
    LEANS_BACK.test(units[k].text) &&
    (units[k].kind === 'sentence' ? chars(units.slice(k - 1, to + 1)) <= WHOLE_SECTION_CHARS * 1.3 : units[k - 1].kind === 'sentence' && units[k - 1].text.length <= LEAN_BACK_SENTENCE_CHARS);
  while (from > 0 && leadsBack(from)) from--;
  for (;;) {
    const next = to + 1 < units.length ? to + 1 : -1;
    const prev = from > 0 ? from - 1 : -1;
    const pick = [next, prev].filter((k) => k >= 0 && cov[k] > 0).sort((a, b) => cov[b] - cov[a] || a - b)[0];
    if (pick === undefined) break;
    const grown = pick > to ? units.slice(from, pick + 1) : units.slice(pick, to + 1);
    if (chars(grown) > WHOLE_SECTION_CHARS) break;
    if (pick > to) to = pick;
    else from = pick;
  }
  // A quote does not stop partway through a paragraph whose rest is short: "Enforcing SSO?
  // Invitations stop being a way in." was quoted without "…Add them there instead."
  let end = to;
  while (end + 1 < units.length && units[to].kind === 'sentence' && units[end + 1].kind === 'sentence' && units[end + 1].line === units[to].line) end++;
  if (end > to && chars(units.slice(to + 1, end + 1)) <= LEAN_BACK_SENTENCE_CHARS) to = end;
  // A table or list that follows its lead sentence ("The table below shows…") comes along.
  if (to + 1 < units.length && units[to].kind === 'sentence' && /\b(below|following)\b/i.test(units[to].text) && units[to + 1].kind !== 'sentence') to++;
  // A quote inside a procedure starts at its first step, when the steps up to it fit.
  const first = units.findIndex((u) => (u.kind === 'sentence' ? FIRST_STEP.test(u.text) : u.kind === 'list' && u.ordered));
  if (first >= 0 && first < from && chars(units.slice(first, best + 1)) <= PROCEDURE_CHARS) {
    from = first;
    while (to > best && chars(units.slice(from, to + 1)) > PROCEDURE_CHARS) to--;
  }
  // What the passage says first comes first when it is a notice or a direct answer (`openingSentences`).
  const notice = from > 0 ? openingSentences(units.slice(0, from), source.headingPath) : [];
  const quoted = [...notice, ...units.slice(from, to + 1)];
  // A quoted sentence that ends by announcing what follows ("…in any of the countries below.",
  // "…do the following:") brings the first list or table after the quote, even with an aside
  // between: an answer had ended on "…the countries below." with nothing below it.
  if (quoted.every((u) => u.kind === 'sentence') && quoted.some((u) => ANNOUNCES.test(u.text))) {
    const next = units.findIndex((u, k) => k > to && u.kind !== 'sentence');
    if (next > to) return [...quoted, units[next]];
  }
  return quoted;
}

/** A sentence that ends by pointing at what comes next: "…the countries below.", "…the following:". */
const ANNOUNCES = /\b(?:below|following)\s*[.:]?$/i;

/** The quoted body of an answer: no citation markers, no closing "Full article" line, spaces collapsed. */
function quotedBody(text: string): string {
  return stripCitationMarkers(text)
    .split('\n')
    .filter((l) => !l.startsWith('Full article:'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether an earlier reply quoted a unit: its sentence, or each of its list items, table rows or
 * code lines (bullets aside), stands in the replies' quoted body.
 * @param u a passage unit. @param body the earlier replies' quoted bodies (`quotedBody`), joined.
 */
function quotedBefore(u: PassageUnit, body: string): boolean {
  if (!body) return false;
  const parts = u.kind === 'sentence' ? [u.text] : u.items.flatMap((i) => i.split('\n')).map((l) => l.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
  const said = parts.map((p) => stripCitationMarkers(p).replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim()).filter(Boolean);
  const plain = body.replace(/[*_`]/g, '');
  return said.length > 0 && said.every((p) => plain.includes(p));
}

/**
 * Whether an answer only repeats one given earlier in the conversation: its quoted body (markers and
 * the closing line aside) is already in the earlier reply. "can I do a partial refund?" then "and does
 * the customer get notified?" must not get the same nine paragraphs twice.
 * @param text the composed answer. @param earlier the assistant's previous reply ('' for none).
 */
export function repeatsEarlierAnswer(text: string, earlier: string): boolean {
  const body = quotedBody(text);
  return body.length > 0 && earlier.length > 0 && quotedBody(earlier).includes(body);
}

/**
 * An answer without the blocks an earlier reply of the conversation already quoted: "can I do a
 * partial refund?" after "How do I refund an order in Spree?" gets the refund form's part of the
 * section ("Set the refund amount (full or partial)…"), not the four steps just given again. Blocks
 * are the answer's paragraphs, lists and tables (split at blank lines; an answer with a code block
 * is left whole, since its code may hold blank lines).
 * @param text the composed answer (Markdown, [n] markers, closing "Full article:" line).
 * @param earlier the assistant's earlier replies in the conversation.
 * @returns the answer without the repeated blocks; unchanged when nothing repeats, when it holds
 *   code, or when every quoted block repeats (repeatsEarlierAnswer handles that case).
 */
export function withoutRepeatedBlocks(text: string, earlier: string[]): string {
  if (earlier.length === 0 || text.includes('```')) return text;
  const bodies = earlier.map(quotedBody).filter(Boolean);
  const blocks = text.split('\n\n');
  // The composer's own lines (COMPOSER_OWN_LINE: the closing "Full article:" line and the offer) always stay.
  const kept = blocks.filter((b) => COMPOSER_OWN_LINE.test(b) || !bodies.some((e) => e.includes(quotedBody(b))));
  const quotes = kept.filter((b) => !COMPOSER_OWN_LINE.test(b));
  return kept.length === blocks.length || quotes.length === 0 ? text : kept.join('\n\n');
}

/** Openings of alreadyQuotedText's two replies (both end "… I quoted above"). */
const NO_MORE_OPENING = 'The help center says no more about this than the part of';
const FIT_OPENING = 'As in the part of';

const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Lines the composer writes itself around quotes (not quoted text; the verbatim check skips them). */
export const COMPOSER_OWN_LINE = new RegExp(String.raw`^(?:Full article:|${NO_MORE_OPENING} .* I quoted above|${FIT_OPENING} .* I quoted above:$|${escapeRegExp(HANDOFF_OFFER)}$)`);

/**
 * The reply when the best passage for a follow-up is the one already quoted: the sentence or block
 * of it that covers most of the follow-up's own words ("can i cap how many machines…" → the
 * activation-limit sentence), introduced as coming from the quote above; or, when no part covers
 * them, a line saying the help center says no more. Cites the source once; offers a person.
 * Parts are paragraphs (`paragraphGroups`), so "once its launched how long until i can actually
 * take payments? any way to make it faster" after LunaNode's wizard steps is the paragraph after
 * them ("…that can take 1-7 days… faster sync", two of its words), not the steps again ("Launch
 * VM", one; a fresh user's trial, 2026-12-07). A part no earlier reply quoted is given as an answer
 * of its own (then the "Full article" line), not as quoted above.
 * @param message the user's latest message. @param source the lead source (number, title, url, text).
 * @param earlier the assistant's earlier replies in the conversation (default: not given, every part counts as quoted).
 * @returns Markdown with one [n] marker.
 */
export function alreadyQuotedText(message: string, source: SourcePassage, earlier?: string[]): string {
  const title = `[${source.title.replace(/[[\]]/g, '')}](${source.url})`;
  const q = [...new Set(contentWords(message).map(stem))];
  const groups = paragraphGroups(quotableUnits(source));
  // Read with the user's synonyms: "can i make the invoice timer longer" is "The timer is customizable."
  const cov = textCoverage(
    q,
    groups.map((g) => g.map(unitText).join(' ')),
    source,
    message,
  );
  // The part that covers most of the message (the first of those that cover as much).
  let best = -1;
  cov.forEach((c, k) => {
    if (c > (best < 0 ? 0 : cov[best]) + 1e-9) best = k;
  });
  const before = earlier?.map(quotedBody).join(' ');
  if (best >= 0 && before !== undefined && !groups[best].every((u) => quotedBefore(u, before))) {
    const blocks = renderUnits(groups[best], source.n, q);
    return [...blocks.flatMap((b) => [b, '']), `Full article: ${title}. ${HANDOFF_OFFER}`].join('\n');
  }
  if (best < 0) return `${NO_MORE_OPENING} ${title} I quoted above [${source.n}]. ${HANDOFF_OFFER}`;
  const blocks = renderUnits(groups[best], source.n, q);
  return [`${FIT_OPENING} ${title} I quoted above:`, '', ...blocks.flatMap((b) => [b, '']), HANDOFF_OFFER].join('\n');
}

/** Characters a paragraph may have to be quoted whole by `alreadyQuotedText`; a longer one is quoted sentence by sentence. */
const FIT_PARAGRAPH_CHARS = 600;

/**
 * A passage's units as the parts a follow-up is answered with: the sentences of one paragraph
 * together (when the paragraph has at most FIT_PARAGRAPH_CHARS characters), each list, table or
 * code block alone. "…can take 1-7 days… faster sync" answers "how long until i can take payments?
 * any way to make it faster" as a paragraph; one of its sentences holds one word of it, as the
 * wizard's steps ("Launch VM") do.
 * @param units a passage's units in order. @returns groups of units, in order.
 */
function paragraphGroups(units: PassageUnit[]): PassageUnit[][] {
  const groups: PassageUnit[][] = [];
  for (const u of units) {
    const last = groups.at(-1);
    if (u.kind === 'sentence' && u.line !== undefined && last?.[0].kind === 'sentence' && last[0].line === u.line) last.push(u);
    else groups.push([u]);
  }
  return groups.flatMap((g) => (g.length > 1 && chars(g) > FIT_PARAGRAPH_CHARS ? g.map((u) => [u]) : [g]));
}

/** Share of a unit's content words an earlier quote holds at which it only repeats that quote (0.8). */
const REPEATED_SHARE = 0.8;

/**
 * Whether a unit says what units already quoted say: REPEATED_SHARE of its content-word stems at
 * least are theirs. @param u a unit of another source; @param quoted the stems of the units quoted before.
 * @returns true to leave the unit out.
 */
function repeatsUnits(u: PassageUnit, quoted: ReadonlySet<string>): boolean {
  const words = contentWords(unitText(u)).map(stem);
  return words.length > 0 && words.filter((w) => quoted.has(w)).length >= REPEATED_SHARE * words.length;
}

/**
 * Composes an extractive answer from one source (and a second of the same collection when the
 * decision names one).
 * @param question the contextual query of this turn.
 * @param sources retrieved passages, numbered.
 * @param decision which passage leads (`lead` = its number) and whether to answer at all; from the
 *   answerability model (lib/assistant/answerability.ts).
 * @returns Markdown with [n] markers citing only the quoted sources, or the not-covered text
 *   (`grounded: false`, no citation).
 */
export function composeAnswer(question: string, sources: SourcePassage[], decision: { answer: boolean; lead: number | null; also?: number[] }): ComposedAnswer {
  if (!decision.answer || decision.lead === null) return { text: NOT_COVERED_TEXT, grounded: false, cited: [] };
  // A lead with nothing to quote (only a code sample, say) gives way to the next passage the model
  // found answerable: "How do I create a checkout link in Polar?" led with the embed's code sample,
  // and was refused, while "Create a Checkout Link" was beside it.
  const order = [decision.lead, ...(decision.also ?? [])];
  let lead: SourcePassage | undefined;
  let leadUnits: PassageUnit[] = [];
  for (const n of order) {
    const s = sources.find((x) => x.n === n);
    const units = s ? selectUnits(question, s) : [];
    if (s && units.length) {
      lead = s;
      leadUnits = units;
      break;
    }
  }
  if (!lead) return { text: NOT_COVERED_TEXT, grounded: false, cited: [] };
  const q = [...new Set(contentWords(question).map(stem))];
  const parts: { source: SourcePassage; units: PassageUnit[] }[] = [{ source: lead, units: leadUnits }];
  for (const n of order.slice(order.indexOf(lead.n) + 1)) {
    const s = sources.find((x) => x.n === n);
    // Never mix products, never quote the same article twice.
    if (!s || s.collection !== lead.collection || parts.some((p) => p.source.slug === s.slug)) continue;
    // What another article says in the lead's words is not quoted again: the seat-based pricing
    // guide and feature page hold the same comparison table (held-out-11's pre-order question).
    const leadWords = new Set(leadUnits.flatMap((u) => contentWords(unitText(u)).map(stem)));
    const units = selectUnits(question, s).filter((u) => !repeatsUnits(u, leadWords));
    if (units.length) parts.push({ source: s, units });
    break;
  }
  // A message that asks two things also gets the lead article's section for the other one (the
  // search tool's `second`), after the lead's quote and under the lead's citation.
  const second = lead.second ? selectUnits(lead.second.question, { title: lead.title, headingPath: lead.second.headingPath, text: lead.second.text }) : [];
  const quotedText = new Set(leadUnits.map(unitText));
  const secondUnits = second.filter((u) => !quotedText.has(unitText(u)));
  const blocks = parts.flatMap((p, k) => [...renderUnits(p.units, p.source.n, q), ...(k === 0 && secondUnits.length ? renderUnits(secondUnits, p.source.n, q) : [])]);
  const text = [...blocks.flatMap((b) => [b, '']), `Full article: [${lead.title.replace(/[[\]]/g, '')}](${lead.url}). ${HANDOFF_OFFER}`].join('\n');
  return { text, grounded: true, cited: parts.map((p) => p.source.n) };
}

import { RecentMap } from '../search/recent.js';

/**
 * Escapes text from users or documents so Discord shows it as written: no emphasis, code, spoilers,
 * headings, block quotes, lists, masked links or mentions it didn't ask for.
 *
 * The contexts match discord.js's `escapeMarkdown(text, { heading, bulletedList, numberedList, maskedLink })`
 * (pinned by tests/discord/markdown.test.ts), but in one left-to-right walk with the contexts kept as
 * state: discord.js chains a dozen regexes whose lookbehinds rescan the word or line before every `*` and
 * `_`, which is quadratic on long runs and a tenth of a command's time. Where discord.js leaves markdown
 * live, this escapes more: every character of a run of four or more backticks, stars or underscores (and of
 * the third run of three, where discord.js's counters go wrong), three stars inside a URL, every masked
 * link on a line, not only the first, and `_` near a custom emoji but outside it.
 */
export function escapeText(text: string): string {
  if (text.length > ESCAPE_MEMO_MAX_CHARS) return escapeUnmemoised(text);
  return escaped.getOrMake(text, () => escapeUnmemoised(text));
}

/** The escaper itself, without escapeText's memo: what `npm run bench -- escape` measures. */
export function escapeUnmemoised(text: string): string {
  // discord.js has no block-quote context; a line opening with ">" would quote whatever follows it.
  return new Escaper(text).run().replace(BLOCK_QUOTE_OPENER, '$1\\>');
}

/**
 * Escaping depends on the text alone, and the same texts come back all the time (a library's titles,
 * passages and reference entries, in every reply that shows them): a tenth of a command's time went into
 * escaping them again. Bounded in entries and in the length of what it keeps (a string is its own key, so
 * nothing can go stale), at most ESCAPE_MEMO_SIZE × ESCAPE_MEMO_MAX_CHARS characters twice over.
 */
export const ESCAPE_MEMO_SIZE = 2_000;
export const ESCAPE_MEMO_MAX_CHARS = 2_000;
const escaped = new RecentMap<string, string>(ESCAPE_MEMO_SIZE);

/** A ">" opening a line, after spaces or tabs only (not `\s`, which would rescan runs of blank lines). */
const BLOCK_QUOTE_OPENER = /^([ \t]*)>/gm;

const BACKSLASH = 92;
const BACKTICK = 96;
const STAR = 42;
const UNDERSCORE = 95;
const TILDE = 126;
const PIPE = 124;
const AT = 64;
const LESS = 60;
const GREATER = 62;
const COLON = 58;
const SLASH = 47;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const DOT = 46;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const ZERO = 48;
const NINE = 57;
const ZERO_WIDTH_SPACE = '\u200b';
const NEVER = Number.POSITIVE_INFINITY;

/** Where `^` and `.` stop in a JavaScript multi-line regex, which is how discord.js finds lines. */
function isLineEnd(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/** JavaScript's `\s`, which bounds a URL or a custom emoji in discord.js's patterns. */
function isWhitespace(code: number): boolean {
  if (code < 128) return code === SPACE || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const isDigit = (code: number) => code >= ZERO && code <= NINE;
const isWordCharacter = (code: number) =>
  isDigit(code) || code === UNDERSCORE || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

class Escaper {
  private output = '';
  /** Everything before this index is already in `output`. */
  private copied = 0;

  // Inside a URL discord.js leaves single `*` and `_` alone: Discord doesn't format links. Each field is the first index the context covers, or NEVER.
  /** After `http://` or `https://` not preceded by `<`, to the next whitespace. */
  private url = NEVER;
  /** After any `http://` or `https://`, to the next whitespace (discord.js's underline rule). */
  private anyUrl = NEVER;
  /** After `<scheme:/`, to the next whitespace or `>`. */
  private angleUrl = NEVER;
  /** After `<x:/` with a one-character scheme, to the next whitespace or `>` (discord.js's italic `_` rule). */
  private shortAngleUrl = NEVER;
  /** The first `<` since the last whitespace or colon, which may open an angle-bracket URL. */
  private openAngle = -1;
  /** The end of the custom emoji (`<:name:id>`) being walked through, whose name's `_` stays as written. */
  private emojiEnd = -1;

  /** Line-start escapes (heading, bullet, numbered list, masked link) of the current line, ascending. */
  private lineEscapes: number[] = [];
  private nextLineEscape = 0;

  constructor(private readonly text: string) {}

  run(): string {
    const { text } = this;
    const length = text.length;
    let atLineStart = true;
    let index = 0;
    while (index < length) {
      if (atLineStart) {
        this.planLine(index);
        atLineStart = false;
      }
      const code = text.charCodeAt(index);
      if (this.lineEscapes[this.nextLineEscape] === index) {
        this.nextLineEscape++;
        this.escapeAt(index);
      }
      switch (code) {
        case BACKSLASH:
        case BACKTICK:
          this.escapeAt(index);
          break;
        case STAR:
          index = this.escapeStars(index);
          continue;
        case UNDERSCORE:
          index = this.escapeUnderscores(index);
          continue;
        case TILDE:
        case PIPE:
          index = this.escapePairs(index, code);
          continue;
        case AT:
          if (text.startsWith('everyone', index + 1) || text.startsWith('here', index + 1)) {
            this.insertAt(index + 1, ZERO_WIDTH_SPACE);
          }
          break;
        case LESS:
          this.defuseMentionAt(index);
          this.noteEmoji(index);
          if (this.openAngle < 0) this.openAngle = index;
          break;
        case GREATER:
          this.angleUrl = NEVER;
          this.shortAngleUrl = NEVER;
          break;
        case COLON:
          this.noteColon(index);
          break;
        case 104: // h
          this.noteUrlScheme(index);
          break;
        default:
          if (isWhitespace(code)) {
            this.url = NEVER;
            this.anyUrl = NEVER;
            this.angleUrl = NEVER;
            this.shortAngleUrl = NEVER;
            this.openAngle = -1;
            if (isLineEnd(code)) atLineStart = true;
          }
      }
      index++;
    }
    return this.output + text.slice(this.copied);
  }

  private insertAt(index: number, insertion: string): void {
    this.output += this.text.slice(this.copied, index) + insertion;
    this.copied = index;
  }

  private escapeAt(index: number): void {
    this.insertAt(index, '\\');
  }

  private runEnd(start: number, code: number): number {
    let end = start + 1;
    while (this.text.charCodeAt(end) === code) end++;
    return end;
  }

  private escapeRun(start: number, end: number): void {
    for (let index = start; index < end; index++) this.escapeAt(index);
  }

  private escapeStars(start: number): number {
    const end = this.runEnd(start, STAR);
    const inUrl = this.url <= start || this.angleUrl <= start;
    if (!(end - start === 1 && inUrl)) this.escapeRun(start, end);
    return end;
  }

  private escapeUnderscores(start: number): number {
    const end = this.runEnd(start, UNDERSCORE);
    const inUrl = end - start === 1 ? this.url <= start || this.shortAngleUrl <= start : this.anyUrl < start;
    if (!(start < this.emojiEnd || inUrl)) this.escapeRun(start, end);
    return end;
  }

  /**
   * discord.js keeps `_` as written anywhere on a line after `<:` or `<a:`, and before `:123>`, which
   * leaves `<:x:1> _this_` italic; only a whole custom emoji is spared here.
   */
  private noteEmoji(index: number): void {
    const { text } = this;
    let cursor = index + 1;
    if (text.charCodeAt(cursor) === 97) cursor++; // animated: <a:
    if (text.charCodeAt(cursor) !== COLON) return;
    const nameStart = ++cursor;
    while (isWordCharacter(text.charCodeAt(cursor))) cursor++;
    if (cursor === nameStart || text.charCodeAt(cursor) !== COLON) return;
    const idStart = ++cursor;
    while (isDigit(text.charCodeAt(cursor))) cursor++;
    if (cursor > idStart && text.charCodeAt(cursor) === GREATER) this.emojiEnd = cursor;
  }

  /** `~~` and `||` escape in pairs from the left; a single `~` or `|` means nothing to Discord. */
  private escapePairs(start: number, code: number): number {
    const end = this.runEnd(start, code);
    this.escapeRun(start, end - ((end - start) % 2));
    return end;
  }

  /** `<@id>`, `<@!id>`, `<@&id>` and `<#id>` render as plain text with a zero-width space before the id. */
  private defuseMentionAt(index: number): void {
    const { text } = this;
    let cursor = index + 1;
    const kind = text.charCodeAt(cursor);
    if (kind === AT) {
      cursor++;
      const modifier = text.charCodeAt(cursor);
      if (modifier === 33 || modifier === 38) cursor++; // ! or &
    } else if (kind === HASH) {
      cursor++;
    } else {
      return;
    }
    const digits = cursor;
    while (isDigit(text.charCodeAt(cursor))) cursor++;
    if (cursor > digits && text.charCodeAt(cursor) === GREATER) this.insertAt(digits, ZERO_WIDTH_SPACE);
  }

  private noteColon(index: number): void {
    const { text } = this;
    const before = text.charCodeAt(index - 1);
    if (text.charCodeAt(index + 1) === SLASH) {
      if (this.openAngle >= 0 && this.openAngle <= index - 2)
        this.angleUrl = Math.min(this.angleUrl, index + 2);
      // discord.js checks this one after backslashes, backticks and stars gained their own backslash, so
      // a scheme that was one of those is two characters long by then.
      if (
        text.charCodeAt(index - 2) === LESS &&
        !isWhitespace(before) &&
        before !== COLON &&
        before !== BACKSLASH &&
        before !== BACKTICK &&
        before !== STAR
      ) {
        this.shortAngleUrl = Math.min(this.shortAngleUrl, index + 2);
      }
    }
    this.openAngle = -1;
  }

  private noteUrlScheme(index: number): void {
    const { text } = this;
    if (!text.startsWith('http', index)) return;
    const schemeEnd = text.charCodeAt(index + 4) === 115 ? index + 5 : index + 4; // https or http
    if (!text.startsWith('://', schemeEnd)) return;
    const pathStart = schemeEnd + 3;
    this.anyUrl = Math.min(this.anyUrl, pathStart);
    if (text.charCodeAt(index - 1) !== LESS) this.url = Math.min(this.url, pathStart);
  }

  /**
   * Finds the line's markdown that only counts at its start (heading, bullet, numbered list) and its masked
   * links, so the walk can escape them as it passes.
   */
  private planLine(start: number): void {
    const { text } = this;
    const escapes: number[] = [];
    let cursor = start;
    while (text.charCodeAt(cursor) === SPACE) cursor++;
    const indent = cursor - start;
    const first = text.charCodeAt(cursor);
    if (isDigit(first)) {
      while (isDigit(text.charCodeAt(cursor))) cursor++;
      if (text.charCodeAt(cursor) === DOT) escapes.push(cursor);
    } else if (first === HASH) {
      if (this.isHeadingAt(cursor)) escapes.push(cursor);
    } else if (first === DASH) {
      const bulletAt = cursor;
      cursor++;
      const isBullet = text.charCodeAt(cursor) === SPACE;
      while (text.charCodeAt(cursor) === SPACE) cursor++;
      // A heading may follow a bullet only when the bullet is indented by at most two spaces.
      const headingAt = indent <= 2 && isBullet && this.isHeadingAt(cursor) ? cursor : -1;
      if (isBullet) escapes.push(bulletAt);
      if (headingAt >= 0) escapes.push(headingAt);
    }
    const maskedLinks = this.maskedLinksIn(start);
    if (maskedLinks.length > 0) {
      escapes.push(...maskedLinks);
      escapes.sort((a, b) => a - b);
    }
    this.lineEscapes = escapes;
    this.nextLineEscape = 0;
  }

  /** One to three `#` then a space. */
  private isHeadingAt(index: number): boolean {
    if (this.text.charCodeAt(index) !== HASH) return false;
    const end = this.runEnd(index, HASH);
    return end - index <= 3 && this.text.charCodeAt(end) === SPACE;
  }

  /**
   * Every `[` that a `](` follows with something between, itself followed by something and a `)`: the
   * openings of masked links. discord.js's greedy `\[.+]\(.+\)` escapes only the first one on a line,
   * which leaves a second link on the line live.
   */
  private maskedLinksIn(start: number): number[] {
    const { text } = this;
    const openBrackets: number[] = [];
    let lastParen = -1;
    let lastLinkMiddle = -1;
    for (let index = start; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (isLineEnd(code)) break;
      if (code === OPEN_BRACKET) openBrackets.push(index);
      else if (code === CLOSE_PAREN) lastParen = index;
      else if (code === CLOSE_BRACKET && text.charCodeAt(index + 1) === OPEN_PAREN) lastLinkMiddle = index;
    }
    // The last `](` with room for a target before the last `)`: every `[` at least two before it opens a link.
    while (lastLinkMiddle >= 0 && lastLinkMiddle > lastParen - 3) {
      lastLinkMiddle = this.previousLinkMiddle(start, lastLinkMiddle);
    }
    return openBrackets.filter((index) => index <= lastLinkMiddle - 2);
  }

  private previousLinkMiddle(start: number, before: number): number {
    for (let index = before - 1; index >= start; index--) {
      if (this.text.charCodeAt(index) === CLOSE_BRACKET && this.text.charCodeAt(index + 1) === OPEN_PAREN) {
        return index;
      }
    }
    return -1;
  }
}

import { escapeMarkdown } from 'discord.js';
import { DATA_DIR, loadCorpus } from '../src/corpus/index.js';
import { escapeUnmemoised } from '../src/discord/escape.js';

/**
 * The escaper against discord.js's escapeMarkdown (as Lectern called it before), on the library's passages
 * and reference entries and on a run of markdown characters of growing length. Prints one JSON line. It
 * measures the escaper without escapeText's memo, which would otherwise answer every round after the first.
 */
const discordJs = (text: string) =>
  escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });

const corpus = loadCorpus(DATA_DIR);
const library = [
  ...corpus.passages.map((passage) => passage.text),
  ...corpus.documents.flatMap((document) => document.references.map((reference) => reference.raw)),
];
const libraryChars = library.reduce((sum, text) => sum + text.length, 0);

/** Nanoseconds per character, the fastest of several rounds after as many unmeasured ones (JIT warm-up). */
function nsPerChar(escaper: (text: string) => string, texts: readonly string[], rounds = 20): number {
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  for (let round = 0; round < rounds; round++) for (const text of texts) escaper(text);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    for (const text of texts) escaper(text);
    best = Math.min(best, Number(process.hrtime.bigint() - started));
  }
  return best / chars;
}

const hostile = (length: number) => '*_~|'.repeat(Math.ceil(length / 4)).slice(0, length);

console.log(
  JSON.stringify({
    libraryStrings: library.length,
    libraryChars,
    library: { lectern: nsPerChar(escapeUnmemoised, library), discordJs: nsPerChar(discordJs, library) },
    hostile: [1_500, 6_000, 12_000].map((length) => ({
      length,
      lectern: nsPerChar(escapeUnmemoised, [hostile(length)]),
      discordJs: nsPerChar(discordJs, [hostile(length)], 2),
    })),
  }),
);

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document as YamlDocument } from 'yaml';
import { z } from 'zod';
import { nearestName } from '../text/nearest.js';
import { corpusOf } from './corpus.js';
import { documentVocabulary, parseReference } from './references.js';
import { cslDateSchema, cslItemSchema, nonEmptyText as text } from './schema.js';
import { splitSentences } from './sentences.js';
import type { Corpus, CslItem, LibraryDocument, Passage, PassageKind, ReferenceEntry } from './types.js';

/** One thing wrong in a data file. `line` is the file's line (from 1) where the problem sits, when known. */
export interface CorpusProblem {
  file: string;
  field: string;
  line?: number;
  message: string;
}

/** `data/x.md:14: csl.title: Required`, the shape editors and terminals link to. */
export function formatProblem(problem: CorpusProblem): string {
  return `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.field}: ${problem.message}`;
}

/**
 * The library cannot be loaded as it stands. Holds every problem found in every file, so that one run
 * shows all there is to fix.
 */
export class CorpusError extends Error {
  override readonly name = 'CorpusError';
  constructor(
    readonly problems: readonly CorpusProblem[],
    /** What the operator can do about it, added by whoever knows the way out (e.g. a config variable). */
    readonly advice?: string,
  ) {
    const files = new Set(problems.map((problem) => problem.file)).size;
    const heading =
      problems.length === 1
        ? ''
        : `${problems.length} problems in ${files} ${files === 1 ? 'file' : 'files'} of the library:\n`;
    const lines = problems.map((problem) => `${problems.length === 1 ? '' : '  '}${formatProblem(problem)}`);
    super(`${heading}${lines.join('\n')}${advice ? `\n${advice}` : ''}`);
  }

  withAdvice(advice: string): CorpusError {
    return new CorpusError(this.problems, advice);
  }
}

/** Something loadable but imperfect, such as a reference entry the parser could not fully read. */
export interface CorpusWarning {
  file: string;
  field: string;
  message: string;
}

/** A file in the data directory that the library does not hold: not a document, or (when not strict) broken. */
export interface SkippedFile {
  file: string;
  reason: string;
  /** Empty for a file that is not a library document at all. */
  problems: readonly CorpusProblem[];
}

export interface LoadCorpusOptions {
  onWarning?: (warning: CorpusWarning) => void;
  onSkippedFile?: (skipped: SkippedFile) => void;
  /**
   * True (the default): any problem in any document fails the load, with every problem listed. False: a
   * document with problems is left out and reported to `onSkippedFile`; the others load.
   */
  strict?: boolean;
}

/** What the data directory takes, said wherever a file is refused for its format. */
export const DOCUMENT_FORMAT = 'Markdown files (*.md) with YAML front matter, as described in data/README.md';

/** Data files must date the work: the shared library's documents are all confirmed and dated. */
const cslSchema = cslItemSchema.extend({ issued: cslDateSchema });

const frontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'must be lower-case letters, digits and single hyphens, e.g. "park-2013"',
  }),
  shortTitle: text,
  fullText: z.boolean(),
  coverageNote: text.optional(),
  authorNote: text.optional(),
  disclaimer: text.optional(),
  csl: cslSchema,
});

type FrontMatter = z.infer<typeof frontMatterSchema>;

function fieldPath(pathParts: ReadonlyArray<PropertyKey>): string {
  let field = '';
  for (const part of pathParts) {
    field += typeof part === 'number' ? `[${part}]` : `${field === '' ? '' : '.'}${String(part)}`;
  }
  return field === '' ? 'front matter' : field;
}

/** The keys the schema accepts at a path of the front matter, for "did you mean" on an unknown key. */
function knownKeysAt(pathParts: ReadonlyArray<PropertyKey>): string[] {
  let schema: z.ZodType = frontMatterSchema;
  for (const part of [...pathParts, undefined]) {
    // Look through wrappers (optional, transforms, arrays) to the object whose keys are wanted.
    for (;;) {
      if (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
      else if (schema instanceof z.ZodPipe) schema = schema.in as z.ZodType;
      else if (schema instanceof z.ZodArray && typeof part === 'number') {
        schema = schema.element as z.ZodType;
        break;
      } else break;
    }
    if (part === undefined) break;
    if (typeof part === 'number') continue;
    if (!(schema instanceof z.ZodObject)) return [];
    const next = (schema.shape as Record<string, z.ZodType>)[String(part)];
    if (!next) return [];
    schema = next;
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Where a value sits in the YAML, as a file line; for a missing value, where its parent sits. */
function yamlLine(
  document: YamlDocument,
  pathParts: ReadonlyArray<PropertyKey>,
  lineOf: (offset: number) => number,
): number | undefined {
  for (let depth = pathParts.length; depth > 0; depth--) {
    const parent = depth === 1 ? document.contents : document.getIn(pathParts.slice(0, depth - 1), true);
    const last = pathParts[depth - 1];
    if (isMap(parent)) {
      const pair = parent.items.find(
        (candidate) => String((candidate.key as { value?: unknown } | null)?.value) === String(last),
      );
      const range = (pair?.key as { range?: [number, number, number] } | null)?.range;
      if (range) return lineOf(range[0]);
    } else if (isSeq(parent) && typeof last === 'number') {
      const range = (parent.items[last] as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineOf(range[0]);
    }
  }
  return undefined;
}

const SECTION_NAMES = ['Abstract', 'Keywords', 'Text', 'References'] as const;
type SectionName = (typeof SECTION_NAMES)[number];

interface Section {
  name: SectionName;
  /** File line of the section's first line after its heading. */
  firstLine: number;
  lines: string[];
}

interface ReferenceItem {
  text: string;
  notes: string[];
}

/** Collects a file's problems; everything that reads a file reports here instead of stopping. */
class FileReport {
  readonly problems: CorpusProblem[] = [];
  constructor(readonly file: string) {}
  add(field: string, message: string, line?: number): void {
    this.problems.push({ file: this.file, field, ...(line === undefined ? {} : { line }), message });
  }
}

/** Splits a data file into front matter and body; `bodyLine` is the file line the body starts on. */
function splitFrontMatter(
  source: string,
  report: FileReport,
): { yaml: string; body: string; bodyLine: number } | undefined {
  const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(source);
  if (!match) {
    report.add(
      'front matter',
      'missing: the file must start with a line "---", the YAML, and "---"',
      source.startsWith('---') ? 1 : undefined,
    );
    return undefined;
  }
  const bodyLine = match[0].split('\n').length - (match[0].endsWith('\n') ? 0 : 1);
  return { yaml: match[1] ?? '', body: source.slice(match[0].length), bodyLine };
}

function readFrontMatter(yaml: string, report: FileReport): FrontMatter | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter });
  // The YAML starts on line 2 of the file, after the opening "---".
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + 1;
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0]?.line;
      const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      report.add('front matter', `invalid YAML: ${reason}`, line === undefined ? undefined : line + 1);
    }
    return undefined;
  }
  const data: unknown = document.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    report.add('front matter', 'must be a YAML mapping of fields', 2);
    return undefined;
  }
  const parsed = frontMatterSchema.safeParse(data, {
    reportInput: true,
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
  });
  const issues = parsed.success ? [] : parsed.error.issues;
  // A misspelt key is one mistake, not two: "fulltext" is reported as unknown with its correction, and the
  // "fullText: Required" that follows from it is not reported again.
  const corrected = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = knownKeysAt(issue.path);
    for (const key of issue.keys) {
      const suggestion = nearestName(key, known);
      if (suggestion) corrected.add(fieldPath([...issue.path, suggestion]));
      report.add(
        fieldPath([...issue.path, key]),
        suggestion
          ? `unknown key; did you mean \`${suggestion}\`?`
          : `unknown key (known here: ${known.map((name) => `\`${name}\``).join(', ')})`,
        yamlLine(document, [...issue.path, key], lineOf),
      );
    }
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') continue;
    const field = fieldPath(issue.path);
    if (issue.message === 'Required' && corrected.has(field)) continue;
    report.add(field, issue.message, yamlLine(document, issue.path, lineOf));
  }
  // Rules across fields, checked on the raw data so that they are reported alongside the schema's issues.
  const raw = data as { id?: unknown; fullText?: unknown; coverageNote?: unknown; csl?: { id?: unknown } };
  if (raw.fullText === false && raw.coverageNote === undefined) {
    report.add(
      'coverageNote',
      'Required when fullText is false (readers must be told what is missing)',
      yamlLine(document, ['fullText'], lineOf),
    );
  }
  if (typeof raw.csl === 'object' && raw.csl?.id !== undefined && raw.csl.id !== raw.id) {
    report.add(
      'csl.id',
      `must equal the document id "${String(raw.id)}"`,
      yamlLine(document, ['csl', 'id'], lineOf),
    );
  }
  return parsed.success ? parsed.data : undefined;
}

function splitSections(body: string, bodyLine: number, report: FileReport): Section[] {
  // HTML comments hold notes for editors (provenance, joins); they are never part of the text. They are
  // blanked rather than removed so that every remaining line keeps its line number.
  const withoutComments = body.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ''));
  const lines = withoutComments.split('\n');
  const unclosed = lines.findIndex((line) => line.includes('<!--'));
  if (unclosed >= 0) {
    report.add('body', 'an HTML comment "<!--" is never closed', bodyLine + unclosed);
    return [];
  }
  const sections: Section[] = [];
  let current: Section | undefined;
  let strayReported = false;
  lines.forEach((line, index) => {
    const lineNumber = bodyLine + index;
    const heading = /^(#+)\s+(.*?)\s*$/.exec(line);
    if (heading) {
      const name = SECTION_NAMES.find((known) => known.toLowerCase() === (heading[2] ?? '').toLowerCase());
      current = undefined;
      if (heading[1] !== '##' || !name) {
        // The text under a wrong heading is that heading's mistake, not a second one.
        strayReported = true;
        report.add(
          'body',
          `unknown heading "${line.trim()}" (sections are ${SECTION_NAMES.map((known) => `"## ${known}"`).join(', ')})`,
          lineNumber,
        );
        return;
      }
      if (sections.some((section) => section.name === name)) {
        report.add(sectionField(name), `section "## ${name}" appears twice`, lineNumber);
        return;
      }
      current = { name, firstLine: lineNumber + 1, lines: [] };
      sections.push(current);
      return;
    }
    if (current) current.lines.push(line);
    else if (line.trim() !== '' && sections.length === 0 && !strayReported) {
      strayReported = true;
      report.add('body', `text before the first section heading: "${line.trim().slice(0, 60)}"`, lineNumber);
    }
  });
  for (const section of sections) {
    if (section.lines.every((line) => line.trim() === '')) {
      report.add(sectionField(section.name), `section "## ${section.name}" is empty`, section.firstLine - 1);
    }
  }
  return sections;
}

function sectionField(name: SectionName): string {
  return name.toLowerCase();
}

/** Blank-line separated blocks, each block's lines joined by single spaces. */
function paragraphs(lines: string[]): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (line.trim() === '') {
      if (current.length > 0) blocks.push(current.join(' '));
      current = [];
    } else {
      current.push(line.trim());
    }
  }
  return blocks;
}

function listItems(section: Section, report: FileReport): ReferenceItem[] {
  const items: Array<ReferenceItem & { line: number }> = [];
  section.lines.forEach((line, index) => {
    const lineNumber = section.firstLine + index;
    if (line.trim() === '') return;
    const item = /^[-*]\s+(.*)$/.exec(line);
    if (item) {
      items.push({ text: (item[1] ?? '').trim(), notes: [], line: lineNumber });
      return;
    }
    const current = items[items.length - 1];
    if (!/^\s/.test(line) || !current) {
      report.add(
        sectionField(section.name),
        `expected a list item starting with "- ", found "${line.trim().slice(0, 60)}"`,
        lineNumber,
      );
      return;
    }
    const note = /^\s+Note:\s*(.*)$/.exec(line);
    if (note && section.name === 'References') current.notes.push((note[1] ?? '').trim());
    else if (current.notes.length > 0) current.notes[current.notes.length - 1] += ` ${line.trim()}`;
    else current.text += ` ${line.trim()}`;
  });
  items.forEach((item, index) => {
    if (item.text === '')
      report.add(`${sectionField(section.name)}[${index + 1}]`, 'empty list item', item.line);
  });
  return items;
}

/** One passage with its stable id, reader's locator and sentence spans; shared with the ingest core. */
export function makePassage(
  documentId: string,
  kind: PassageKind,
  ordinal: number,
  passageText: string,
): Passage {
  const id =
    kind === 'paragraph'
      ? `${documentId}#p${ordinal}`
      : kind === 'reference'
        ? `${documentId}#ref${ordinal}`
        : `${documentId}#${kind}`;
  const locator =
    kind === 'paragraph' ? `para. ${ordinal}` : kind === 'reference' ? `reference ${ordinal}` : kind;
  return {
    id,
    documentId,
    kind,
    ordinal,
    locator,
    text: passageText,
    sentences: splitSentences(passageText),
  };
}

function displayPath(filePath: string): string {
  const relative = path.relative(process.cwd(), filePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
}

/** Reads one data file, reporting every problem it has; the document is returned only when there are none. */
function loadDocument(
  filePath: string,
  dataDir: string,
  report: FileReport,
  warn: (warning: CorpusWarning) => void,
): LibraryDocument | undefined {
  const source = readFileSync(filePath, 'utf8');
  return readDocumentSource(source, path.relative(dataDir, filePath), report, warn);
}

function readDocumentSource(
  rawSource: string,
  relativeFile: string,
  report: FileReport,
  warn: (warning: CorpusWarning) => void,
): LibraryDocument | undefined {
  const file = report.file;
  const source = rawSource.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const parts = splitFrontMatter(source, report);
  if (!parts) return undefined;
  const front = readFrontMatter(parts.yaml, report);
  const sectionList = splitSections(parts.body, parts.bodyLine, report);
  const sections = new Map(sectionList.map((section) => [section.name, section]));

  if (front?.fullText && !sections.has('Text')) {
    report.add('text', 'fullText is true but there is no "## Text" section', parts.bodyLine);
  }
  if (!sections.has('Text') && !sections.has('Abstract')) {
    report.add('body', 'a document needs a "## Text" or an "## Abstract" section', parts.bodyLine);
  }
  const keywordSection = sections.get('Keywords');
  const keywords = keywordSection ? listItems(keywordSection, report).map((item) => item.text) : [];
  const referenceSection = sections.get('References');
  const referenceItems = referenceSection ? listItems(referenceSection, report) : [];
  if (!front || report.problems.length > 0) return undefined;

  const passages: Passage[] = [];
  const abstractSection = sections.get('Abstract');
  if (abstractSection)
    passages.push(makePassage(front.id, 'abstract', 1, paragraphs(abstractSection.lines).join('\n\n')));
  if (keywords.length > 0) passages.push(makePassage(front.id, 'keywords', 1, keywords.join('; ')));

  const textSection = sections.get('Text');
  if (textSection) {
    paragraphs(textSection.lines).forEach((paragraph, index) => {
      passages.push(makePassage(front.id, 'paragraph', index + 1, paragraph));
    });
  }

  const references: ReferenceEntry[] = [];
  const vocabulary = documentVocabulary([...passages, ...referenceItems].map((part) => part.text));
  referenceItems.forEach((item, index) => {
    const number = index + 1;
    const entry = parseReference(item.text, number, front.id, vocabulary);
    // Editorial notes flag errors in the printed entry; they travel with the parser's own problems so that
    // every consumer that shows problems shows these too.
    entry.problems.push(...item.notes.map((note) => `source: ${note}`));
    for (const problem of entry.problems) warn({ file, field: `references[${number}]`, message: problem });
    references.push(entry);
    passages.push(makePassage(front.id, 'reference', number, item.text));
  });

  const { csl: frontCsl, ...rest } = front;
  const csl: CslItem = { ...frontCsl, id: front.id };
  const document: LibraryDocument = {
    id: rest.id,
    file: relativeFile,
    shortTitle: rest.shortTitle,
    csl,
    fullText: rest.fullText,
    keywords,
    passages,
    references,
  };
  if (rest.coverageNote !== undefined) document.coverageNote = rest.coverageNote;
  if (rest.disclaimer !== undefined) document.disclaimer = rest.disclaimer;
  if (rest.authorNote !== undefined) document.authorNote = rest.authorNote;
  return document;
}

/**
 * Reads a document in the data directory's format from a string rather than a file, for a document that
 * arrives by other means (an upload). The document is returned only when there are no problems.
 */
export function parseDocumentSource(
  source: string,
  file: string,
): { document?: LibraryDocument; problems: CorpusProblem[]; warnings: CorpusWarning[] } {
  const report = new FileReport(file);
  const warnings: CorpusWarning[] = [];
  const document = readDocumentSource(source, file, report, (warning) => warnings.push(warning));
  return {
    ...(document && report.problems.length === 0 ? { document } : {}),
    problems: report.problems,
    warnings,
  };
}

/** Files that belong in a data directory without being documents: this README, dotfiles, editor backups. */
function isHousekeeping(name: string): boolean {
  return name.toLowerCase() === 'readme.md' || name.startsWith('.') || name.endsWith('~');
}

/**
 * Loads every `*.md` document in `dataDir` (README.md excepted), in file-name order, reading every file to
 * the end so that all problems are found in one run. Other files are skipped and reported to
 * `onSkippedFile`; so, when `strict` is false, are documents with problems. When strict (the default), any
 * problem throws one CorpusError listing them all. Reference entries that parse imperfectly are kept and
 * reported to `onWarning`.
 */
export function loadCorpus(dataDir: string, options: LoadCorpusOptions = {}): Corpus {
  const directory = path.resolve(dataDir);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new CorpusError([{ file: displayPath(directory), field: 'directory', message: 'not found' }]);
  }
  const strict = options.strict ?? true;
  const warn = options.onWarning ?? (() => {});
  const skip = options.onSkippedFile ?? (() => {});
  const names = readdirSync(directory)
    .filter((name) => !isHousekeeping(name) && statSync(path.join(directory, name)).isFile())
    .sort();
  const files: string[] = [];
  for (const name of names) {
    if (name.endsWith('.md')) files.push(name);
    else
      skip({
        file: displayPath(path.join(directory, name)),
        reason: `not a library document, skipped: the data directory takes ${DOCUMENT_FORMAT}`,
        problems: [],
      });
  }
  if (files.length === 0) {
    throw new CorpusError([
      { file: displayPath(directory), field: 'directory', message: 'holds no *.md documents' },
    ]);
  }

  const problems: CorpusProblem[] = [];
  const documents: LibraryDocument[] = [];
  const documentFiles = new Map<string, string>();
  const passagesById = new Map<string, Passage>();
  for (const name of files) {
    const filePath = path.join(directory, name);
    const report = new FileReport(displayPath(filePath));
    const document = loadDocument(filePath, directory, report, warn);
    if (document) {
      const previous = documentFiles.get(document.id);
      if (previous !== undefined) {
        report.add('id', `duplicate document id "${document.id}" (already used by ${previous})`);
      }
      for (const passage of document.passages) {
        if (passagesById.has(passage.id)) report.add('passages', `duplicate passage id "${passage.id}"`);
      }
    }
    if (report.problems.length > 0 || !document) {
      // Top to bottom, as a person fixing the file reads it.
      report.problems.sort(
        (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER),
      );
      problems.push(...report.problems);
      if (!strict) {
        skip({
          file: report.file,
          reason: `has ${report.problems.length} ${report.problems.length === 1 ? 'problem' : 'problems'}, skipped`,
          problems: report.problems,
        });
      }
      continue;
    }
    documentFiles.set(document.id, report.file);
    for (const passage of document.passages) passagesById.set(passage.id, passage);
    documents.push(document);
  }
  if (problems.length > 0 && (strict || documents.length === 0)) throw new CorpusError(problems);

  return corpusOf(documents);
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { documentVocabulary, parseReference } from './references.js';
import { splitSentences } from './sentences.js';
import type { Corpus, CslItem, LibraryDocument, Passage, PassageKind, ReferenceEntry } from './types.js';

/** A data file that cannot be loaded. The message names the file and the field: `data/x.md: csl.title: Required`. */
export class CorpusError extends Error {
  override readonly name = 'CorpusError';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${file}: ${field}: ${detail}`);
  }
}

/** Something loadable but imperfect, such as a reference entry the parser could not fully read. */
export interface CorpusWarning {
  file: string;
  field: string;
  message: string;
}

export interface LoadCorpusOptions {
  onWarning?: (warning: CorpusWarning) => void;
}

const CSL_TYPES = [
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'book',
  'chapter',
  'paper-conference',
  'report',
  'speech',
  'hearing',
  'webpage',
  'post-weblog',
  'document',
] as const;

/** YAML reads `volume: 53` as a number; CSL wants strings, and both spellings mean the same. */
const numberish = z.union([z.string().min(1), z.number()]).transform(String);
const text = z.string().trim().min(1);

const cslName = z
  .strictObject({
    family: text.optional(),
    given: text.optional(),
    suffix: text.optional(),
    'non-dropping-particle': text.optional(),
    'dropping-particle': text.optional(),
    literal: text.optional(),
  })
  .refine((name) => name.family !== undefined || name.literal !== undefined, {
    message: 'a name needs `family` (a person) or `literal` (an institution)',
  });

const cslDate = z
  .strictObject({
    'date-parts': z.array(z.array(z.number().int()).min(1).max(3)).min(1).max(2).optional(),
    season: z.union([z.number().int().min(1).max(4), text]).optional(),
    literal: text.optional(),
  })
  .refine((date) => date['date-parts'] !== undefined || date.literal !== undefined, {
    message: 'a date needs `date-parts` (e.g. [[2013]]) or `literal`',
  });

const cslSchema = z.strictObject({
  id: text.optional(),
  type: z.enum(CSL_TYPES),
  title: text,
  'title-short': text.optional(),
  author: z.array(cslName).min(1).optional(),
  editor: z.array(cslName).min(1).optional(),
  issued: cslDate,
  'container-title': text.optional(),
  'collection-title': text.optional(),
  number: numberish.optional(),
  volume: numberish.optional(),
  issue: numberish.optional(),
  page: numberish.optional(),
  edition: numberish.optional(),
  publisher: text.optional(),
  'publisher-place': text.optional(),
  event: text.optional(),
  'event-title': text.optional(),
  'event-place': text.optional(),
  genre: text.optional(),
  medium: text.optional(),
  URL: z.url().optional(),
  ISSN: numberish.optional(),
  DOI: text.optional(),
  note: text.optional(),
  keyword: text.optional(),
  abstract: text.optional(),
  language: text.optional(),
  'original-title': text.optional(),
  'translated-title': text.optional(),
});

const frontMatterSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
      message: 'must be lower-case letters, digits and single hyphens, e.g. "park-2013"',
    }),
    shortTitle: text,
    fullText: z.boolean(),
    coverageNote: text.optional(),
    authorNote: text.optional(),
    disclaimer: text.optional(),
    csl: cslSchema,
  })
  .superRefine((front, context) => {
    if (!front.fullText && front.coverageNote === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['coverageNote'],
        message: 'Required when fullText is false (readers must be told what is missing)',
      });
    }
    if (front.csl.id !== undefined && front.csl.id !== front.id) {
      context.addIssue({
        code: 'custom',
        path: ['csl', 'id'],
        message: `must equal the document id "${front.id}"`,
      });
    }
  });

type FrontMatter = z.infer<typeof frontMatterSchema>;

function fieldPath(pathParts: ReadonlyArray<PropertyKey>): string {
  let field = '';
  for (const part of pathParts) {
    field += typeof part === 'number' ? `[${part}]` : `${field === '' ? '' : '.'}${String(part)}`;
  }
  return field === '' ? 'front matter' : field;
}

const SECTION_NAMES = ['Abstract', 'Keywords', 'Text', 'References'] as const;
type SectionName = (typeof SECTION_NAMES)[number];

interface Section {
  name: SectionName;
  lines: string[];
}

interface ReferenceItem {
  text: string;
  notes: string[];
}

/** Splits a data file into front matter and body. */
function splitFrontMatter(source: string, file: string): { yaml: string; body: string } {
  const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(source);
  if (!match) {
    throw new CorpusError(
      file,
      'front matter',
      'missing: the file must start with a line "---", the YAML, and "---"',
    );
  }
  return { yaml: match[1] ?? '', body: source.slice(match[0].length) };
}

function readFrontMatter(yaml: string, file: string): FrontMatter {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      // The YAML starts on line 2 of the file, after the opening "---".
      const where = line === undefined ? '' : ` (file line ${line + 1})`;
      const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new CorpusError(file, 'front matter', `invalid YAML${where}: ${reason}`);
    }
    throw error;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new CorpusError(file, 'front matter', 'must be a YAML mapping of fields');
  }
  const parsed = frontMatterSchema.safeParse(data, {
    reportInput: true,
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorpusError(file, fieldPath(issue?.path ?? []), issue?.message ?? 'invalid');
  }
  return parsed.data;
}

function splitSections(body: string, file: string): Section[] {
  // HTML comments hold notes for editors (provenance, joins); they are never part of the text.
  const withoutComments = body.replace(/<!--[\s\S]*?-->/g, '');
  if (withoutComments.includes('<!--'))
    throw new CorpusError(file, 'body', 'an HTML comment "<!--" is never closed');
  const sections: Section[] = [];
  for (const line of withoutComments.split('\n')) {
    const heading = /^(#+)\s+(.*?)\s*$/.exec(line);
    if (heading) {
      const name = SECTION_NAMES.find((known) => known.toLowerCase() === (heading[2] ?? '').toLowerCase());
      if (heading[1] !== '##' || !name) {
        throw new CorpusError(
          file,
          'body',
          `unknown heading "${line.trim()}" (sections are ${SECTION_NAMES.map((known) => `"## ${known}"`).join(', ')})`,
        );
      }
      if (sections.some((section) => section.name === name)) {
        throw new CorpusError(file, sectionField(name), `section "## ${name}" appears twice`);
      }
      sections.push({ name, lines: [] });
      continue;
    }
    const current = sections[sections.length - 1];
    if (current) current.lines.push(line);
    else if (line.trim() !== '') {
      throw new CorpusError(
        file,
        'body',
        `text before the first section heading: "${line.trim().slice(0, 60)}"`,
      );
    }
  }
  for (const section of sections) {
    if (section.lines.every((line) => line.trim() === '')) {
      throw new CorpusError(file, sectionField(section.name), `section "## ${section.name}" is empty`);
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

function listItems(lines: string[], file: string, name: SectionName): ReferenceItem[] {
  const items: ReferenceItem[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const item = /^[-*]\s+(.*)$/.exec(line);
    if (item) {
      items.push({ text: (item[1] ?? '').trim(), notes: [] });
      continue;
    }
    const current = items[items.length - 1];
    if (!/^\s/.test(line) || !current) {
      throw new CorpusError(
        file,
        sectionField(name),
        `expected a list item starting with "- ", found "${line.trim().slice(0, 60)}"`,
      );
    }
    const note = /^\s+Note:\s*(.*)$/.exec(line);
    if (note && name === 'References') current.notes.push((note[1] ?? '').trim());
    else if (current.notes.length > 0) current.notes[current.notes.length - 1] += ` ${line.trim()}`;
    else current.text += ` ${line.trim()}`;
  }
  items.forEach((item, index) => {
    if (item.text === '')
      throw new CorpusError(file, `${sectionField(name)}[${index + 1}]`, 'empty list item');
  });
  return items;
}

function makePassage(documentId: string, kind: PassageKind, ordinal: number, passageText: string): Passage {
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

function loadDocument(
  filePath: string,
  dataDir: string,
  warn: (warning: CorpusWarning) => void,
): LibraryDocument {
  const file = displayPath(filePath);
  const source = readFileSync(filePath, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const { yaml, body } = splitFrontMatter(source, file);
  const front = readFrontMatter(yaml, file);
  const sections = new Map(splitSections(body, file).map((section) => [section.name, section.lines]));

  if (front.fullText && !sections.has('Text')) {
    throw new CorpusError(file, 'text', 'fullText is true but there is no "## Text" section');
  }
  if (!sections.has('Text') && !sections.has('Abstract')) {
    throw new CorpusError(file, 'body', 'a document needs a "## Text" or an "## Abstract" section');
  }

  const passages: Passage[] = [];
  const abstractLines = sections.get('Abstract');
  if (abstractLines)
    passages.push(makePassage(front.id, 'abstract', 1, paragraphs(abstractLines).join('\n\n')));

  const keywordLines = sections.get('Keywords');
  const keywords = keywordLines ? listItems(keywordLines, file, 'Keywords').map((item) => item.text) : [];
  if (keywords.length > 0) passages.push(makePassage(front.id, 'keywords', 1, keywords.join('; ')));

  const textLines = sections.get('Text');
  if (textLines) {
    paragraphs(textLines).forEach((paragraph, index) => {
      passages.push(makePassage(front.id, 'paragraph', index + 1, paragraph));
    });
  }

  const references: ReferenceEntry[] = [];
  const referenceLines = sections.get('References');
  if (referenceLines) {
    const items = listItems(referenceLines, file, 'References');
    const vocabulary = documentVocabulary([...passages, ...items].map((part) => part.text));
    items.forEach((item, index) => {
      const number = index + 1;
      const entry = parseReference(item.text, number, front.id, vocabulary);
      // Editorial notes flag errors in the printed entry; they travel with the parser's own problems so that
      // every consumer that shows problems shows these too.
      entry.problems.push(...item.notes.map((note) => `source: ${note}`));
      for (const problem of entry.problems) warn({ file, field: `references[${number}]`, message: problem });
      references.push(entry);
      passages.push(makePassage(front.id, 'reference', number, item.text));
    });
  }

  const { csl: frontCsl, ...rest } = front;
  const csl: CslItem = { ...frontCsl, id: front.id };
  const document: LibraryDocument = {
    id: rest.id,
    file: path.relative(dataDir, filePath),
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
 * Loads every `*.md` document in `dataDir` (README.md excepted), in file-name order. Throws CorpusError
 * for the first malformed file; reference entries that parse imperfectly are kept and reported to
 * `onWarning`.
 */
export function loadCorpus(dataDir: string, options: LoadCorpusOptions = {}): Corpus {
  const directory = path.resolve(dataDir);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new CorpusError(displayPath(directory), 'directory', 'not found');
  }
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort();
  if (files.length === 0)
    throw new CorpusError(displayPath(directory), 'directory', 'holds no *.md documents');

  const warn = options.onWarning ?? (() => {});
  const documents: LibraryDocument[] = [];
  const documentFiles = new Map<string, string>();
  const passagesById = new Map<string, Passage>();
  for (const name of files) {
    const filePath = path.join(directory, name);
    const document = loadDocument(filePath, directory, warn);
    const file = displayPath(filePath);
    const previous = documentFiles.get(document.id);
    if (previous !== undefined) {
      throw new CorpusError(
        file,
        'id',
        `duplicate document id "${document.id}" (already used by ${previous})`,
      );
    }
    documentFiles.set(document.id, file);
    for (const passage of document.passages) {
      if (passagesById.has(passage.id)) {
        throw new CorpusError(file, 'passages', `duplicate passage id "${passage.id}"`);
      }
      passagesById.set(passage.id, passage);
    }
    documents.push(document);
  }

  const documentsById = new Map(documents.map((document) => [document.id, document]));
  return {
    documents,
    passages: documents.flatMap((document) => document.passages),
    getDocument: (id) => documentsById.get(id),
    getPassage: (id) => passagesById.get(id),
  };
}

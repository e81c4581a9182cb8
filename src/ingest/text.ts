import { marked } from 'marked';
import { parseDocument } from 'yaml';
import { formatProblem, parseDocumentSource } from '../corpus/load.js';
import type { LibraryDocument } from '../corpus/types.js';
import { blocksOfHtml } from './html-blocks.js';
import { MetadataCollector } from './metadata.js';
import { type Block, joinLines } from './structure.js';
import { IngestError, type StatedMetadata } from './types.js';

/** Plain text: paragraphs are separated by blank lines; a file without any has one paragraph a line. */
export function readText(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line.trim() === '') blocks.push([]);
    else blocks[blocks.length - 1]?.push(line);
  }
  const paragraphs = blocks.filter((block) => block.length > 0);
  const single = paragraphs.length === 1 ? paragraphs[0] : undefined;
  const units = single && single.length > 1 ? single.map((line) => [line]) : paragraphs;
  return units.map((unit) => ({ kind: 'paragraph', text: joinLines(unit) }));
}

export type MarkdownRead =
  | { kind: 'library'; document: LibraryDocument; warnings: string[] }
  | { kind: 'generic'; blocks: Block[]; metadata: StatedMetadata };

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;

/**
 * A Markdown file in the library's own format (front matter with `csl`, "## Text" and so on) is read by the
 * library's loader, so it means exactly what it would mean in data/. Any other Markdown is rendered and read
 * like a web page; simple front matter (title, author, date) is taken as stated metadata.
 */
export function readMarkdown(source: string, filename: string): MarkdownRead {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const front = FRONT_MATTER.exec(text);
  const yaml = front ? parseDocument(front[1] ?? '') : undefined;
  const data: unknown = yaml && yaml.errors.length === 0 ? yaml.toJS() : undefined;
  const fields =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : {};
  if ('csl' in fields) {
    const parsed = parseDocumentSource(text, filename);
    if (!parsed.document) {
      const shown = parsed.problems.slice(0, 5).map((problem) => formatProblem(problem));
      const more =
        parsed.problems.length > shown.length ? `\n(and ${parsed.problems.length - shown.length} more)` : '';
      throw new IngestError(
        'corrupt',
        `This Markdown file is in the library's format but has problems to fix first:\n${shown.join('\n')}${more}`,
      );
    }
    return {
      kind: 'library',
      document: parsed.document,
      warnings: parsed.warnings.map((warning) => warning.message),
    };
  }
  const collector = new MetadataCollector();
  const field = (name: string): string | undefined => {
    const value = fields[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  collector.text('title', field('title'), 'Markdown front matter (title)');
  const authors = fields.author ?? fields.authors;
  collector.authors(
    Array.isArray(authors)
      ? authors.map((author) => (typeof author === 'string' ? author : undefined))
      : [field('author')],
    'Markdown front matter (author)',
  );
  collector.date(field('date'), 'Markdown front matter (date)');
  collector.text('publisher', field('publisher'), 'Markdown front matter (publisher)');
  collector.identifier(field('doi'), 'Markdown front matter (doi)');
  collector.text('URL', field('url'), 'Markdown front matter (url)');
  const body = front ? text.slice(front[0].length) : text;
  const html = marked.parse(body, { async: false, gfm: true });
  return { kind: 'generic', blocks: blocksOfHtml(html), metadata: collector.metadata };
}

import { parseHTML } from 'linkedom';
import { blocksOf, type ElementLike } from './html-blocks.js';
import { MetadataCollector } from './metadata.js';
import type { Block } from './structure.js';
import { IngestError, type IngestWarning, type StatedMetadata } from './types.js';
import { decodeText, elementsNamed, parseXml, textOf, type XmlElement } from './xml.js';

export interface EpubReadOptions {
  maxPages: number;
  onChapter: (chapter: number, chapters: number) => void;
}

export interface EpubRead {
  blocks: Block[];
  chapters: number;
  metadata: StatedMetadata;
  warnings: IngestWarning[];
}

/** Font obfuscation is not protection: the text stays readable. Any other algorithm is DRM. */
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);

const corrupt = (why: string) =>
  new IngestError(
    'corrupt',
    `This EPUB cannot be read: ${why}. Try exporting it again from where it came from.`,
  );

function resolvePath(base: string, href: string): string {
  const parts =
    `${base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : ''}${decodeURIComponent(href.split('#')[0] ?? '')}`.split(
      '/',
    );
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else if (part !== '.' && part !== '') resolved.push(part);
  }
  return resolved.join('/');
}

function checkNotEncrypted(entries: Record<string, Uint8Array>): void {
  const xml = decodeText(entries['META-INF/encryption.xml']);
  if (!xml) return;
  const algorithms = elementsNamed(parseXml(xml), 'EncryptionMethod').map(
    (method) => method.getAttribute('Algorithm') ?? '',
  );
  if (algorithms.some((algorithm) => !FONT_OBFUSCATION.has(algorithm))) {
    throw new IngestError(
      'encrypted',
      'This EPUB is protected by DRM, so its text cannot be read. Send a copy without DRM, or a PDF of the text.',
    );
  }
}

function readOpfMetadata(opf: XmlElement): StatedMetadata {
  const collector = new MetadataCollector();
  const all = (name: string) => elementsNamed(opf, name).map((element) => textOf(element));
  collector.text('title', all('title')[0], 'EPUB package metadata (dc:title)');
  collector.authors(all('creator'), 'EPUB package metadata (dc:creator)');
  collector.date(all('date')[0], 'EPUB package metadata (dc:date)');
  collector.text('publisher', all('publisher')[0], 'EPUB package metadata (dc:publisher)');
  collector.text('language', all('language')[0], 'EPUB package metadata (dc:language)');
  for (const identifier of all('identifier')) {
    collector.identifier(identifier, 'EPUB package metadata (dc:identifier)');
  }
  return collector.metadata;
}

/** An EPUB's chapters in reading (spine) order; the navigation document and chapters without text are skipped. */
export function readEpub(entries: Record<string, Uint8Array>, options: EpubReadOptions): EpubRead {
  checkNotEncrypted(entries);
  const container = decodeText(entries['META-INF/container.xml']);
  if (!container) throw corrupt('it has no META-INF/container.xml');
  const opfPath = elementsNamed(parseXml(container), 'rootfile')[0]?.getAttribute('full-path');
  const opfXml = opfPath ? decodeText(entries[opfPath]) : undefined;
  if (!opfPath || !opfXml) throw corrupt('its package file (.opf) is missing');
  const opf = parseXml(opfXml);

  const manifest = new Map<string, { href: string; properties: string }>();
  for (const item of elementsNamed(opf, 'item')) {
    const id = item.getAttribute('id');
    const href = item.getAttribute('href');
    if (id && href)
      manifest.set(id, {
        href: resolvePath(opfPath, href),
        properties: item.getAttribute('properties') ?? '',
      });
  }
  const spine = elementsNamed(opf, 'itemref')
    .filter((itemref) => itemref.getAttribute('linear') !== 'no')
    .map((itemref) => manifest.get(itemref.getAttribute('idref') ?? ''))
    .filter(
      (item): item is { href: string; properties: string } =>
        item !== undefined && !/\bnav\b/.test(item.properties),
    );
  if (spine.length === 0) throw corrupt('its spine lists no chapters');
  if (spine.length > options.maxPages) {
    throw new IngestError(
      'too-many-pages',
      `This EPUB has ${spine.length} parts; the library takes at most ${options.maxPages}. Split it and add the parts one by one.`,
    );
  }

  const warnings: IngestWarning[] = [];
  const blocks: Block[] = [];
  let chapter = 0;
  spine.forEach((item, index) => {
    const xhtml = decodeText(entries[item.href]);
    options.onChapter(index + 1, spine.length);
    if (!xhtml) {
      warnings.push({
        code: 'converter',
        message: `The chapter file ${item.href} named in the spine is missing.`,
      });
      return;
    }
    const { document } = parseHTML(xhtml);
    const root = (document.body ?? document.documentElement) as unknown as ElementLike;
    const chapterBlocks = blocksOf(root, { chapter: chapter + 1 });
    if (!chapterBlocks.some((block) => block.kind === 'paragraph')) return;
    chapter++;
    blocks.push(...chapterBlocks);
  });
  return { blocks, chapters: chapter, metadata: readOpfMetadata(opf), warnings };
}

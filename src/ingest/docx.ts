import mammoth from 'mammoth';
import { blocksOfHtml } from './html-blocks.js';
import { MetadataCollector } from './metadata.js';
import type { Block } from './structure.js';
import { IngestError, type IngestWarning, type StatedMetadata } from './types.js';
import { decodeText, elementsNamed, parseXml, textOf } from './xml.js';

export interface DocxRead {
  blocks: Block[];
  metadata: StatedMetadata;
  warnings: IngestWarning[];
}

/** The document's core properties (File > Properties in Word): docProps/core.xml. */
function readCoreProperties(entries: Record<string, Uint8Array>): StatedMetadata {
  const collector = new MetadataCollector();
  const xml = decodeText(entries['docProps/core.xml']);
  if (!xml) return collector.metadata;
  const root = parseXml(xml);
  const first = (name: string) => textOf(elementsNamed(root, name)[0]);
  collector.text('title', first('title'), 'Word document properties (Title)');
  collector.authors([first('creator')], 'Word document properties (Author)');
  collector.text('keyword', first('keywords'), 'Word document properties (Keywords)');
  collector.text('language', first('language'), 'Word document properties (Language)');
  collector.identifier(first('identifier'), 'Word document properties (Identifier)');
  collector.fileCreated(first('created'), 'Word document properties (Created)');
  return collector.metadata;
}

export async function readDocx(bytes: Uint8Array, entries: Record<string, Uint8Array>): Promise<DocxRead> {
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
  } catch {
    throw new IngestError(
      'corrupt',
      'This Word document cannot be read; it may be damaged. Open it in Word, save it again and resend it.',
    );
  }
  const warnings: IngestWarning[] = result.messages
    .filter((message) => message.type === 'error')
    .map((message) => ({ code: 'converter', message: message.message }));
  return { blocks: blocksOfHtml(result.value), metadata: readCoreProperties(entries), warnings };
}

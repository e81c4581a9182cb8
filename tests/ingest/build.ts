import { strToU8, zipSync } from 'fflate';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

/** A line of text placed on a PDF page; y counts up from the bottom, as in PDF. */
export interface PdfLine {
  text: string;
  y: number;
  x?: number;
  size?: number;
}

export async function buildPdf(
  pages: readonly (readonly PdfLine[])[],
  info: { title?: string; author?: string } = {},
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  if (info.title) pdf.setTitle(info.title);
  if (info.author) pdf.setAuthor(info.author);
  for (const lines of pages) {
    const page = pdf.addPage([420, 600]);
    for (const line of lines)
      page.drawText(line.text, { x: line.x ?? 50, y: line.y, size: line.size ?? 11, font });
  }
  return await pdf.save();
}

/** Lines set 14 points apart from `top` down, as one paragraph. */
export function paragraph(top: number, ...texts: string[]): PdfLine[] {
  return texts.map((text, index) => ({ text, y: top - index * 14 }));
}

const HEADER = (page: number): PdfLine[] => [
  { text: 'Journal of Reading Groups 12 (2024)', y: 570, size: 9 },
  { text: String(page), y: 30, x: 205, size: 9 },
];

/**
 * A three-page article: a running header and a page number on every page, an abstract, a word split by a
 * hyphen across a line ("docu-/ment", whose whole form is printed elsewhere), a compound split the same way
 * ("well-/known", whose second part is a word of its own) and a reference list.
 */
export async function buildArticlePdf(): Promise<Uint8Array> {
  return await buildPdf(
    [
      [
        ...HEADER(1),
        { text: 'Abstract', y: 520, size: 14 },
        ...paragraph(500, 'This document studies how reading groups talk.', 'It is a short abstract.'),
        ...paragraph(
          440,
          'The first paragraph of the text says that this docu-',
          'ment is about reading in groups.',
        ),
        ...paragraph(380, 'A second paragraph follows on the first page.'),
      ],
      [
        ...HEADER(2),
        ...paragraph(520, 'On the second page a well-', 'known claim is made about the document as a whole.'),
        ...paragraph(460, 'Readers are known to argue about the claim.'),
      ],
      [
        ...HEADER(3),
        ...paragraph(520, 'The third page closes the argument.'),
        { text: 'References', y: 470, size: 14 },
        ...paragraph(
          450,
          'Baldwin, David A. 1971. “Money and Power.” Journal of',
          'Politics 33.3: 578–614.',
          'Park, Jane. 2013. Reading Together. Seoul: Hollym.',
        ),
      ],
    ],
    { title: 'Reading in Groups', author: 'Doe, Jane' },
  );
}

/** A PDF whose only page is a picture: no text layer, as a scan would be. */
export async function buildImageOnlyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const png = await pdf.embedPng(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  );
  const page = pdf.addPage([420, 600]);
  page.drawImage(png, { x: 0, y: 0, width: 420, height: 600 });
  page.drawRectangle({ x: 10, y: 10, width: 50, height: 50, color: rgb(0, 0, 0) });
  return await pdf.save();
}

const CONTENT_TYPES_DOCX = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>`;

const RELS_DOCX = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>`;

const DOCUMENT_RELS_DOCX = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`;

const STYLES_DOCX = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
</w:styles>`;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface DocxParagraph {
  text: string;
  style?: 'Heading1' | 'Heading2';
}

export function buildDocx(
  paragraphs: readonly DocxParagraph[],
  core: { title?: string; creator?: string; created?: string } = {},
): Uint8Array {
  const body = paragraphs
    .map(
      (paragraph) =>
        `<w:p>${paragraph.style ? `<w:pPr><w:pStyle w:val="${paragraph.style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${escapeXml(paragraph.text)}</w:t></w:r></w:p>`,
    )
    .join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  const coreXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${
    core.title ? `<dc:title>${escapeXml(core.title)}</dc:title>` : ''
  }${core.creator ? `<dc:creator>${escapeXml(core.creator)}</dc:creator>` : ''}${
    core.created ? `<dcterms:created xsi:type="dcterms:W3CDTF">${core.created}</dcterms:created>` : ''
  }</cp:coreProperties>`;
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES_DOCX),
    '_rels/.rels': strToU8(RELS_DOCX),
    'word/document.xml': strToU8(document),
    'word/_rels/document.xml.rels': strToU8(DOCUMENT_RELS_DOCX),
    'word/styles.xml': strToU8(STYLES_DOCX),
    'docProps/core.xml': strToU8(coreXml),
  });
}

export interface EpubChapter {
  file: string;
  title: string;
  paragraphs: string[];
}

export function buildEpub(
  chapters: readonly EpubChapter[],
  metadata: { title: string; creator?: string; date?: string; publisher?: string; identifier?: string },
  extra: Record<string, string> = {},
): Uint8Array {
  const container = `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`;
  const manifest = chapters
    .map(
      (chapter, index) =>
        `<item id="c${index + 1}" href="${chapter.file}" media-type="application/xhtml+xml"/>`,
    )
    .join('');
  // The spine lists the chapters in reverse of the manifest, so a reader that follows the manifest is caught.
  const spine = chapters
    .map((_chapter, index) => `<itemref idref="c${index + 1}"/>`)
    .reverse()
    .join('');
  const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>${escapeXml(metadata.title)}</dc:title>
${metadata.creator ? `<dc:creator>${escapeXml(metadata.creator)}</dc:creator>` : ''}
${metadata.date ? `<dc:date>${metadata.date}</dc:date>` : ''}
${metadata.publisher ? `<dc:publisher>${escapeXml(metadata.publisher)}</dc:publisher>` : ''}
${metadata.identifier ? `<dc:identifier id="uid">${escapeXml(metadata.identifier)}</dc:identifier>` : ''}
<dc:language>en</dc:language>
</metadata>
<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>${manifest}</manifest>
<spine>${spine}</spine>
</package>`;
  const files: Record<string, Uint8Array> = {
    'META-INF/container.xml': strToU8(container),
    'OEBPS/content.opf': strToU8(opf),
    'OEBPS/nav.xhtml': strToU8(
      '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><nav><ol><li>Contents</li></ol></nav></body></html>',
    ),
  };
  for (const chapter of chapters) {
    files[`OEBPS/${chapter.file}`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${escapeXml(chapter.title)}</title></head><body><section><h1>${escapeXml(chapter.title)}</h1>${chapter.paragraphs.map((text) => `<p>${escapeXml(text)}</p>`).join('')}</section></body></html>`,
    );
  }
  for (const [name, content] of Object.entries(extra)) files[name] = strToU8(content);
  // The EPUB rule: "mimetype" comes first and is stored uncompressed.
  return zipSync({ mimetype: [strToU8('application/epub+zip'), { level: 0 }], ...files });
}

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { blocksOf, blocksOfHtml, type ElementLike, PAGE_CHROME } from './html-blocks.js';
import { MetadataCollector } from './metadata.js';
import type { Block } from './structure.js';
import type { IngestWarning, StatedMetadata } from './types.js';

export interface HtmlRead {
  blocks: Block[];
  metadata: StatedMetadata;
  warnings: IngestWarning[];
}

interface MetaDocument {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }>;
  querySelector(
    selector: string,
  ): { textContent: string | null; getAttribute(name: string): string | null } | null;
}

/**
 * What the page states about itself, most deliberate first: Highwire citation_* tags (what scholarly
 * publishers print for reference managers), Dublin Core, Open Graph, then plain <meta> and <title>.
 */
function readMetadata(document: MetaDocument): StatedMetadata {
  const collector = new MetadataCollector();
  const metas = Array.from(document.querySelectorAll('meta'));
  const all = (name: string): string[] =>
    metas
      .filter((meta) => (meta.getAttribute('name') ?? meta.getAttribute('property'))?.toLowerCase() === name)
      .map((meta) => meta.getAttribute('content')?.trim() ?? '')
      .filter((content) => content !== '');
  const first = (name: string): string | undefined => all(name)[0];
  const tag = (name: string) => `HTML <meta name="${name}">`;

  collector.text('title', first('citation_title'), tag('citation_title'));
  collector.text('title', first('dc.title'), tag('DC.title'));
  collector.text('title', first('og:title'), tag('og:title'));
  const titleElement = document.querySelector('title')?.textContent;
  collector.text('title', titleElement, 'HTML <title>');

  const citationAuthors = all('citation_author');
  if (citationAuthors.length > 0) collector.authors(citationAuthors, tag('citation_author'));
  collector.authors(all('dc.creator'), tag('DC.creator'));
  collector.authors(all('author'), tag('author'));

  for (const name of ['citation_publication_date', 'citation_date', 'dc.date', 'article:published_time']) {
    collector.date(first(name), tag(name));
  }
  collector.text('container-title', first('citation_journal_title'), tag('citation_journal_title'));
  collector.text('container-title', first('citation_conference_title'), tag('citation_conference_title'));
  collector.text('volume', first('citation_volume'), tag('citation_volume'));
  collector.text('issue', first('citation_issue'), tag('citation_issue'));
  const firstPage = first('citation_firstpage');
  const lastPage = first('citation_lastpage');
  if (firstPage) {
    collector.text('page', lastPage ? `${firstPage}–${lastPage}` : firstPage, tag('citation_firstpage'));
  }
  collector.text('publisher', first('citation_publisher'), tag('citation_publisher'));
  collector.text('publisher', first('dc.publisher'), tag('DC.publisher'));
  collector.text('ISSN', first('citation_issn'), tag('citation_issn'));
  collector.identifier(first('citation_doi'), tag('citation_doi'));
  collector.identifier(first('dc.identifier'), tag('DC.identifier'));
  collector.identifier(first('citation_isbn'), tag('citation_isbn'));
  collector.text('keyword', all('citation_keywords').join('; '), tag('citation_keywords'));
  collector.text('language', first('citation_language'), tag('citation_language'));
  collector.text('language', document.querySelector('html')?.getAttribute('lang'), 'HTML <html lang>');
  collector.text(
    'URL',
    first('citation_public_url') ?? first('citation_abstract_html_url'),
    tag('citation_public_url'),
  );
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href');
  collector.text('URL', canonical, 'HTML <link rel="canonical">');
  collector.text('URL', first('og:url'), tag('og:url'));
  return collector.metadata;
}

/** A web page's article text, with navigation, sidebars and page furniture left out. */
export function readHtml(source: string): HtmlRead {
  // A saved fragment ("<p>…") has no <body>; the parser needs one to put the text in.
  const html = /<body[\s>]/i.test(source) ? source : `<!doctype html><html><body>${source}</body></html>`;
  const { document } = parseHTML(html);
  const metadata = readMetadata(document as unknown as MetaDocument);
  const warnings: IngestWarning[] = [];
  // Readability changes the document it reads; it gets a copy so the fallback still has the page.
  const article = new Readability(
    parseHTML(html).document as unknown as ConstructorParameters<typeof Readability>[0],
    {
      charThreshold: 200,
    },
  ).parse();
  let blocks = article?.content ? blocksOfHtml(article.content) : [];
  if (blocks.length === 0) {
    warnings.push({
      code: 'no-main-text',
      message:
        'No article could be told apart on this page; all of its text was taken, less menus, headers and footers.',
    });
    blocks = blocksOf(document.body as unknown as ElementLike, {}, PAGE_CHROME);
  }
  return { blocks, metadata, warnings };
}

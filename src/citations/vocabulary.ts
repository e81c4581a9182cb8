/**
 * The one list of citation styles and export formats Lectern offers. Settings, the database's CHECK
 * constraint, every `style` option and the formatter all read it from here, so adding a style is one line.
 */

/** Styles with an in-text form and a reference list, formatted by citeproc with the official CSL styles. */
export const CITATION_STYLES = ['apa', 'mla', 'chicago', 'harvard'] as const;
/** Machine-readable exports: a reference manager reads them; they have no in-text form. */
export const EXPORT_FORMATS = ['bibtex', 'ris'] as const;
/** Every choice a `style` option or setting offers, in the order menus show them. */
export const STYLE_CHOICES = [...CITATION_STYLES, ...EXPORT_FORMATS] as const;

export type CitationStyle = (typeof CITATION_STYLES)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type StyleChoice = (typeof STYLE_CHOICES)[number];

export const STYLE_LABELS: Readonly<Record<StyleChoice, string>> = {
  apa: 'APA 7',
  mla: 'MLA 9',
  chicago: 'Chicago 17 (author-date)',
  harvard: 'Harvard (Cite Them Right)',
  bibtex: 'BibTeX',
  ris: 'RIS',
};

/** The style Lectern uses when nobody chose one. */
export const DEFAULT_STYLE: CitationStyle = 'apa';

export function isStyleChoice(value: string | null | undefined): value is StyleChoice {
  return (STYLE_CHOICES as readonly string[]).includes(value ?? '');
}

export function isExportFormat(choice: StyleChoice): choice is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(choice);
}

/** The style prose is written in: an export format has no in-text form, so its prose uses the default. */
export function proseStyle(choice: StyleChoice): CitationStyle {
  return isExportFormat(choice) ? DEFAULT_STYLE : choice;
}

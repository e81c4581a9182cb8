export {
  type CslLocatorLabel,
  exportItems,
  type FormattedReference,
  formatInText,
  formatReference,
  formatReferenceEntries,
  formatReferences,
  type Locator,
  locatorForPassage,
  shapeForStyle,
  warmUpCitations,
} from './format.js';
export { decodeEntities, escapeMarkdown, htmlToDiscord } from './markdown.js';
export { PROPER_NOUNS, toSentenceCase } from './sentence-case.js';
export { stylesVersion } from './styles.js';
export {
  CITATION_STYLES,
  type CitationStyle,
  DEFAULT_STYLE,
  EXPORT_FORMATS,
  type ExportFormat,
  isExportFormat,
  isStyleChoice,
  proseStyle,
  STYLE_CHOICES,
  STYLE_LABELS,
  type StyleChoice,
} from './vocabulary.js';

export {
  CITATION_STYLES,
  type CitationStyle,
  type CslLocatorLabel,
  type ExportFormat,
  exportItems,
  type FormattedReference,
  formatInText,
  formatReference,
  formatReferenceEntries,
  formatReferences,
  type Locator,
  locatorForPassage,
  STYLE_LABELS,
  shapeForStyle,
  warmUpCitations,
} from './format.js';
export { decodeEntities, escapeMarkdown, htmlToDiscord } from './markdown.js';
export { PROPER_NOUNS, toSentenceCase } from './sentence-case.js';
export { stylesVersion } from './styles.js';

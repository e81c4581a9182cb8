export { exportItems } from './export.js';
export {
  type CslLocatorLabel,
  type FormattedReference,
  formatInText,
  formatReference,
  formatReferenceEntries,
  formatReferences,
  type Locator,
  locatorForPassage,
  warmUpCitations,
} from './format.js';
export { citedWork, citePassage, type PassageCitation } from './passage.js';
export { PROPER_NOUNS, toSentenceCase } from './sentence-case.js';
export { type ShapeOptions, shapeForStyle } from './shape.js';
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

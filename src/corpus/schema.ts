import { z } from 'zod';

/**
 * The CSL-JSON that Lectern accepts, as zod schemas: the data directory's front matter and the readings a
 * server adds are validated by the same rules.
 */

export const CSL_TYPES = [
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'book',
  'chapter',
  'paper-conference',
  'report',
  'speech',
  'hearing',
  'webpage',
  'post-weblog',
  'document',
] as const;

/** YAML reads `volume: 53` as a number; CSL wants strings, and both spellings mean the same. */
export const numberish = z.union([z.string().min(1), z.number()]).transform(String);
export const nonEmptyText = z.string().trim().min(1);

export const cslNameSchema = z
  .strictObject({
    family: nonEmptyText.optional(),
    given: nonEmptyText.optional(),
    suffix: nonEmptyText.optional(),
    'non-dropping-particle': nonEmptyText.optional(),
    'dropping-particle': nonEmptyText.optional(),
    literal: nonEmptyText.optional(),
  })
  .refine((name) => name.family !== undefined || name.literal !== undefined, {
    message: 'a name needs `family` (a person) or `literal` (an institution)',
  });

export const cslDateSchema = z
  .strictObject({
    'date-parts': z.array(z.array(z.number().int()).min(1).max(3)).min(1).max(2).optional(),
    season: z.union([z.number().int().min(1).max(4), nonEmptyText]).optional(),
    literal: nonEmptyText.optional(),
  })
  .refine((date) => date['date-parts'] !== undefined || date.literal !== undefined, {
    message: 'a date needs `date-parts` (e.g. [[2013]]) or `literal`',
  });

/** A CSL item as Lectern stores it; `issued` is optional, since a reading's date may be unknown. */
export const cslItemSchema = z.strictObject({
  id: nonEmptyText.optional(),
  type: z.enum(CSL_TYPES),
  title: nonEmptyText,
  'title-short': nonEmptyText.optional(),
  author: z.array(cslNameSchema).min(1).optional(),
  editor: z.array(cslNameSchema).min(1).optional(),
  issued: cslDateSchema.optional(),
  'container-title': nonEmptyText.optional(),
  'collection-title': nonEmptyText.optional(),
  number: numberish.optional(),
  volume: numberish.optional(),
  issue: numberish.optional(),
  page: numberish.optional(),
  edition: numberish.optional(),
  publisher: nonEmptyText.optional(),
  'publisher-place': nonEmptyText.optional(),
  event: nonEmptyText.optional(),
  'event-title': nonEmptyText.optional(),
  'event-place': nonEmptyText.optional(),
  genre: nonEmptyText.optional(),
  medium: nonEmptyText.optional(),
  // http(s) only: a stated `javascript:` or `data:` address is not a link a reader should be given.
  URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) address' }).optional(),
  ISSN: numberish.optional(),
  DOI: nonEmptyText.optional(),
  note: nonEmptyText.optional(),
  keyword: nonEmptyText.optional(),
  abstract: nonEmptyText.optional(),
  language: nonEmptyText.optional(),
  'original-title': nonEmptyText.optional(),
  'translated-title': nonEmptyText.optional(),
});

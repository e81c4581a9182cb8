/** Discord's hard limits on what a bot may send; every reply is built to fit inside them. */
export const DISCORD_LIMITS = {
  contentLength: 2000,
  embedTitleLength: 256,
  embedDescriptionLength: 4096,
  embedFieldCount: 25,
  embedFieldNameLength: 256,
  embedFieldValueLength: 1024,
  embedFooterLength: 2048,
  embedAuthorNameLength: 256,
  embedsTotalLength: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabelLength: 80,
  customIdLength: 100,
  autocompleteChoices: 25,
  choiceNameLength: 100,
  choiceValueLength: 100,
  /** Discord drops an interaction that is not acknowledged within this many milliseconds. */
  acknowledgeWithinMs: 3000,
} as const;

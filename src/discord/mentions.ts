/** Lectern's messages ping no one: every reply and post passes this as allowedMentions. */
export const NO_MENTIONS = { parse: [] } as const;

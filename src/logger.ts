import { type Logger, type LoggerOptions, pino } from 'pino';

/** Paths pino must never print: the bot token wherever a context object might carry it. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'discordToken',
  '*.discordToken',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'config.discordToken',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
  'interaction.token',
];

export function createLogger(options: {
  level: LoggerOptions['level'];
  destination?: pino.DestinationStream;
}) {
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { app: 'lectern' },
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}

export type { Logger };

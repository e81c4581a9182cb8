import { type Logger, type LoggerOptions, pino } from 'pino';

const CENSOR = '[redacted]';

/**
 * Keys whose values never reach a log line, at any depth and in any spelling (`Authorization`,
 * `x-webhook-token`, `discordToken`, `DISCORD_TOKEN`): credentials, and request bodies, which carry what
 * people typed and, for interaction callbacks, nothing we need to diagnose a failure.
 */
function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return (
    normalized.endsWith('token') ||
    normalized.endsWith('authorization') ||
    normalized.endsWith('secret') ||
    normalized.endsWith('cookie') ||
    normalized === 'password' ||
    normalized === 'databaseurl' ||
    normalized === 'requestbody'
  );
}

/** Interaction and webhook tokens sit in the URL path: /interactions/{id}/{token}/callback, /webhooks/{id}/{token}. */
const URL_TOKEN = /(\/(?:interactions|webhooks)\/\d+\/)[^/?#\s"'<>]+/g;
/** An Authorization value; a credential is long, so "the Bot said" stays readable. */
const AUTHORIZATION_VALUE = /\b(Bot|Bearer|Basic)\s+[\w.~+/=-]{12,}/g;
/** The shape of a Discord bot token: base64 user id, timestamp, signature. */
const TOKEN_SHAPED = /\b[\w-]{20,}\.[\w-]{6,}\.[\w-]{27,}/g;

/** A password in a connection URL (DATABASE_URL): postgres://user:password@host. */
// Up to the last @ before the host, since a password may itself hold an @; the user may be empty.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^\s/]*@(?=[^@\s/]*(?:[/?#\s]|$))/gi;

/** Masks interaction and webhook tokens in URLs, `Bot …`/`Bearer …` values, token-shaped strings and `secrets`. */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let masked = text
    .replace(URL_TOKEN, `$1${CENSOR}`)
    .replace(AUTHORIZATION_VALUE, `$1 ${CENSOR}`)
    .replace(TOKEN_SHAPED, CENSOR)
    .replace(URL_PASSWORD, `$1${CENSOR}@`);
  for (const secret of secrets) if (secret) masked = masked.replaceAll(secret, CENSOR);
  return masked;
}

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  cause?: unknown;
  errors?: unknown[];
  [key: string]: unknown;
}

const MAX_DEPTH = 8;

/**
 * An error as a log line may show it: its type, message and stack, and its scalar properties (code, status,
 * method, url), all masked; its cause and aggregated errors the same way. Object-valued properties are
 * dropped: on a discord.js REST error they are the request body and Discord's echo of it.
 */
export function serializeError(error: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const serialized: SerializedError = {
    type: error.name,
    message: maskSecrets(error.message, secrets),
    ...(error.stack ? { stack: maskSecrets(error.stack, secrets) } : {}),
  };
  for (const [key, value] of Object.entries(error)) {
    if (key in serialized || isSecretKey(key)) continue;
    if (typeof value === 'string') serialized[key] = maskSecrets(value, secrets);
    else if (typeof value === 'number' || typeof value === 'boolean') serialized[key] = value;
  }
  if (depth < MAX_DEPTH) {
    if (error.cause !== undefined) serialized.cause = scrub(error.cause, secrets, depth + 1);
    if (error instanceof AggregateError) {
      serialized.errors = error.errors.map((inner) => scrub(inner, secrets, depth + 1));
    }
  }
  return serialized;
}

/**
 * A copy of a log object with secrets censored by key at any depth, strings masked and errors serialized.
 * Class instances are copied through their `toJSON` (discord.js structures flatten to ids there) or their
 * own fields, so an interaction logged whole still loses its token.
 */
function scrub(
  value: unknown,
  secrets: readonly string[],
  depth: number,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') return maskSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (value instanceof Error) return serializeError(value, secrets, depth);
  if (value instanceof URL) return maskSecrets(value.href, secrets);
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, depth + 1, seen));
  const prototype = Object.getPrototypeOf(value);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (prototype !== Object.prototype && prototype !== null && typeof toJSON === 'function') {
    return scrub(toJSON.call(value), secrets, depth + 1, seen);
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      isSecretKey(key) ? CENSOR : scrub(item, secrets, depth + 1, seen),
    ]),
  );
}

export function createLogger(options: {
  level: LoggerOptions['level'];
  destination?: pino.DestinationStream;
  /** Values to mask wherever they appear, such as the configured bot token. */
  secrets?: ReadonlyArray<string | undefined>;
}) {
  const secrets = (options.secrets ?? []).filter((secret): secret is string => Boolean(secret));
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'lectern' },
    serializers: { err: (error: unknown) => serializeError(error, secrets) },
    formatters: {
      log: (object) => scrub(object, secrets, 0) as Record<string, unknown>,
      bindings: (bindings) => scrub(bindings, secrets, 0) as Record<string, unknown>,
    },
    hooks: {
      // The message is written before the formatters run, so it is masked here; pino would otherwise
      // take an error's unmasked message as the line's message when none is given.
      logMethod(args, method) {
        const [first, ...rest] = (args as unknown[]).map((arg) =>
          typeof arg === 'string' ? maskSecrets(arg, secrets) : arg,
        );
        const merged = first instanceof Error ? { err: first } : first;
        const error = (merged as { err?: unknown } | null)?.err;
        if (error instanceof Error && typeof rest[0] !== 'string') {
          rest.unshift(maskSecrets(error.message, secrets));
        }
        method.apply(this, [merged, ...rest] as Parameters<typeof method>);
      },
    },
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}

export type { Logger };

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * The nearest folder above this module holding package.json. Walking up, rather than a fixed "..", finds
 * the same root from src/config.ts (tsx) and from dist/src/config.js (the compiled `npm start`).
 */
function findProjectRoot(moduleDirectory: string): string {
  for (let directory = moduleDirectory; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'package.json'))) return directory;
    if (dirname(directory) === directory) {
      throw new Error(`Lectern: no package.json in any folder above ${moduleDirectory}`);
    }
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord snowflake (17-20 digits)');

/** Empty strings in .env mean "not set", as a newcomer copying .env.example would expect. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );

/**
 * The bot token travels in every REST request's Authorization header, so plain http is allowed only where it
 * never leaves this machine: the local stand-in or a REST proxy on loopback.
 */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

const apiUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK_HOST.test(url.hostname);
}, 'must use https (plain http is accepted only for loopback: localhost, 127.0.0.0/8, [::1])');

/** "false", "0", "no" and "off" mean false; anything else is refused rather than guessed. */
const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' }))
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const configSchema = z.object({
  DISCORD_TOKEN: optional(z.string().min(50, 'looks too short to be a bot token')),
  DISCORD_CLIENT_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_API_URL: optional(apiUrl),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  DATABASE_PATH: optional(z.string()),
  DATABASE_URL: optional(
    z.string().refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
      message: 'must be a postgres:// or postgresql:// URL',
    }),
  ),
  DATA_DIR: optional(z.string()),
  STRICT_DATA: optional(booleanFlag),
  TIME_ZONE: optional(z.string().refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone')),
  SHARED_LIBRARY: optional(booleanFlag),
  OPERATOR_IDS: optional(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      )
      .pipe(z.array(snowflake)),
  ),
  DOI_RESOLVER_URL: optional(
    z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).refine((value) => {
      const url = new URL(value);
      return url.protocol === 'https:' || LOOPBACK_HOST.test(url.hostname);
    }, 'must use https (plain http is accepted only for loopback)'),
  ),
  UPLOAD_MAX_MB: optional(z.coerce.number().int().min(1).max(100)),
  UPLOAD_MAX_PAGES: optional(z.coerce.number().int().min(1).max(5000)),
  FETCH_PRIVATE_NETWORKS: optional(booleanFlag),
  SHARDS: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(?:auto|[1-9]\d{0,4})$/, 'must be auto or a number of shards (1 or more)')
      .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value))),
  ),
  DISCORD_PUBLIC_KEY: optional(
    z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the application public key: 64 hexadecimal characters')
      .transform((value) => value.toLowerCase()),
  ),
  INTERACTIONS_PORT: optional(z.coerce.number().int().min(1).max(65_535)),
  INTERACTIONS_HOST: optional(z.string().trim().min(1)),
  WORKERS: optional(z.coerce.number().int().min(1).max(64)),
});

/** Every environment variable Lectern reads; `.env.example` documents each one. */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape);

export interface Config {
  /** Absent in local mode: the bot then runs against the built-in Discord stand-in. */
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  /** REST base without the version, as discord.js's `rest.api` expects (e.g. https://discord.com/api). */
  discordApiUrl: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  databasePath: string;
  /** Set: all state is in this Postgres database (several hosts share it); unset: SQLite at databasePath. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** True (the default): any malformed data file stops start-up. False: such a file is skipped and logged. */
  strictData: boolean;
  timeZone: string;
  /** True (the default): the data-directory library is shown in every server beside the server's own readings. */
  sharedLibrary: boolean;
  /** Users who run the bot itself and may reload the shared library (`/library reload`). */
  operatorIds: readonly string[];
  /** Where a DOI is resolved to CSL-JSON by content negotiation, without a trailing slash. */
  doiResolverUrl: string;
  /** The largest file `/library add` takes, in bytes. */
  uploadMaxBytes: number;
  /** The most pages (PDF) or chapters (EPUB) `/library add` takes. */
  uploadMaxPages: number;
  /**
   * False (the default): `/library add url:` refuses addresses on loopback and private networks, so a member
   * cannot make the bot fetch from the host's own network. Attachments Discord hands over are always fetched.
   */
  fetchPrivateNetworks: boolean;
  /**
   * Gateway sharding: 'auto' (the count Discord recommends) or a number of shards, each run in its own
   * process by discord.js's ShardingManager. Absent (the default): one process, one shard.
   */
  shards: 'auto' | number | undefined;
  /**
   * HTTP interactions mode, when both the application's public key and a port are set: Discord POSTs each
   * interaction to this process instead of sending it over the gateway. Undefined: gateway mode.
   */
  interactions: { publicKey: string; port: number; host: string; workers: number } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once; every other module receives the resulting object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // In a process the ShardingManager started, discord.js sets SHARDS to that process's shard ids: it is
  // not the setting, which only the manager reads.
  const parsed = configSchema.safeParse(
    env.SHARDING_MANAGER === 'true' ? { ...env, SHARDS: undefined } : env,
  );
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const halfSet = interactionsProblems(values);
  if (halfSet.length > 0) throw new ConfigError(halfSet);
  return {
    discordToken: values.DISCORD_TOKEN,
    discordClientId: values.DISCORD_CLIENT_ID,
    discordGuildId: values.DISCORD_GUILD_ID,
    discordApiUrl: values.DISCORD_API_URL?.replace(/\/+$/, ''),
    logLevel: values.LOG_LEVEL ?? 'info',
    databasePath: resolve(PROJECT_ROOT, values.DATABASE_PATH ?? 'data/state/lectern.sqlite'),
    databaseUrl: values.DATABASE_URL,
    dataDir: resolve(PROJECT_ROOT, values.DATA_DIR ?? 'data'),
    strictData: values.STRICT_DATA ?? true,
    timeZone: values.TIME_ZONE ?? 'UTC',
    sharedLibrary: values.SHARED_LIBRARY ?? true,
    operatorIds: values.OPERATOR_IDS ?? [],
    doiResolverUrl: (values.DOI_RESOLVER_URL ?? 'https://doi.org').replace(/\/+$/, ''),
    uploadMaxBytes: (values.UPLOAD_MAX_MB ?? 20) * 1024 * 1024,
    uploadMaxPages: values.UPLOAD_MAX_PAGES ?? 500,
    fetchPrivateNetworks: values.FETCH_PRIVATE_NETWORKS ?? false,
    shards: values.SHARDS,
    interactions:
      values.DISCORD_PUBLIC_KEY && values.INTERACTIONS_PORT
        ? {
            publicKey: values.DISCORD_PUBLIC_KEY,
            port: values.INTERACTIONS_PORT,
            host: values.INTERACTIONS_HOST ?? '0.0.0.0',
            workers: values.WORKERS ?? 1,
          }
        : undefined,
  };
}

/** HTTP interactions mode needs the key, the port and a token together; one without the others is a slip. */
function interactionsProblems(values: z.infer<typeof configSchema>): string[] {
  const { DISCORD_PUBLIC_KEY: key, INTERACTIONS_PORT: port } = values;
  if (!key && !port) return [];
  if (!key) return ['DISCORD_PUBLIC_KEY: must be set with INTERACTIONS_PORT (HTTP interactions mode)'];
  if (!port) return ['INTERACTIONS_PORT: must be set with DISCORD_PUBLIC_KEY (HTTP interactions mode)'];
  if (!values.DISCORD_TOKEN) {
    return ['DISCORD_TOKEN: HTTP interactions mode needs the bot token too (follow-ups and posts use it)'];
  }
  if (values.SHARDS !== undefined) {
    return [
      'SHARDS: gateway shards do not apply in HTTP interactions mode, which takes no gateway connection; use WORKERS for more processes',
    ];
  }
  return [];
}

/** Loads `.env` from the project root when present, without overriding variables already set. */
export function loadDotEnv(path = resolve(PROJECT_ROOT, '.env')): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

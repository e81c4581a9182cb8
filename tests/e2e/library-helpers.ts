import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  InteractionRecord,
  Standin,
  StandinUser,
  StoredMessage,
} from '../../src/discord-standin/server.js';
import { until } from './until.js';

export type Json = Record<string, unknown>;
export type Embed = {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
};
export type Button = { custom_id: string; label: string };

export const sub = (name: string, options: Json[] = []) => [{ name, type: 1, options }];

export const embedsOf = (message: StoredMessage | undefined) => (message?.embeds ?? []) as Embed[];
export const textOf = (message: StoredMessage | undefined) =>
  message ? JSON.stringify({ content: message.content, embeds: message.embeds }) : '';

export const buttons = (message: StoredMessage | undefined): Button[] =>
  ((message?.components ?? []) as unknown as Array<{ components: Button[] }>).flatMap(
    (row) => row.components,
  );

/** Progress edits end with an ellipsis; the answer does not. */
const isProgress = (message: StoredMessage) => message.embeds.length === 0 && /…$/.test(message.content);

/** The reply once it is final: an immediate answer, or a deferred one after its last edit. */
export async function answer(record: InteractionRecord, timeoutMs = 30_000): Promise<StoredMessage> {
  const first = await record.response;
  if (first.type === 4 || first.type === 7) return record.original as StoredMessage;
  return until(
    () => {
      const message = record.original;
      if (!message || (!message.content && message.embeds.length === 0) || isProgress(message))
        return undefined;
      return message;
    },
    'the deferred reply to be answered',
    timeoutMs,
  );
}

export function library(
  standin: Standin,
  subcommand: string,
  options: Json[] = [],
  context: { user?: StandinUser; channelId?: string } = {},
): InteractionRecord {
  return standin.command('library', sub(subcommand, options), { user: standin.users.moderator, ...context });
}

export interface Served {
  bytes: Uint8Array | string;
  type?: string;
  status?: number;
}

/** A loopback web server for `url:` adds and DOI look-ups; `files` can change between tests. */
export async function startFileServer(
  files: Map<string, Served>,
): Promise<{ url(path: string): string; origin: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push(`${request.method} ${path} ${request.headers.accept ?? ''}`);
    const file = files.get(path);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(file.status ?? 200, file.type ? { 'content-type': file.type } : {});
    response.end(typeof file.bytes === 'string' ? file.bytes : Buffer.from(file.bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

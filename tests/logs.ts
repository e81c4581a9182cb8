import { Writable } from 'node:stream';
import { createLogger } from '../src/logger.js';

/**
 * A real pino logger whose lines (one JSON object each) are collected in `lines`, for tests that read what
 * was logged. `lines` may be passed in, for a test that keeps it beside the logger's owner.
 */
export function capturingLogger(
  options: { level?: Parameters<typeof createLogger>[0]['level']; secrets?: string[]; lines?: string[] } = {},
) {
  const lines = options.lines ?? [];
  const logger = createLogger({
    level: options.level ?? 'debug',
    ...(options.secrets ? { secrets: options.secrets } : {}),
    destination: new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    }),
  });
  return { logger, lines };
}

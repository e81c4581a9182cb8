import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Standin } from '../discord-standin/server.js';
import { type AttachmentResolver, CommandLineError } from './parse.js';
import { formatSize } from './render.js';

export interface FileAttacherOptions {
  standin: Standin;
  /** The channel the person types in now: Discord uploads an option's file to it. */
  channelId: () => string;
  /** What a relative path is relative to; the current directory when absent. */
  workingDirectory?: string;
}

/** `~` and `~/…` are the home folder, as in a shell; anything else is relative to the working directory. */
export function resolveLocalPath(typed: string, workingDirectory = process.cwd()): string {
  const expanded = typed === '~' || typed.startsWith('~/') ? path.join(homedir(), typed.slice(1)) : typed;
  return path.resolve(workingDirectory, expanded);
}

/**
 * Attaches a file from this computer the way Discord's client does when someone picks one for an attachment
 * option: refused before anything is sent when it is missing, a folder, or over the upload limit Discord
 * states for the server (attachment_size_limit); otherwise uploaded to the stand-in's CDN.
 */
export function createFileAttacher(options: FileAttacherOptions): AttachmentResolver {
  const { standin } = options;
  return {
    attach(typed, optionName) {
      const file = resolveLocalPath(typed, options.workingDirectory);
      const refuse = (why: string) => new CommandLineError(`${optionName}: ${why}`);
      let stats: ReturnType<typeof statSync>;
      try {
        stats = statSync(file);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR')
          throw refuse(
            `there is no file ${file}${path.isAbsolute(typed) ? '' : ' (paths are relative to the folder you started Lectern in)'}`,
          );
        throw refuse(`cannot read ${file} (${code ?? String(error)})`);
      }
      if (stats.isDirectory()) throw refuse(`${file} is a folder; give the path of a file in it`);
      if (!stats.isFile()) throw refuse(`${file} is not a regular file`);
      const limit = standin.attachmentSizeLimit;
      if (stats.size > limit) {
        // Just over the limit rounds to the limit itself; then only bytes show the difference.
        const [size, most] =
          formatSize(stats.size) === formatSize(limit)
            ? [`${stats.size} bytes`, `${limit} bytes`]
            : [formatSize(stats.size), formatSize(limit)];
        throw refuse(`${path.basename(file)} is ${size}, over the ${most} Discord takes per file here`);
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw refuse(`cannot read ${file} (${errorCode(error) ?? String(error)})`);
      }
      return standin.upload({ filename: path.basename(file), bytes, channelId: options.channelId() }).id;
    },
  };
}

/** The system error code (ENOENT, EACCES, …) of a failed file operation. */
function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

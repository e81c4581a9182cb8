import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the tests' Postgres server (see postgres-server.ts). */
    postgresUrl: string;
  }
}

/** One Postgres server for the whole run, shared by every test file; each test gets its own schema or database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}

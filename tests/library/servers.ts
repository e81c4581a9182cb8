import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, expect } from 'vitest';
import { FetchError, type FetchErrorCode } from '../../src/library/fetch.js';

export interface SeenRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface TestServer {
  /** "http://127.0.0.1:PORT", without a trailing slash. */
  origin: string;
  port: number;
  /** Every request the server received, in order. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

const running: TestServer[] = [];

/** A loopback HTTP server for one test; every server started is closed after the test, connections and all. */
export async function startServer(
  handler: (request: http.IncomingMessage, response: http.ServerResponse, server: TestServer) => void,
): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const requests: SeenRequest[] = [];
  let self: TestServer | undefined;
  const server = http.createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    if (self) handler(request, response, self);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  self = {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  running.push(self);
  return self;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Awaits a rejection and checks that it is a FetchError for `reason`; returns it for the message checks. */
export async function fetchRefusal(promise: Promise<unknown>, reason: FetchErrorCode): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FetchError);
  expect((error as FetchError).reason, (error as Error).message).toBe(reason);
  return error as FetchError;
}

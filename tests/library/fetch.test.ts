import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  cleanFilename,
  fetchAttachment,
  fetchDocument,
  fetchGuarded,
  filenameFromDisposition,
  isPrivateAddress,
} from '../../src/library/fetch.js';
import { fetchRefusal, startServer } from './servers.js';

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const MB = 1024 * 1024;
const open = { maxBytes: MB, allowPrivateNetworks: true } as const;
const closed = { maxBytes: MB, allowPrivateNetworks: false } as const;

/** Loopback stands in for the public internet; every other private address is refused as usual. */
const loopbackIsPublic = (address: string) => address !== '127.0.0.1' && isPrivateAddress(address);

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['100.127.255.255', true],
    ['100.128.0.1', false],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['93.184.215.14', false],
    ['::1', true],
    ['[::1]', true],
    ['::', true],
    ['fd12:3456::1', true],
    ['fc00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:a9fe:a9fe', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::a00:1', true],
    ['2606:4700:4700::1111', false],
    ['not-an-address', true],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('file names', () => {
  it('reads Content-Disposition in its three spellings and keeps only a clean last segment', () => {
    expect(filenameFromDisposition('attachment; filename="Park 2013.pdf"')).toBe('Park 2013.pdf');
    expect(filenameFromDisposition('attachment; filename=report.pdf')).toBe('report.pdf');
    expect(
      filenameFromDisposition(
        `attachment; filename="fallback.pdf"; filename*=UTF-8''%EB%B0%95%20%EC%A7%84%ED%98%B8.pdf`,
      ),
    ).toBe('박 진호.pdf');
    expect(filenameFromDisposition("attachment; filename*=ISO-8859-1''caf%E9.pdf")).toBe('café.pdf');
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromDisposition('inline')).toBeUndefined();
    expect(cleanFilename('a\u202Efdp.exe')).toBe('afdp.exe');
    expect(cleanFilename('..hidden')).toBe('hidden');
    expect(cleanFilename('dir/')).toBeUndefined();
  });
});

describe('fetchDocument', () => {
  it('returns the bytes, the content type, the decoded file name from the path and the final URL', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': PDF.byteLength });
      response.end(PDF);
    });
    const progress: Array<[number, number | undefined]> = [];
    const file = await fetchDocument(`${server.origin}/papers/Park%20%26%20Jung%202013.pdf?download=1`, {
      ...open,
      onProgress: (received, total) => progress.push([received, total]),
    });
    expect(Buffer.from(file.bytes).equals(Buffer.from(PDF))).toBe(true);
    expect(file.contentType).toBe('application/pdf');
    expect(file.filename).toBe('Park & Jung 2013.pdf');
    expect(file.finalUrl).toBe(`${server.origin}/papers/Park%20%26%20Jung%202013.pdf?download=1`);
    expect(progress.at(-1)).toEqual([PDF.byteLength, PDF.byteLength]);
    expect(server.requests[0]?.headers.accept).toContain('application/pdf');
  });

  it('prefers the Content-Disposition file name to the path', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': 'attachment; filename="Korea Journal 53-2.pdf"',
      });
      response.end(PDF);
    });
    const file = await fetchDocument(`${server.origin}/download?id=7`, open);
    expect(file.filename).toBe('Korea Journal 53-2.pdf');
    expect(file.contentType).toBe('application/octet-stream');
  });

  it('follows a chain of redirects, relative ones included, and reports where it ended', async () => {
    const server = await startServer((request, response) => {
      const hops: Record<string, string> = {
        '/a': '/b',
        '/b': 'c',
        '/c': `${server.origin}/final/reading.pdf`,
      };
      const next = hops[request.url ?? ''];
      if (next) {
        response.writeHead(request.url === '/b' ? 307 : 302, { Location: next });
        response.end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/pdf' });
      response.end(PDF);
    });
    const file = await fetchDocument(`${server.origin}/a`, open);
    expect(file.finalUrl).toBe(`${server.origin}/final/reading.pdf`);
    expect(file.filename).toBe('reading.pdf');
    expect(server.requests.map((request) => request.url)).toEqual(['/a', '/b', '/c', '/final/reading.pdf']);
  });

  it('stops after five redirects', async () => {
    const server = await startServer((request, response) => {
      const hop = Number(request.url?.slice(1) ?? 0);
      response.writeHead(302, { Location: `/${hop + 1}` });
      response.end();
    });
    const error = await fetchRefusal(fetchDocument(`${server.origin}/0`, open), 'unreachable');
    expect(error.message).toContain('more than 5');
    expect(server.requests).toHaveLength(6);
  });

  it.each([
    ['the loopback address itself', (port: number) => `http://127.0.0.1:${port}/reading.pdf`],
    ['a name that resolves to loopback', (port: number) => `http://localhost:${port}/reading.pdf`],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/reading.pdf`],
    ['IPv4-mapped IPv6 loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/reading.pdf`],
    ['loopback written as a decimal number', (port: number) => `http://2130706433:${port}/reading.pdf`],
  ])('refuses %s unless private networks are allowed, without sending a request', async (_label, address) => {
    const server = await startServer((_request, response) => response.end(PDF));
    const error = await fetchRefusal(fetchDocument(address(server.port), closed), 'private-address');
    expect(error.message).toContain('private or local network');
    expect(server.requests).toHaveLength(0);
    await expect(fetchDocument(`http://127.0.0.1:${server.port}/reading.pdf`, open)).resolves.toBeDefined();
  });

  it('refuses cloud metadata without connecting', async () => {
    const error = await fetchRefusal(
      fetchDocument('http://169.254.169.254/latest/meta-data/', { ...closed, timeoutMs: 60_000 }),
      'private-address',
    );
    expect(error.message).toContain('169.254.169.254');
  });

  it('checks every redirect hop: a public page that redirects into a private network is refused', async () => {
    const server = await startServer((request, response) => {
      if (request.url === '/to-metadata')
        response.writeHead(302, { Location: 'http://169.254.169.254/latest/' });
      else if (request.url === '/to-loopback')
        response.writeHead(302, { Location: `http://127.0.0.2:${server.port}/` });
      else response.writeHead(200, { 'Content-Type': 'application/pdf' });
      response.end(request.url === '/ok' ? PDF : undefined);
    });
    const guarded = { maxBytes: MB, accept: '*/*', refuseAddress: loopbackIsPublic };
    await expect(fetchGuarded(`${server.origin}/ok`, guarded)).resolves.toMatchObject({ status: 200 });
    await fetchRefusal(fetchGuarded(`${server.origin}/to-metadata`, guarded), 'private-address');
    await fetchRefusal(fetchGuarded(`${server.origin}/to-loopback`, guarded), 'private-address');
    expect(server.requests.map((request) => request.url)).toEqual(['/ok', '/to-metadata', '/to-loopback']);
  });

  it('refuses a redirect to something other than http(s)', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(302, { Location: 'file:///etc/passwd' });
      response.end();
    });
    const error = await fetchRefusal(fetchDocument(`${server.origin}/`, open), 'bad-url');
    expect(error.message).toContain('redirected');
  });

  it.each([
    ['not a URL', 'reading.pdf', 'not a web address'],
    ['another scheme', 'ftp://example.org/reading.pdf', 'Only http and https'],
    ['a file URL', 'file:///etc/passwd', 'Only http and https'],
    ['credentials', 'https://reader:s3cret@example.org/reading.pdf', 'user name or password'],
  ])('refuses %s as a bad URL', async (_label, address, phrase) => {
    const error = await fetchRefusal(fetchDocument(address, open), 'bad-url');
    expect(error.message).toContain(phrase);
    expect(error.message).not.toContain('s3cret');
    expect(error).toBeInstanceOf(UserError);
    expect(error.code).toBe('invalid-input');
  });

  it('refuses a body larger than the cap from its Content-Length, before reading it', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': 3 * MB });
      response.write(new Uint8Array(64 * 1024));
    });
    let progressCalls = 0;
    const error = await fetchRefusal(
      fetchDocument(`${server.origin}/big.pdf`, { ...open, onProgress: () => progressCalls++ }),
      'too-large',
    );
    expect(error.message).toContain('3 MB');
    expect(error.message).toContain('1 MB');
    expect(progressCalls).toBe(0);
  });

  it('stops reading a body without Content-Length once it passes the cap', async () => {
    let written = 0;
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      const chunk = new Uint8Array(16 * 1024).fill(0x61);
      // Endless: the test can only finish if the client stops reading.
      const pump = () => {
        if (response.destroyed || response.writableEnded) return;
        written += chunk.byteLength;
        if (response.write(chunk)) setImmediate(pump);
        else response.once('drain', pump);
      };
      response.on('close', () => undefined);
      pump();
    });
    let largest = 0;
    const error = await fetchRefusal(
      fetchDocument(`${server.origin}/endless`, {
        ...open,
        maxBytes: 100 * 1024,
        onProgress: (received) => {
          largest = Math.max(largest, received);
        },
      }),
      'too-large',
    );
    expect(error.message).toContain('larger than 0.1 MB');
    expect(largest).toBeLessThanOrEqual(100 * 1024);
    expect(written).toBeGreaterThan(100 * 1024);
  });

  it('caps a compressed body by its unpacked size', async () => {
    const packed = gzipSync(new Uint8Array(2 * MB));
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' });
      response.end(packed);
    });
    expect(packed.byteLength).toBeLessThan(MB);
    await fetchRefusal(fetchDocument(`${server.origin}/`, open), 'too-large');
  });

  it('unpacks a gzip body', async () => {
    const html = '<html><head><title>A page</title></head><body><p>Text</p></body></html>';
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip' });
      response.end(gzipSync(html));
    });
    const file = await fetchDocument(`${server.origin}/page`, open);
    expect(new TextDecoder().decode(file.bytes)).toBe(html);
    expect(file.contentType).toBe('text/html; charset=utf-8');
  });

  it('times out when the server never answers, and when the body stalls', async () => {
    const server = await startServer((request, response) => {
      if (request.url === '/stall') {
        response.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': 1000 });
        response.write(PDF);
      }
      // Otherwise: never answer.
    });
    const silent = await fetchRefusal(
      fetchDocument(`${server.origin}/silent`, { ...open, timeoutMs: 150 }),
      'timeout',
    );
    expect(silent.message).toContain(`127.0.0.1:${server.port}`);
    expect(silent.message).toContain('0.2 s');
    await fetchRefusal(fetchDocument(`${server.origin}/stall`, { ...open, timeoutMs: 150 }), 'timeout');
  });

  it('names the status for a non-2xx answer, and never the query string', async () => {
    const server = await startServer((request, response) => {
      response.writeHead(request.url?.startsWith('/gone') ? 404 : request.url === '/private' ? 403 : 500, {
        'Content-Type': 'text/html',
      });
      response.end('<h1>Error</h1>');
    });
    const missing = await fetchRefusal(
      fetchDocument(`${server.origin}/gone.pdf?signature=SECRET123`, open),
      'http-status',
    );
    expect(missing.status).toBe(404);
    expect(missing.message).toContain('HTTP 404');
    expect(missing.message).toContain(`127.0.0.1:${server.port}`);
    expect(missing.message).not.toContain('SECRET123');
    expect(missing.message).not.toContain('gone.pdf');
    const forbidden = await fetchRefusal(fetchDocument(`${server.origin}/private`, open), 'http-status');
    expect(forbidden.message).toContain('login');
    const failing = await fetchRefusal(fetchDocument(`${server.origin}/broken`, open), 'http-status');
    expect(failing.status).toBe(500);
    expect(failing.message).toContain('try again later');
  });

  it('refuses images, video, audio and fonts, and takes an HTML page or unknown bytes', async () => {
    const server = await startServer((request, response) => {
      const type = decodeURIComponent(request.url?.slice(1) ?? '');
      response.writeHead(200, { 'Content-Type': type });
      response.end(PDF);
    });
    for (const type of ['image/png', 'video/mp4', 'audio/mpeg; codecs=mp3', 'font/woff2']) {
      const error = await fetchRefusal(
        fetchDocument(`${server.origin}/${encodeURIComponent(type)}`, open),
        'not-a-document',
      );
      expect(error.message).toContain(type.split(';')[0]);
    }
    for (const type of ['text/html; charset=utf-8', 'application/octet-stream', 'application/zip']) {
      const file = await fetchDocument(`${server.origin}/${encodeURIComponent(type)}`, open);
      expect(file.contentType).toBe(type);
    }
  });

  it('reports a connection that breaks off mid-body, and a port nobody listens on', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': 5000 });
      response.write(PDF, () => response.socket?.destroy());
    });
    const broken = await fetchRefusal(fetchDocument(`${server.origin}/`, open), 'unreachable');
    expect(broken.message).toContain('broke off');
    const port = server.port;
    await server.close();
    const refused = await fetchRefusal(fetchDocument(`http://127.0.0.1:${port}/`, open), 'unreachable');
    expect(refused.message).toContain('refused the connection');
  });

  it("passes the caller's own abort through as it was sent", async () => {
    const server = await startServer(() => undefined);
    const controller = new AbortController();
    const reason = new Error('the moderator cancelled');
    const pending = fetchDocument(`${server.origin}/`, { ...open, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('fetchAttachment', () => {
  it('fetches from loopback (where the stand-in serves attachments) when the size matches', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': PDF.byteLength });
      response.end(PDF);
    });
    const file = await fetchAttachment(`${server.origin}/attachments/1/2/reading.pdf?ex=abc&hm=def`, {
      maxBytes: MB,
      declaredSize: PDF.byteLength,
    });
    expect(file.bytes.byteLength).toBe(PDF.byteLength);
    expect(file.filename).toBe('reading.pdf');
  });

  it('refuses an upload that did not arrive whole, by header and by the body read', async () => {
    const server = await startServer((request, response) => {
      if (request.url === '/chunked') response.writeHead(200, { 'Content-Type': 'application/pdf' });
      else response.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': PDF.byteLength });
      response.end(PDF);
    });
    const declaredSize = PDF.byteLength + 10;
    for (const path of ['/fixed', '/chunked']) {
      const error = await fetchRefusal(
        fetchAttachment(`${server.origin}${path}`, { maxBytes: MB, declaredSize }),
        'unreachable',
      );
      expect(error.message).toBe('The upload did not arrive whole; send it again.');
    }
  });

  it('refuses an attachment Discord says is larger than the cap without fetching it', async () => {
    const server = await startServer((_request, response) => response.end(PDF));
    const error = await fetchRefusal(
      fetchAttachment(`${server.origin}/a.pdf`, { maxBytes: MB, declaredSize: 25 * MB }),
      'too-large',
    );
    expect(error.message).toContain('25 MB');
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the same cap while streaming', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/pdf' });
      response.end(new Uint8Array(2 * MB));
    });
    await fetchRefusal(fetchAttachment(`${server.origin}/a.pdf`, { maxBytes: MB }), 'too-large');
  });
});

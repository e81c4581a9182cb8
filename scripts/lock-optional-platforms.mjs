// Records platform-specific optional packages that this machine's registry does not serve in
// package-lock.json, so `npm ci` accepts the lock (npm/cli#9846: npm install leaves unavailable optional
// dependencies out of the lock, then npm ci rejects it). Each entry carries its os/cpu/libc, so npm skips
// it on every other platform and never fetches it. Run after `npm install`: npm run lock:fix
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const platformOf = (name) => {
  const tail = name.split('/').pop() ?? '';
  const os = [
    'android',
    'darwin',
    'linux',
    'win32',
    'freebsd',
    'openbsd',
    'openharmony',
    'netbsd',
    'sunos',
    'aix',
  ].find((candidate) => tail.includes(`-${candidate}-`) || tail.startsWith(`${candidate}-`));
  const cpu = [
    'arm64',
    'x64',
    'ia32',
    'arm',
    'loong64',
    'ppc64',
    'riscv64',
    's390x',
    'mips64el',
    'wasm32',
  ].find((candidate) =>
    new RegExp(`(^|-)${candidate}($|-)`).test(
      tail.replace(/-(gnu|musl|msvc|gnueabihf|musleabihf|eabi)$/, ''),
    ),
  );
  const libc = tail.includes('musl') ? 'musl' : tail.includes('-gnu') ? 'glibc' : undefined;
  return { os, cpu, libc };
};
let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const nested = `${location}/node_modules/${name}`;
    if (packages[key] || packages[nested]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os || !cpu) continue;
    packages[key] = {
      version: String(range).replace(/^[~^=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock:fix recorded ${added} platform-specific optional packages`);

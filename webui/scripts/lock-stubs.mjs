// `npm ci` refuses a lock file that misses an optional dependency, and the registry this project
// reaches lacks some platform builds that npm therefore leaves out of the lock (for example
// msgpackr-extract's macOS and Windows binaries). This adds an entry for each such platform
// package (its os and cpu read from its name), which npm ci then skips on other platforms.
// Run it after `npm install` changed the lock: `npm run lock:stubs`.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const PLATFORM = /-(darwin|linux|win32|freebsd|android|openbsd|sunos|aix)-(x64|arm64|arm|ia32|riscv64|ppc64|s390x|loong64)(-.*)?$/;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const stub = `node_modules/${name}`;
    const match = name.match(PLATFORM);
    if (packages[stub] || packages[`${key}/node_modules/${name}`] || !match) {
      continue;
    }
    packages[stub] = { version, cpu: [match[2]], dev: entry.dev ?? false, optional: true, os: [match[1]] };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock:stubs: ${added} platform package(s) added`);

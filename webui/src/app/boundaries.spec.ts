/** The structure rule: a context (shell, library, studio, runs, admin) uses only its own code
 * and core/; core/ uses no context. What two contexts share moves to core/. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const APP = dirname(fileURLToPath(import.meta.url));
const CONTEXTS = ['shell', 'library', 'studio', 'runs', 'admin'];

/** Every source file under a folder (specs included: they follow the same rule). */
function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? files(path) : /\.(ts|html|scss)$/.test(path) ? [path] : [];
  });
}

/** The top folder of src/app a file is in ('' for the app's own files: app.ts, routes). */
function areaOf(path: string): string {
  const parts = relative(APP, path).split(sep);
  return parts.length > 1 ? parts[0] : '';
}

/** The relative paths a file refers to: imports, exports, lazy routes, templates, styles. */
function specifiers(text: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
    /\b(?:templateUrl|styleUrl)\s*:\s*['"]([^'"]+)['"]/g,
    /\bstyleUrls\s*:\s*\[([^\]]*)\]/g,
    /@(?:use|forward|import)\s+['"]([^'"]+)['"]/g,
  ];
  const found = patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]));
  return found
    .flatMap((s) => (s.includes(',') || s.includes("'") ? (s.match(/[^'",\s]+/g) ?? []) : [s]))
    .filter((s) => s.startsWith('.'));
}

type Read = (path: string) => string;

const readText: Read = (path) => readFileSync(path, 'utf8');

/** The component selectors each area declares, to find templates using another's. */
function selectors(sources: string[], read: Read): Map<string, string> {
  const declared = new Map<string, string>();
  for (const path of sources) {
    for (const m of read(path).matchAll(/\bselector:\s*'([a-z][\w-]*)'/g)) {
      declared.set(m[1], areaOf(path));
    }
  }
  return declared;
}

/** Whether code of area `from` may use code of area `to`. */
function allowed(from: string, to: string): boolean {
  if (from === '') {
    return true; // the app's root wires the contexts together
  }
  return to === from || !CONTEXTS.includes(to);
}

/** Each reference of a file that breaks the rule, as `file → target`. */
function crossingsOf(sources: string[], read: Read = readText): string[] {
  const declared = selectors(sources, read);
  const broken: string[] = [];
  for (const path of sources) {
    const from = areaOf(path);
    if (!from) {
      continue;
    }
    const text = read(path);
    for (const spec of specifiers(text)) {
      if (!allowed(from, areaOf(resolve(dirname(path), spec)))) {
        broken.push(`${relative(APP, path)} → ${spec}`);
      }
    }
    for (const m of text.matchAll(/<([a-z][\w]*-[\w-]+)/g)) {
      const to = declared.get(m[1]);
      if (to !== undefined && !allowed(from, to)) {
        broken.push(`${relative(APP, path)} → <${m[1]}> of ${to}/`);
      }
    }
  }
  return broken;
}

describe('the contexts', () => {
  const sources = files(APP);

  it('are all there (the check looks at real folders)', () => {
    const areas = new Set(sources.map(areaOf));
    expect([...areas].sort()).toEqual(['', 'admin', 'core', 'library', 'runs', 'shell', 'studio']);
  });

  it('import nothing of each other, and core imports no context', () => {
    expect(crossingsOf(sources)).toEqual([]);
  });
});

describe('the check', () => {
  it('reads the references of TypeScript and SCSS files', () => {
    const text = `
      import { A } from '../../studio/domain/a';
      import type { B } from "./b";
      export { C } from '../c';
      import '../side-effect';
      const routes = [{ loadChildren: () => import('./runs/runs.routes') }];
      @Component({ templateUrl: './page.html', styleUrls: ['./a.scss', './b.scss'] })
      @use '../../core/graph/graph';
      import { Component } from '@angular/core';
    `;
    expect(specifiers(text)).toEqual([
      '../../studio/domain/a',
      './b',
      '../c',
      './runs/runs.routes',
      '../side-effect',
      './page.html',
      './a.scss',
      './b.scss',
      '../../core/graph/graph',
    ]);
  });

  it('finds a context importing another, core importing a context, and foreign tags', () => {
    const fake = (area: string, name: string) => join(APP, area, 'features', name);
    const at = (path: string, text: string) => ({ path, text });
    const sources = [
      at(fake('runs', 'x.ts'), `import { W } from '../../studio/domain/w';`),
      at(fake('core', 'y.ts'), `import { R } from '../../runs/domain/r';`),
      at(fake('studio', 'z.html'), `<fl-run-dag [graph]="g" /><fl-error />`),
      at(fake('runs', 'dag.ts'), `@Component({ selector: 'fl-run-dag' })`),
      at(fake('core', 'error.ts'), `@Component({ selector: 'fl-error' })`),
      at(fake('studio', 'ok.ts'), `import { A } from '../../core/api/api'; import './ok.scss';`),
    ];
    const files = new Map(sources.map((s) => [s.path, s.text]));
    const read = (path: string) => files.get(path) ?? '';
    expect(crossingsOf([...files.keys()], read)).toEqual([
      'runs/features/x.ts → ../../studio/domain/w',
      'core/features/y.ts → ../../runs/domain/r',
      'studio/features/z.html → <fl-run-dag> of runs/',
    ]);
  });
});

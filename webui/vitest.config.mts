import { defineConfig } from 'vitest/config';

// Unit tests of the pure modules (graph layout and edges, run graph, bindings, API errors…):
// plain TypeScript in Node, no browser and no Angular test bed.
export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    environment: 'node',
  },
});

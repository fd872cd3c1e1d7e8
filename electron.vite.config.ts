import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config.ts';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The file reader is its own entry: it runs in a helper process (Electron's utilityProcess);
      // so is the core's worker thread (core/core-host.ts finds it beside the main bundle).
      rolldownOptions: {
        input: { index: resolve('electron/main.ts'), 'extract-worker': resolve('core/documents/extract-worker.ts'), 'core-worker': resolve('core/core-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or node_modules: one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rolldownOptions: { input: resolve('renderer/index.html') } },
  },
});

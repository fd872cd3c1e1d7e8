import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from '../core/csp.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The page carries the same CSP as the headers both shells send (core/csp.ts),
 * so it holds even where headers are lost. frame-ancestors is header-only.
 */
const metaCsp = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

const cspMeta = (): Plugin => ({
  name: 'sunshine-csp-meta',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaCsp }, injectTo: 'head-prepend' }],
});

/** The renderer build, shared by browser mode (vite build) and electron-vite. */
export const rendererConfig: UserConfig = {
  root,
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: path.resolve(root, '../out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
};

export default defineConfig(rendererConfig);

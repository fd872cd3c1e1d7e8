// Load the TypeScript CLI through tsx (shared by bin/sunshine.mjs and npm scripts).
import { register } from 'tsx/esm/api';

register();
export const { main } = await import('../cli/main.ts');

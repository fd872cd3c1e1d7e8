/** Types for scripts/fuses.mjs (plain ESM, so scripts/dist.mjs runs under bare Node). */
export function packagingConfig(root: string, file?: string): Promise<{ electronFuses?: Record<string, boolean> | null; productName?: string | null; [key: string]: unknown }>;
export function packagedApps(distDir: string, productName?: string): string[];
export function fuseProblems(binary: string, wanted: Record<string, boolean>): Promise<string[]>;

export {};
/** `npm run bench`: every bench, one after the other; figures are printed, never asserted. */
await import('./foundation.ts');
await import('./requests.ts');
await import('./documents.ts');
await import('./search.ts');
await import('./term-report.ts');
await import('./redact-search.ts');
await import('./ocr.ts');
await import('./pii.ts');
await import('./memory.ts');
await import('./review.ts');
await import('./engines.ts');
await import('./backup.ts');
await import('./cli-start.ts');
await import('./stall.ts');
await import('./source-gate.ts');
await import('./received.ts');

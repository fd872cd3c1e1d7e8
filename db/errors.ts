/**
 * What can go wrong opening a database. db/ sits below the core and knows nothing of it, so it
 * throws its own error; the core turns it into an AppError with the same code where it opens
 * the store (core/store-open.ts), and the compiler checks that every code here is one of the core's.
 */
export type StoreErrorCode = 'NOT_A_DATABASE' | 'DB_BUSY' | 'CONFLICT' | 'DB_TOO_NEW' | 'INTERNAL' | 'BAD_INPUT' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'FORBIDDEN';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}

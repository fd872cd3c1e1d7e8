import type { Handlers } from '../context.ts';
import { appHandlers } from './app.ts';
import { auditHandlers } from './audit.ts';
import { settingsHandlers } from './settings.ts';

/** Every call's handler. The type makes a missing or misspelled call a compile error. */
export const handlers: Handlers = {
  ...appHandlers,
  ...auditHandlers,
  ...settingsHandlers,
};

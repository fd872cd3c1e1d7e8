import type { Handlers } from '../context.ts';
import { appHandlers } from './app.ts';
import { auditHandlers } from './audit.ts';
import { settingsHandlers } from './settings.ts';
import { agencyHandlers } from './agencies.ts';
import { deadlineHandlers } from './deadlines.ts';
import { requestHandlers } from './requests.ts';
import { reportHandlers } from './request-reports.ts';
import { documentHandlers } from './documents.ts';
import { termReportHandlers } from './term-report.ts';
import { reviewHandlers } from './review.ts';
import { productionHandlers } from './productions.ts';
import { disclosureHandlers, keychainHandlers } from './disclosures.ts';
import { piiHandlers } from './pii.ts';
import { receivedHandlers } from './received.ts';
import { teamHandlers } from './team.ts';
import { disclosureAccessHandlers } from './disclosure-access.ts';
import { keyHandlers } from './keys.ts';
import { reviewBatchHandlers } from './review-batches.ts';

/** Every call's handler. The type makes a missing or misspelled call a compile error. */
export const handlers: Handlers = {
  ...appHandlers,
  ...auditHandlers,
  ...settingsHandlers,
  ...agencyHandlers,
  ...deadlineHandlers,
  ...requestHandlers,
  ...reportHandlers,
  ...documentHandlers,
  ...termReportHandlers,
  ...reviewHandlers,
  ...productionHandlers,
  ...disclosureHandlers,
  ...keychainHandlers,
  ...piiHandlers,
  ...receivedHandlers,
  ...teamHandlers,
  ...disclosureAccessHandlers,
  ...keyHandlers,
  ...reviewBatchHandlers,
};

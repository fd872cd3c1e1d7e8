import type { Migration } from './types.ts';
import { m0001 } from './0001_init.ts';
import { m0002 } from './0002_audit_head.ts';
import { m0003 } from './0003_requests.ts';
import { m0004 } from './0004_documents.ts';
import { m0005 } from './0005_document_sources.ts';
import { m0006 } from './0006_review.ts';
import { m0007 } from './0007_productions.ts';
import { m0008 } from './0008_redactions.ts';
import { m0009 } from './0009_disclosures.ts';
import { m0010 } from './0010_disclosure_followup.ts';
import { m0011 } from './0011_audit_os_user.ts';
import { m0012 } from './0012_agency_deemed_receipt.ts';
import { m0013 } from './0013_page_words.ts';
import { m0014 } from './0014_tracking_folded_closure_ranges.ts';
import { m0015 } from './0015_undate_file_times.ts';
import { m0016 } from './0016_ocr_claims.ts';
import { m0017 } from './0017_exact_words.ts';
import { m0018 } from './0018_document_fields.ts';
import { m0019 } from './0019_pii_hits.ts';
import { m0020 } from './0020_redaction_batches.ts';
import { m0021 } from './0021_redaction_approvals.ts';
import { m0022 } from './0022_received_productions.ts';
import { m0023 } from './0023_file_formats.ts';
import { m0024 } from './0024_team.ts';
import { m0025 } from './0025_need_to_know.ts';
import { m0026 } from './0026_user_keys.ts';
import { m0027 } from './0027_record_versions.ts';
import { m0028 } from './0028_review_batches.ts';
import { m0029 } from './0029_need_to_know_queues.ts';

export type { Migration } from './types.ts';

/** Every migration, in order. Add a file and one line here. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017, m0018, m0019, m0020, m0021, m0022, m0023, m0024, m0025, m0026, m0027, m0028, m0029];

/** Versions must run 1, 2, 3 … with no gap or repeat; checked at every open. */
export function checkMigrationOrder(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration list out of order: position ${i + 1} holds version ${m.version} (${m.name}).`);
    }
  });
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

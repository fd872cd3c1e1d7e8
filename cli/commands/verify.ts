import type { Core } from '../../core/index.ts';
import { EXIT, progressLine, reportError, type Output } from '../output.ts';

export async function verifyCommand(core: Core, o: Output): Promise<number> {
  const r = await core.invoke('app.verify', {}, {
    emit: (e) => {
      if (!o.json && e.progress.total) progressLine(`${e.progress.message ?? ''}: ${e.progress.done}/${e.progress.total}`);
    },
  });
  if (!o.json) progressLine(null);
  if (!r.ok) return reportError(o, r.error);
  const v = r.value;
  if (o.json) {
    o.out(JSON.stringify(v, null, 2));
  } else {
    o.out(`Database: ${v.databaseIntegrity} (${v.databaseChecked})`);
    o.out(`Audit log: ${v.auditEntriesChecked} entries checked`);
    o.out(`Stored files: ${v.filesChecked} re-hashed`);
    if (v.chainHead) o.out(`Chain head: row ${v.chainHead.seq}, ${v.chainHead.hash} (note it elsewhere to detect a rewrite later)`);
    if (v.ok) o.out('Verified: no problems found.');
    else {
      o.out(`FAILED: ${v.problems.length} problem(s):`);
      for (const p of v.problems) o.out(`  - [${p.check}${p.seq === undefined ? '' : ` row ${p.seq}`}${p.documentId === undefined ? '' : ` document ${p.documentId}`}] ${p.message}`);
    }
  }
  return v.ok ? EXIT.ok : EXIT.problems;
}

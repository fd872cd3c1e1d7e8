import type { Core } from '../../core/index.ts';
import { EXIT, reportError, type Output } from '../output.ts';

export async function statusCommand(core: Core, o: Output): Promise<number> {
  const r = await core.invoke('app.status', {});
  if (!r.ok) return reportError(o, r.error);
  const s = r.value;
  if (o.json) {
    o.out(JSON.stringify(s, null, 2));
    return EXIT.ok;
  }
  o.out(
    [
      `Sunshine ${s.version}`,
      `Data folder:    ${s.dataDir}`,
      `Database:       ${s.dbPath}`,
      `Schema version: ${s.schemaVersion} (latest ${s.latestSchemaVersion})`,
      `Acting as:      ${s.actor}`,
      ...(s.team ? [`Your role:      ${s.team.role ?? 'none: not a member of this workspace'}`] : []),
      `Audit entries:  ${s.counts.auditEntries}`,
      s.permissions.ownerOnly
        ? 'Permissions:    owner-only'
        : [
            'Permissions:    WARNING: other accounts on this machine can read',
            ...s.permissions.readableByOthers.map((p) => `                  the ${p.what} ${p.path} (mode ${p.mode})`),
            `                To make them owner-only, run: ${s.permissions.fix}`,
          ].join('\n'),
    ].join('\n'),
  );
  return EXIT.ok;
}

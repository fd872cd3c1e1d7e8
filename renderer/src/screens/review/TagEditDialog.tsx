import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input } from '@fluentui/react-components';
import type { TagOut } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { useFormStyles } from '../../components/form-styles.ts';
import { TagLookFields } from './TagLookFields.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

/** Rename a tag, recolour it or change its key; tags under it follow a rename (the core keeps their paths). */
export function TagEditDialog({ tag, tags, onClose, onSaved }: { tag: TagOut; tags: TagOut[]; onClose: () => void; onSaved: () => void }) {
  const s = useFormStyles();
  const [name, setName] = useState(tag.name);
  const [color, setColor] = useState(tag.color);
  const [shortcut, setShortcut] = useState(tag.shortcut ?? '');
  const [error, setError] = useState<string | null>(null);
  const used = new Set(tags.filter((t) => t.id !== tag.id).map((t) => t.shortcut).filter(Boolean));
  async function save() {
    try {
      await call('tags.update', { id: tag.id, name: name.trim(), color, shortcut: shortcut || null });
      onSaved();
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <SubmitForm onSubmit={save}>
          <DialogBody>
            <DialogTitle>Edit the tag {tag.path}</DialogTitle>
            <DialogContent className={s.form}>
              <Field label="Name" required hint={limitHint(name, FIELD_LIMITS.tag.name)}>
                <Input value={name} onChange={(_, d) => setName(d.value)} />
              </Field>
              <TagLookFields color={color} onColor={setColor} shortcut={shortcut} onShortcut={setShortcut} taken={used} />
              <div className={s.wide}>
                <ErrorBar title="The tag was not changed" message={error} />
              </div>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button type="submit" appearance="primary" disabled={!name.trim()}>
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </SubmitForm>
      </DialogSurface>
    </Dialog>
  );
}

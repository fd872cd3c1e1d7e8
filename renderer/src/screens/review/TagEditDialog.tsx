import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input } from '@fluentui/react-components';
import type { TagOut } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { StaleSaveBar, useVersionedSave } from '../../components/StaleSave.tsx';
import { useFormStyles } from '../../components/form-styles.ts';
import { TagLookFields } from './TagLookFields.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

/** Rename a tag, recolour it or change its key; tags under it follow a rename (the core keeps their paths). */
interface Props {
  tag: TagOut;
  tags: TagOut[];
  onClose: () => void;
  onSaved: () => void;
}

const latestTag = async (id: number) => {
  const t = (await call('tags.list', {})).tags.find((x) => x.id === id);
  if (!t) throw new Error('The tag was deleted meanwhile.');
  return t;
};

/** The dialog stays while Reload puts a colleague's newer version in the form (a new form, keyed by the version). */
export function TagEditDialog({ tag, tags, onClose, onSaved }: Props) {
  const [shown, setShown] = useState(tag);
  async function reload() {
    setShown(await latestTag(tag.id));
    onSaved();
  }
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <TagEditForm key={shown.version} tag={shown} tags={tags} onClose={onClose} onSaved={onSaved} onReload={reload} />
      </DialogSurface>
    </Dialog>
  );
}

function TagEditForm({ tag, tags, onClose, onSaved, onReload }: Props & { onReload: () => Promise<void> }) {
  const s = useFormStyles();
  const versioned = useVersionedSave(tag.version, async () => (await latestTag(tag.id)).version);
  const [name, setName] = useState(tag.name);
  const [color, setColor] = useState(tag.color);
  const [shortcut, setShortcut] = useState(tag.shortcut ?? '');
  const [error, setError] = useState<string | null>(null);
  const used = new Set(tags.filter((t) => t.id !== tag.id).map((t) => t.shortcut).filter(Boolean));
  async function save() {
    try {
      const saved = await versioned.save((version) => call('tags.update', { id: tag.id, name: name.trim(), color, shortcut: shortcut || null, version }));
      if (!saved) return;
      onSaved();
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <SubmitForm onSubmit={save}>
      <DialogBody>
        <DialogTitle>Edit the tag {tag.path}</DialogTitle>
        <DialogContent className={s.form}>
          <Field label="Name" required hint={limitHint(name, FIELD_LIMITS.tag.name)}>
            <Input value={name} onChange={(_, d) => setName(d.value)} />
          </Field>
          <TagLookFields color={color} onColor={setColor} shortcut={shortcut} onShortcut={setShortcut} taken={used} />
          <StaleSaveBar className={s.wide} save={versioned} reload={onReload} onReloadFailed={setError} />
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
  );
}

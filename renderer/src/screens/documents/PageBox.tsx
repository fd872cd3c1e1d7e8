import { useState } from 'react';
import { Field, Input, makeStyles } from '@fluentui/react-components';

const useStyles = makeStyles({ input: { width: '7em' } });

/** Why `typed` is not a page of a document of `pages` pages, or null when it is one. */
function pageProblem(typed: string, pages: number): string | null {
  const n = Number(typed.trim());
  if (typed.trim() && Number.isInteger(n) && n >= 1 && n <= pages) return null;
  return `Type a page number from 1 to ${pages}.`;
}

/** A box to jump to any page: type its number and press Enter. A number out of range is refused, saying which are there. */
export function PageBox({ page, pages, onGo }: { page: number; pages: number; onGo(page: number): void }) {
  const s = useStyles();
  const [typed, setTyped] = useState(String(page));
  const [problem, setProblem] = useState<string | null>(null);
  // Follows Next, Previous and the hit buttons, so the box always names the page shown
  // (set while rendering, not in an effect, and without remounting: focus stays in the box).
  const [shown, setShown] = useState(page);
  if (shown !== page) {
    setShown(page);
    setTyped(String(page));
    setProblem(null);
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const why = pageProblem(typed, pages);
        setProblem(why);
        if (!why && Number(typed) !== page) onGo(Number(typed));
      }}
    >
      <Field label="Page" orientation="horizontal" size="small" validationMessage={problem ?? undefined}>
        <Input className={s.input} size="small" inputMode="numeric" value={typed} onChange={(_, v) => setTyped(v.value)} />
      </Field>
    </form>
  );
}

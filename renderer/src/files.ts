/** Saving and opening files from the page, the same way in Electron and browser mode. */
export function saveFile(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Ask for one file and read it as text; resolves null if the user cancels. */
export function pickTextFile(accept: string): Promise<{ name: string; text: string } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      file.text().then((text) => resolve({ name: file.name, text }), () => resolve(null));
    });
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/** "date: 2026-12-01 is before …" → { field: 'date', text: '2026-12-01 is before …' } for showing under a field. */
export function splitFieldError(message: string): { field: string | null; text: string } {
  const m = /^(?:[a-z]+\.[A-Za-z]+: )?([A-Za-z][\w.]*): (.+)$/s.exec(message);
  return m ? { field: m[1]!.split('.')[0]!, text: m[2]! } : { field: null, text: message };
}

export const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Settings } from '../../core/api.ts';
import { call } from './api/client.ts';

interface SettingsState {
  settings: Settings | null;
  error: string | null;
  update(patch: Partial<Settings>): Promise<void>;
}

const Ctx = createContext<SettingsState | null>(null);

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('settings.get', {}).then(setSettings, (e: Error) => setError(e.message));
  }, []);
  const update = useCallback(async (patch: Partial<Settings>) => {
    setSettings(await call('settings.update', patch));
  }, []);
  return <Ctx.Provider value={{ settings, error, update }}>{children}</Ctx.Provider>;
}

export function useSettings(): SettingsState {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSettings outside SettingsProvider');
  return s;
}

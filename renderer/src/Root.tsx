/**
 * The start screen until a workspace is open, then the app. Switching back reloads the page, so
 * nothing of the workspace left (its settings, lists held by screens) is carried into the next.
 */
import { useEffect, useState } from 'react';
import { FluentProvider, Spinner } from '@fluentui/react-components';
import type { LauncherStatus } from '../../core/shared/launcher.ts';
import { App, useGlobalStyles } from './App.tsx';
import { launcher } from './api/client.ts';
import { ErrorBar } from './components/ErrorBar.tsx';
import { StartScreen } from './screens/StartScreen.tsx';
import { SettingsProvider } from './settings-context.tsx';
import { fluentTheme, useSystemDark } from './theme.ts';

type State = { show: 'checking' } | { show: 'start'; status: LauncherStatus } | { show: 'app' } | { show: 'failed'; message: string };

export function Root() {
  useGlobalStyles();
  const systemDark = useSystemDark();
  const [state, setState] = useState<State>(launcher ? { show: 'checking' } : { show: 'app' });
  useEffect(() => {
    launcher?.status().then(
      (status) => setState(status === null || status.open ? { show: 'app' } : { show: 'start', status }),
      (e: Error) => setState({ show: 'failed', message: e.message }),
    );
  }, []);
  if (state.show === 'app') {
    return (
      <SettingsProvider>
        <App />
      </SettingsProvider>
    );
  }
  return (
    <FluentProvider theme={fluentTheme('system', systemDark)}>
      {state.show === 'checking' && <Spinner label="Starting Sunshine…" />}
      {state.show === 'failed' && <ErrorBar title="Sunshine could not start" message={state.message} />}
      {state.show === 'start' && <StartScreen status={state.status} onOpened={() => setState({ show: 'app' })} />}
    </FluentProvider>
  );
}

import { useEffect, useRef, type ReactElement } from 'react';
import {
  FluentProvider,
  NavDrawer,
  NavDrawerBody,
  NavItem,
  makeStaticStyles,
  makeStyles,
  tokens,
  Text,
  Link,
  useArrowNavigationGroup,
} from '@fluentui/react-components';
import {
  Board20Regular,
  Building20Regular,
  DocumentMultiple20Regular,
  Mail20Regular,
  PersonFeedback20Regular,
  Search20Regular,
  TagMultiple20Regular,
  Settings20Regular,
} from '@fluentui/react-icons';
import { ROUTES, hrefFor, navigate, useRoute, type RouteId } from './routes.ts';
import { fluentTheme, useSystemDark } from './theme.ts';
import { useSettings } from './settings-context.tsx';
import { Dashboard } from './screens/Dashboard.tsx';
import { Disclosures } from './screens/disclosures/Disclosures.tsx';
import { Documents } from './screens/documents/Documents.tsx';
import { Search } from './screens/documents/Search.tsx';
import { Review } from './screens/review/ReviewHome.tsx';
import { Requests } from './screens/requests/Requests.tsx';
import { Agencies } from './screens/Agencies.tsx';
import { Settings } from './screens/Settings.tsx';
import { ErrorBar } from './components/ErrorBar.tsx';
import { QuickSearch } from './components/QuickSearch.tsx';

const SCREENS: Record<RouteId, (props: { param?: string; query: URLSearchParams }) => ReactElement> = {
  dashboard: Dashboard,
  requests: Requests,
  disclosures: Disclosures,
  documents: Documents,
  search: Search,
  review: Review,
  agencies: Agencies,
  settings: Settings,
};

const ICONS: Record<RouteId, ReactElement> = {
  dashboard: <Board20Regular />,
  requests: <Mail20Regular />,
  disclosures: <PersonFeedback20Regular />,
  documents: <DocumentMultiple20Regular />,
  search: <Search20Regular />,
  review: <TagMultiple20Regular />,
  agencies: <Building20Regular />,
  settings: <Settings20Regular />,
};

export const useGlobalStyles = makeStaticStyles({
  'html, body': { margin: 0, height: '100%' },
  'h1, h2, h3': { margin: 0 },
  // The screen heading takes focus on navigation so screen readers announce it; no box around it.
  'h1[tabindex="-1"]:focus': { outline: 'none' },
  '.visually-hidden': { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

const useStyles = makeStyles({
  root: { height: '100vh', display: 'grid', gridTemplateRows: 'auto 1fr', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  office: { color: tokens.colorNeutralForegroundOnBrand, opacity: 0.9 },
  hint: { marginLeft: 'auto', color: tokens.colorNeutralForegroundOnBrand, fontSize: tokens.fontSizeBase200 },
  body: { display: 'grid', gridTemplateColumns: 'auto 1fr', minHeight: 0 },
  main: { overflow: 'auto', padding: tokens.spacingHorizontalXXL, backgroundColor: tokens.colorNeutralBackground1 },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalM, zIndex: 10, padding: tokens.spacingHorizontalS, backgroundColor: tokens.colorNeutralBackground1 },
  },
});

/** Marks the item the navigation's arrow group lands on when tabbed into (Fluent's tabster reads it). */
const NAV_DEFAULT = { 'data-tabster': JSON.stringify({ focusable: { isDefault: true } }) };

/** Alt+1 … Alt+8 jump to a screen, in navigation order. */
function useScreenShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const route = ROUTES[Number(e.key) - 1];
      if (!route) return;
      e.preventDefault();
      navigate(route.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  useGlobalStyles();
  const s = useStyles();
  const route = useRoute();
  const { settings, error } = useSettings();
  const systemDark = useSystemDark();
  const Screen = SCREENS[route.id];
  const first = useRef(true);
  useScreenShortcuts();
  // Tab into the navigation lands on the current page's item, not on whichever item last had
  // focus (which after Alt+3 or a link inside a screen is some other page): arrows move within it.
  const navArrows = useArrowNavigationGroup({ axis: 'vertical', circular: true, memorizeCurrent: false });

  // Move focus to the new screen's heading so screen readers announce it.
  useEffect(() => {
    if (first.current) return void (first.current = false);
    document.getElementById('page-title')?.focus();
  }, [route.id, route.param]);

  useEffect(() => {
    const label = ROUTES.find((r) => r.id === route.id)?.label ?? '';
    document.title = `${route.param ? `${route.param} · ` : ''}${label} · Sunshine`;
  }, [route.id, route.param]);

  return (
    <FluentProvider theme={fluentTheme(settings?.theme ?? 'system', systemDark)}>
      <div className={s.root}>
        <Link className={s.skip} href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
          Skip to content
        </Link>
        <header className={s.header}>
          <Text className={s.brand}>Sunshine</Text>
          {settings?.officeName && <Text className={s.office}>{settings.officeName}</Text>}
          <Text className={s.hint}>Ctrl+K to search</Text>
        </header>
        <div className={s.body}>
          <NavDrawer open type="inline" selectedValue={route.id} aria-label="Main navigation">
            <NavDrawerBody {...navArrows}>
              {ROUTES.map((r, i) => (
                <NavItem
                  key={r.id}
                  value={r.id}
                  href={hrefFor(r.id)}
                  icon={ICONS[r.id]}
                  title={`${r.label} (Alt+${i + 1})`}
                  {...(r.id === route.id ? NAV_DEFAULT : {})}
                >
                  {r.label}
                </NavItem>
              ))}
            </NavDrawerBody>
          </NavDrawer>
          <main id="main" className={s.main} tabIndex={-1}>
            <ErrorBar title="Sunshine could not load its settings" message={error} />
            <QuickSearch />
            <Screen key={`${route.id}/${route.param ?? ''}`} query={route.query} {...(route.param ? { param: route.param } : {})} />
          </main>
        </div>
      </div>
    </FluentProvider>
  );
}

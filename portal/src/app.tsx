import { Center, Loader, Text } from '@mantine/core';
import { cloneElement, lazy, Suspense, type ReactElement } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useI18n } from './i18n/i18n';
import { PASSWORD_PATH } from './pages/password/password-path';
import { navigationFor } from './shell/navigation';
import { useSession } from './shell/session';
import { Shell } from './shell/shell';
import { SignInPage } from './shell/sign-in-page';
import { roomRoutes } from './pages/rooms/room-routes';
import { userRoutes } from './pages/users/user-routes';

// The pages are chunks of their own, loaded with their route (the sign-in page and the shell are in the entry).
const AccountPage = lazy(() => import('./pages/account/account-page').then((page) => ({ default: page.AccountPage })));
const PasswordPage = lazy(() => import('./pages/password/password-page').then((page) => ({ default: page.PasswordPage })));
// An area's routes (live, usage, billing), loaded with its first page, so the charts come with usage and
// billing only. They are declared with whole addresses (`/live/:conferenceId`); under the area's `/live/*`
// route they match what follows the area's prefix, so each path is made relative to it.
const areaOf = (prefix: string, routes: () => ReactElement<{ path: string }>[]) =>
  function Area() {
    return <Routes>{routes().map((route) => cloneElement(route, { path: route.props.path.slice(prefix.length) || '/' }))}</Routes>;
  };
const LiveArea = lazy(() => import('./pages/live/live-routes').then((area) => ({ default: areaOf('/live', area.liveRoutes) })));
const UsageArea = lazy(() => import('./pages/usage/usage-routes').then((area) => ({ default: areaOf('/usage', area.usageRoutes) })));
const BillingArea = lazy(() =>
  import('./pages/billing/billing-routes').then((area) => ({ default: areaOf('/billing', area.billingRoutes) })),
);

function Loading({ fullPage = false }: { fullPage?: boolean }) {
  const { t } = useI18n();
  return (
    <Center mih={fullPage ? '100vh' : 200}>
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/**
 * Signed out: the sign-in page at any address (the address is kept, so a link
 * works after signing in), but for the page that redeems a reset code.
 */
export function App() {
  const { t } = useI18n();
  const { session } = useSession();
  if (session === undefined) return <Loading fullPage />;
  if (session === null)
    return (
      <Suspense fallback={<Loading fullPage />}>
        <Routes>
          <Route path={PASSWORD_PATH} element={<PasswordPage />} />
          <Route path="*" element={<SignInPage />} />
        </Routes>
      </Suspense>
    );
  const home = navigationFor(session.user.role)[0]?.path ?? '/account';
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Navigate to={home} replace />} />
          {roomRoutes()}
          {userRoutes()}
          <Route path="/live/*" element={<LiveArea />} />
          <Route path="/usage/*" element={<UsageArea />} />
          <Route path="/billing/*" element={<BillingArea />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="*" element={<Text role="alert">{t('shell.pageNotFound')}</Text>} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

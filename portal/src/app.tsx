import { Center, Loader, Text } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { useI18n } from './i18n/i18n';
import { AccountPage } from './pages/account/account-page';
import { PASSWORD_PATH } from './pages/password/password-path';
import { PasswordPage } from './pages/password/password-page';
import { navigationFor } from './shell/navigation';
import { useSession } from './shell/session';
import { Shell } from './shell/shell';
import { SignInPage } from './shell/sign-in-page';
import { roomRoutes } from './pages/rooms/room-routes';
import { userRoutes } from './pages/users/user-routes';
import { billingRoutes } from './pages/billing/billing-routes';
import { liveRoutes } from './pages/live/live-routes';
import { usageRoutes } from './pages/usage/usage-routes';

/**
 * Signed out: the sign-in page at any address (the address is kept, so a link
 * works after signing in), but for the page that redeems a reset code.
 */
export function App() {
  const { t } = useI18n();
  const { session } = useSession();
  if (session === undefined)
    return (
      <Center mih="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  if (session === null)
    return (
      <Routes>
        <Route path={PASSWORD_PATH} element={<PasswordPage />} />
        <Route path="*" element={<SignInPage />} />
      </Routes>
    );
  const home = navigationFor(session.user.role)[0]?.path ?? '/account';
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to={home} replace />} />
        {roomRoutes()}
        {userRoutes()}
        {liveRoutes()}
        {usageRoutes()}
        {billingRoutes()}
        <Route path="/account" element={<AccountPage />} />
        <Route path="*" element={<Text role="alert">{t('shell.pageNotFound')}</Text>} />
      </Routes>
    </Shell>
  );
}

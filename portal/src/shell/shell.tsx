import { Anchor, AppShell, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { NavLink as RouterNavLink, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './language-switch';
import { navigationFor } from './navigation';
import { useSession, useSignedIn } from './session';

/** The frame of every page once signed in: the role's navigation, the language switch, sign out. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const session = useSignedIn();
  const { signOut } = useSession();
  const { user } = session;
  // Another page (a link followed, a deleted room's list): the focus goes to its content, where a screen reader starts reading.
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (shown.current !== null && shown.current !== pathname) main.current?.focus();
    shown.current = pathname;
  }, [pathname]);
  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 240, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Anchor href="#main" className="skip-link">
            {t('shell.skipToContent')}
          </Anchor>
          <Title order={2} size="h3">
            {t('shell.appName')}
          </Title>
          <Group>
            <Text size="sm">{t('shell.signedInAs', { name: user.name ?? user.email, role: t(`role.${user.role}`) })}</Text>
            <Button variant="default" onClick={() => void signOut()}>
              {t('shell.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <Stack justify="space-between" h="100%">
          <nav aria-label={t('shell.navigation')}>
            {navigationFor(user.role).map((item) => (
              <NavLink key={item.path} component={RouterNavLink} to={item.path} label={t(item.label)} variant="filled" />
            ))}
          </nav>
          <LanguageSwitch />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} ref={main}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

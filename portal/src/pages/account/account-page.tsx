import { Stack, Table, Title } from '@mantine/core';
import { useI18n } from '../../i18n/i18n';
import { mayCall } from '../../shell/navigation';
import { useSignedIn } from '../../shell/session';
import { TokensPanel } from '../users/tokens-panel';

/** Who is signed in, and their own API tokens. */
export function AccountPage() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  return (
    <Stack>
      <Title order={1}>{t('account.title')}</Title>
      <Table maw={480}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('users.column.name')}</Table.Th>
            <Table.Td>{user.name ?? t('common.none')}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('account.email')}</Table.Th>
            <Table.Td>{user.email}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('account.role')}</Table.Th>
            <Table.Td>{t(`role.${user.role}`)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <TokensPanel userId={user.userId} canCreate={mayCall(user.role, 'postUsersUserIdTokens')} />
    </Stack>
  );
}

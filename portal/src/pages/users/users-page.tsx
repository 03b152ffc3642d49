import { Anchor, Button, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, problemText } from '../../api/client';
import type { Role } from '../../api/session-api';
import type { User } from '../../api/types';
import { PageLinks, SearchBox, usePagedSearch } from '../../components/paged-search';
import { Problem } from '../../components/problem';
import { TitledSection } from '../../components/titled-section';
import { formatCount } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { ROLES } from './roles';
import { AccessAction, Done, UserState, useNotices } from './user-access';

/**
 * The users the signed-in admin manages, active or deactivated (each deactivated or reactivated here), one page at a time
 * and searched on the server by name or e-mail address, and a form for a new one.
 */
export function UsersPage() {
  const { t } = useI18n();
  const { search, setSearch, list, setList, reload, problem, setProblem, pages } = usePagedSearch((query) =>
    api.GET('/api/v1/users', { params: { query } }),
  );
  const notices = useNotices(setProblem);
  const changed = (user: User, text: string) => {
    notices.told(text);
    setList((page) => page && { ...page, users: page.users.map((each) => (each.id === user.id ? user : each)) });
  };
  return (
    <Stack>
      <Title order={1}>{t('users.title')}</Title>
      <SearchBox label={t('users.search')} hint={t('users.searchHint')} value={search} onChange={setSearch} />
      <Problem text={problem} />
      <Done text={notices.done} />
      {list === null ? (
        <Text>{t('common.loading')}</Text>
      ) : (
        <>
          <Text aria-live="polite">{t('users.count', { count: formatCount(list.total) })}</Text>
          {list.users.length === 0 ? (
            <Text>{t('users.empty')}</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('users.column.name')}</Table.Th>
                  <Table.Th>{t('users.column.email')}</Table.Th>
                  <Table.Th>{t('users.column.role')}</Table.Th>
                  <Table.Th>{t('users.column.state')}</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">{t('users.column.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.users.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/users/${user.id}`}>
                        {user.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{user.email ?? t('common.none')}</Table.Td>
                    <Table.Td>{t(`role.${user.role}`)}</Table.Td>
                    <Table.Td>
                      <UserState user={user} />
                    </Table.Td>
                    <Table.Td>
                      <AccessAction user={user} onChanged={changed} onRefused={notices.refused} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <PageLinks {...pages} />
        </>
      )}
      <NewUser onCreated={reload} />
    </Stack>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [nameError, setNameError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    setProblem(null);
    if (name.trim() === '') {
      setNameError(t('users.form.nameRequired'));
      return;
    }
    setNameError(null);
    const { data, error } = await api.POST('/api/v1/users', {
      body: { name: name.trim(), role, ...(email.trim() !== '' && { email: email.trim() }) },
    });
    if (!data) {
      setProblem(t('common.refused', { message: problemText(error) }));
      return;
    }
    setDone(t('users.created', { name: data.name }));
    setName('');
    setEmail('');
    onCreated();
  };

  return (
    <TitledSection id="new-user-title" title={t('users.new')} problem={problem}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack maw={480}>
          <Done text={done} />
          <TextInput
            label={t('users.form.name')}
            required
            value={name}
            error={nameError}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput label={t('users.form.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          <NativeSelect
            label={t('users.form.role')}
            value={role}
            data={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
          />
          <Button type="submit" w="fit-content">
            {t('users.create.submit')}
          </Button>
        </Stack>
      </form>
    </TitledSection>
  );
}

import { Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, problemText } from '../../api/client';
import type { Token } from '../../api/types';
import { ShownOnce } from '../../components/shown-once';
import { TitledSection } from '../../components/titled-section';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';

/** A user's API tokens: listed (never their secrets), revoked, and made (the secret shown once) where `canCreate`. */
export function TokensPanel({ userId, canCreate }: { userId: string; canCreate: boolean }) {
  const { t } = useI18n();
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const { data, error } = await api.GET('/api/v1/users/{userId}/tokens', { params: { path: { userId } } });
    if (data) setTokens(data.tokens.filter((token) => token.revokedAt === null));
    else setProblem(t('common.error', { message: problemText(error) }));
  }, [userId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const { data, error } = await api.POST('/api/v1/users/{userId}/tokens', { params: { path: { userId } }, body: { name: name.trim() } });
    if (!data) {
      setProblem(t('common.refused', { message: problemText(error) }));
      return;
    }
    setSecret(data.secret);
    setName('');
    void load();
  };
  const revoke = async (tokenId: string) => {
    const { error, response } = await api.DELETE('/api/v1/tokens/{tokenId}', { params: { path: { tokenId } } });
    if (response.status !== 204) setProblem(t('common.refused', { message: problemText(error) }));
    void load();
  };

  return (
    <TitledSection id="tokens-title" title={t('users.tokens.title')} problem={problem}>
      {secret !== null && <ShownOnce title={t('users.tokens.secret')} secrets={[{ label: t('users.tokens.secret'), value: secret }]} />}
      {tokens !== null && tokens.length === 0 && <Text>{t('users.tokens.empty')}</Text>}
      {tokens !== null && tokens.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.tokens.name')}</Table.Th>
              <Table.Th>{t('users.tokens.created')}</Table.Th>
              <Table.Th>{t('users.tokens.lastUsed')}</Table.Th>
              <Table.Th>
                <span className="visually-hidden">{t('common.delete')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
                <Table.Td>{token.lastUsedAt === null ? t('common.none') : formatDateTime(token.lastUsedAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="outline" color="red" onClick={() => void revoke(token.id)}>
                    {t('users.tokens.revoke', { name: token.name })}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canCreate && (
        <form onSubmit={(event) => void create(event)}>
          <Group align="end">
            <TextInput label={t('users.tokens.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Button type="submit" disabled={name.trim() === ''}>
              {t('users.tokens.create')}
            </Button>
          </Group>
        </form>
      )}
    </TitledSection>
  );
}

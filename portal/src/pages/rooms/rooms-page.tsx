import { Anchor, Button, Group, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, problemText } from '../../api/client';
import type { Conference } from '../../api/types';
import { Problem } from '../../components/problem';
import { formatCount, formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';

export const ROOMS_PER_PAGE = 25;

/** Every room the signed-in person may see, one page at a time, searched on the server. */
export function RoomsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [query] = useDebouncedValue(search.trim(), 250);
  const [rooms, setRooms] = useState<{ conferences: Conference[]; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if ((params.get('q') ?? '') !== query) setParams(query === '' ? {} : { q: query }, { replace: true });
  }, [query, params, setParams]);

  useEffect(() => {
    let current = true;
    void api
      .GET('/api/v1/conferences', {
        params: { query: { limit: ROOMS_PER_PAGE, offset: (page - 1) * ROOMS_PER_PAGE, ...(query !== '' && { q: query }) } },
      })
      .then(({ data, error }) => {
        if (!current) return;
        if (data) setRooms(data);
        else setProblem(t('common.error', { message: problemText(error) }));
      });
    return () => {
      current = false;
    };
  }, [page, query, t]);

  const pages = rooms === null ? 1 : Math.max(1, Math.ceil(rooms.total / ROOMS_PER_PAGE));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('rooms.title')}</Title>
        <Button component={Link} to="/rooms/new">
          {t('rooms.new')}
        </Button>
      </Group>
      <TextInput
        label={t('rooms.search')}
        description={t('rooms.searchHint')}
        type="search"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
      />
      <Problem text={problem} />
      {rooms === null ? (
        <Text>{t('common.loading')}</Text>
      ) : (
        <>
          <Text aria-live="polite">{t('rooms.count', { count: formatCount(rooms.total) })}</Text>
          {rooms.conferences.length === 0 ? (
            <Text>{t('rooms.empty')}</Text>
          ) : (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('rooms.column.name')}</Table.Th>
                  <Table.Th>{t('rooms.column.type')}</Table.Th>
                  <Table.Th>{t('rooms.column.language')}</Table.Th>
                  <Table.Th>{t('rooms.column.codes')}</Table.Th>
                  <Table.Th>{t('rooms.column.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rooms.conferences.map((room) => (
                  <Table.Tr key={room.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/rooms/${room.id}`}>
                        {room.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`rooms.type.${room.roomType}`)}</Table.Td>
                    <Table.Td>{t(`language.${room.language}`)}</Table.Td>
                    <Table.Td>{t(`rooms.codeKind.${room.codeKind}`)}</Table.Td>
                    <Table.Td>{formatDate(room.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={(next) => setParams({ ...(query !== '' && { q: query }), page: String(next) })}
              getControlProps={(control) => ({
                'aria-label': control === 'previous' ? t('common.previous') : control === 'next' ? t('common.next') : undefined,
              })}
              getItemProps={(item) => ({ 'aria-label': t('common.pageOf', { page: item, pages }) })}
            />
          )}
        </>
      )}
    </Stack>
  );
}

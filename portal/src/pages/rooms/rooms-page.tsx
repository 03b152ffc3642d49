import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { PageLinks, SearchBox, usePagedSearch } from '../../components/paged-search';
import { Problem } from '../../components/problem';
import { formatCount, formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';

/** Every room the signed-in person may see, one page at a time, searched on the server. */
export function RoomsPage() {
  const { t } = useI18n();
  const {
    search,
    setSearch,
    list: rooms,
    problem,
    pages,
  } = usePagedSearch((query) => api.GET('/api/v1/conferences', { params: { query } }));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('rooms.title')}</Title>
        <Button component={Link} to="/rooms/new">
          {t('rooms.new')}
        </Button>
      </Group>
      <SearchBox label={t('rooms.search')} hint={t('rooms.searchHint')} value={search} onChange={setSearch} />
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
          <PageLinks {...pages} />
        </>
      )}
    </Stack>
  );
}

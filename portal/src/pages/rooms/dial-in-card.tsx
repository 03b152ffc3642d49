import { Button, CopyButton, Card, List, SimpleGrid, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, problemText } from '../../api/client';
import type { paths } from '../../api/schema';
import type { IssuedCode } from '../../api/types';
import { Problem } from '../../components/problem';
import { TitledSection } from '../../components/titled-section';
import { useI18n } from '../../i18n/i18n';
import { CODE_LABEL } from './codes';

type Card = paths['/api/v1/conferences/{conferenceId}/dial-in-card']['get']['responses'][200]['content']['application/json'];

/**
 * What to send the people who call in: the access numbers, the codes (only
 * right after they were made: the server keeps hashes), and the keypad card,
 * in the portal's language, as the API and the e-mails word it.
 */
export function DialInCard({ conferenceId, codes }: { conferenceId: string; codes: readonly IssuedCode[] }) {
  const { t, language } = useI18n();
  const [card, setCard] = useState<Card | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void api
      .GET('/api/v1/conferences/{conferenceId}/dial-in-card', { params: { path: { conferenceId }, query: { language } } })
      .then(({ data, error }) => {
        if (!current) return;
        if (data) setCard(data);
        else setProblem(t('common.error', { message: problemText(error) }));
      });
    return () => {
      current = false;
    };
  }, [conferenceId, language, t]);
  if (card === null) return <Problem text={problem} />;

  const text = [
    card.name,
    `${t('rooms.card.accessNumbers')}: ${card.accessNumbers.map((number) => `${number.internationalNumber} (${number.label})`).join(', ')}`,
    ...(codes.length > 0 ? [t('rooms.card.codes'), ...codes.map((code) => `${t(CODE_LABEL[code.role])}: ${code.code}`)] : []),
    '',
    t('rooms.card.keypadParticipant'),
    ...card.keypad.participant.map((row) => `${row.keys}  ${row.text}`),
  ].join('\n');

  return (
    <TitledSection id="dial-in-card-title" title={t('rooms.card.title')}>
      <div>
        <Text fw={600}>{t('rooms.card.accessNumbers')}</Text>
        {card.accessNumbers.length === 0 ? (
          <Text>{t('rooms.card.noNumbers')}</Text>
        ) : (
          <List>
            {card.accessNumbers.map((number) => (
              <List.Item key={number.number}>
                {number.internationalNumber} ({number.label})
              </List.Item>
            ))}
          </List>
        )}
      </div>
      {codes.length > 0 ? (
        <div>
          <Text fw={600}>{t('rooms.card.codes')}</Text>
          <List>
            {codes.map((code) => (
              <List.Item key={code.role}>
                {t(CODE_LABEL[code.role])}: <span className="code">{code.code}</span>
              </List.Item>
            ))}
          </List>
        </div>
      ) : (
        <Text size="sm">{t('rooms.card.codesHidden')}</Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <KeypadTable title={t('rooms.card.keypadParticipant')} rows={card.keypad.participant} />
        <KeypadTable title={t('rooms.card.keypadLeader')} rows={card.keypad.leader} />
      </SimpleGrid>
      <CopyButton value={text}>
        {({ copied, copy }) => (
          <Button variant="outline" onClick={copy} w="fit-content">
            {copied ? t('common.copied') : t('rooms.card.copy')}
          </Button>
        )}
      </CopyButton>
    </TitledSection>
  );
}

function KeypadTable({ title, rows }: { title: string; rows: ReadonlyArray<{ keys: string; text: string }> }) {
  return (
    <Table>
      <caption>{title}</caption>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.keys + row.text}>
            <Table.Th scope="row" className="code">
              {row.keys}
            </Table.Th>
            <Table.Td>{row.text}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

import { Card, SimpleGrid, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatDay } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { CatalogueKey } from '../../i18n/catalogue';

export interface DayFigures {
  date: string;
  meetingsHeld: number;
  participantMinutes: number;
  peakCallers: number;
}

type Measure = 'participantMinutes' | 'meetingsHeld' | 'peakCallers';

const CHARTS: ReadonlyArray<{ measure: Measure; title: CatalogueKey; summary: CatalogueKey; kind: 'bar' | 'line' }> = [
  { measure: 'participantMinutes', title: 'usage.chart.minutes', summary: 'usage.chart.total', kind: 'bar' },
  { measure: 'meetingsHeld', title: 'usage.chart.meetings', summary: 'usage.chart.total', kind: 'bar' },
  { measure: 'peakCallers', title: 'usage.chart.peak', summary: 'usage.chart.highest', kind: 'line' },
];

/** Minutes, meetings and peak callers per day, drawn by Recharts; each chart's figures also as a table for screen readers. */
export function UsageCharts({ daily }: { daily: readonly DayFigures[] }) {
  const { t } = useI18n();
  const data = daily.map((day) => ({ ...day, label: day.date.slice(8, 10) }));
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }}>
      {CHARTS.map(({ measure, title, summary, kind }) => (
        <Card withBorder key={measure} component="figure" m={0} aria-labelledby={`chart-${measure}`}>
          <Title order={3} id={`chart-${measure}`} size="h4" mb="sm">
            {t(title)}
          </Title>
          <div aria-hidden="true" style={{ width: '100%', height: 220 }}>
            <ResponsiveContainer>
              {kind === 'bar' ? (
                <BarChart data={data} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" />
                  <YAxis allowDecimals={false} />
                  <Tooltip labelFormatter={(_, payload) => dayOf(payload)} />
                  <Bar dataKey={measure} name={t(title)} fill="#1c7ed6" isAnimationActive={false} />
                </BarChart>
              ) : (
                <LineChart data={data} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" />
                  <YAxis allowDecimals={false} />
                  <Tooltip labelFormatter={(_, payload) => dayOf(payload)} />
                  <Line dataKey={measure} name={t(title)} stroke="#e8590c" dot={false} isAnimationActive={false} />
                </LineChart>
              )}
            </ResponsiveContainer>
          </div>
          <VisuallyHidden>
            <Table>
              <caption>{t(title)}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('usage.column.day')}</Table.Th>
                  <Table.Th>{t(title)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {daily.map((day) => (
                  <Table.Tr key={day.date}>
                    <Table.Td>{formatDay(day.date)}</Table.Td>
                    <Table.Td>{formatCount(day[measure])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </VisuallyHidden>
          <Text size="sm">{t(summary, { value: formatCount(total(daily, measure)) })}</Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** The day a tooltip is about (Recharts hands the hovered data points over untyped). */
function dayOf(payload: ReadonlyArray<{ payload?: unknown }>): string {
  const point = payload[0]?.payload as { date?: string } | undefined;
  return point?.date === undefined ? '' : formatDay(point.date);
}

function total(daily: readonly DayFigures[], measure: Measure): number {
  if (measure === 'peakCallers') return Math.max(0, ...daily.map((day) => day.peakCallers));
  return Math.round(daily.reduce((sum, day) => sum + day[measure], 0) * 100) / 100;
}

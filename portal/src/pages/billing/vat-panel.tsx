import { Table, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Role } from '../../api/session-api';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { mayCall } from '../../shell/navigation';
import { TitledSection } from '../../components/titled-section';
import { AddForm, useListAndAdd } from './billing-forms';

type VatRate = paths['/api/v1/vat-rates']['get']['responses'][200]['content']['application/json']['vatRates'][number];

/** `25` or `12,5` percent → basis points; null when it is not a percentage. */
function parsePercent(text: string): number | null {
  const cleaned = text.replace(',', '.').replace('%', '').trim();
  return /^\d{1,3}(\.\d{1,2})?$/.test(cleaned) ? Math.round(Number(cleaned) * 100) : null;
}

/** Every VAT rate, each from its day until the next; the operator adds one from a day on. */
export function VatPanel({ role }: { role: Role }) {
  const { t } = useI18n();
  const [rates, setRates] = useState<VatRate[] | null>(null);
  const [from, setFrom] = useState('');
  const [percent, setPercent] = useState('');
  const [percentError, setPercentError] = useState<string | null>(null);
  const { problem, saved, failed, add } = useListAndAdd();
  const load = useCallback(() => {
    void api.GET('/api/v1/vat-rates').then(({ data, error }) => (data ? setRates(data.vatRates) : failed(error)));
  }, [failed]);
  useEffect(load, [load]);

  const submit = () => {
    const basisPoints = parsePercent(percent);
    setPercentError(basisPoints === null ? t('billing.vat.percentInvalid') : null);
    const request =
      basisPoints === null ? null : () => api.POST('/api/v1/vat-rates', { body: { effectiveFrom: from, vatRateBasisPoints: basisPoints } });
    void add(request, load);
  };

  return (
    <TitledSection id="vat-title" title={t('billing.vat.title')} problem={problem}>
      {rates !== null && (
        <Table striped aria-labelledby="vat-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing.vat.from')}</Table.Th>
              <Table.Th>{t('billing.vat.rate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rates.map((rate) => (
              <Table.Tr key={rate.id}>
                <Table.Td>{formatDate(rate.effectiveFrom)}</Table.Td>
                <Table.Td>{t('billing.vat.percent', { percent: rate.vatPercent })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {mayCall(role, 'postVatRates') && (
        <AddForm submitLabel={t('billing.vat.add')} saved={saved} onSubmit={submit}>
          <TextInput type="date" required label={t('billing.form.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput
            required
            label={t('billing.vat.newRate')}
            value={percent}
            error={percentError}
            onChange={(e) => setPercent(e.currentTarget.value)}
          />
        </AddForm>
      )}
    </TitledSection>
  );
}

import { Table, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Role } from '../../api/session-api';
import { formatDate, formatMoney } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { mayCall } from '../../shell/navigation';
import { TitledSection } from '../../components/titled-section';
import { AddForm, useListAndAdd } from './billing-forms';
import { parseKroner } from './money-input';

type Tariff =
  paths['/api/v1/organisations/{organisationId}/tariffs']['get']['responses'][200]['content']['application/json']['tariffs'][number];

/** The tariffs that rate the account (its own and the defaults); the operator adds a rate from a day on. */
export function TariffsPanel({ organisationId, role }: { organisationId: string; role: Role }) {
  const { t } = useI18n();
  const [tariffs, setTariffs] = useState<Tariff[] | null>(null);
  const [from, setFrom] = useState('');
  const [rate, setRate] = useState('');
  const [rateError, setRateError] = useState<string | null>(null);
  const { problem, saved, failed, add } = useListAndAdd();
  const load = useCallback(() => {
    void api
      .GET('/api/v1/organisations/{organisationId}/tariffs', { params: { path: { organisationId } } })
      .then(({ data, error }) => (data ? setTariffs(data.tariffs) : failed(error)));
  }, [organisationId, failed]);
  useEffect(load, [load]);

  const submit = () => {
    const ore = parseKroner(rate);
    setRateError(ore === null ? t('billing.form.amountInvalid') : null);
    const request =
      ore === null ? null : () => api.POST('/api/v1/tariffs', { body: { organisationId, effectiveFrom: from, rateOrePerMinute: ore } });
    void add(request, load);
  };

  return (
    <TitledSection id="tariffs-title" title={t('billing.tariffs.title')} problem={problem}>
      {tariffs !== null && (
        <Table striped aria-labelledby="tariffs-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('billing.tariffs.from')}</Table.Th>
              <Table.Th>{t('billing.tariffs.rate')}</Table.Th>
              <Table.Th>{t('billing.tariffs.rounding')}</Table.Th>
              <Table.Th>{t('billing.tariffs.scope')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tariffs.map((tariff) => (
              <Table.Tr key={tariff.id}>
                <Table.Td>{formatDate(tariff.effectiveFrom)}</Table.Td>
                <Table.Td>{t('billing.tariffs.perMinute', { amount: formatMoney(tariff.rateOrePerMinute) })}</Table.Td>
                <Table.Td>{t(`billing.rounding.${tariff.rounding}`)}</Table.Td>
                <Table.Td>{tariff.organisationId === null ? t('billing.tariffs.default') : t('billing.tariffs.own')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {mayCall(role, 'postTariffs') && (
        <AddForm submitLabel={t('billing.tariffs.add')} saved={saved} onSubmit={submit}>
          <TextInput type="date" required label={t('billing.form.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput
            required
            label={t('billing.tariffs.newRate')}
            description={t('billing.form.kronerHint')}
            value={rate}
            error={rateError}
            onChange={(e) => setRate(e.currentTarget.value)}
          />
        </AddForm>
      )}
    </TitledSection>
  );
}

import { Table, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Role } from '../../api/session-api';
import { formatDateTime, formatMoney } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { mayCall } from '../../shell/navigation';
import type { PeriodValue } from '../usage/period';
import { TitledSection } from '../../components/titled-section';
import { AddForm, useListAndAdd } from './billing-forms';
import { parseKroner } from './money-input';

type Adjustment =
  paths['/api/v1/organisations/{organisationId}/adjustments']['get']['responses'][200]['content']['application/json']['adjustments'][number];

/** The account's corrections in the period; the operator and its reseller add one (signed: a credit is negative). */
export function AdjustmentsPanel({ organisationId, role, period }: { organisationId: string; role: Role; period: PeriodValue }) {
  const { t } = useI18n();
  const [adjustments, setAdjustments] = useState<Adjustment[] | null>(null);
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const { problem, saved, failed, add } = useListAndAdd();
  const load = useCallback(() => {
    void api
      .GET('/api/v1/organisations/{organisationId}/adjustments', {
        params: { path: { organisationId }, query: { from: period.from, to: period.to } },
      })
      .then(({ data, error }) => (data ? setAdjustments(data.adjustments) : failed(error)));
  }, [organisationId, period, failed]);
  useEffect(load, [load]);

  const submit = async () => {
    const ore = parseKroner(amount);
    const valid = ore !== null && ore !== 0;
    setAmountError(valid ? null : t('billing.form.amountInvalid'));
    const request = valid
      ? () =>
          api.POST('/api/v1/organisations/{organisationId}/adjustments', {
            params: { path: { organisationId } },
            body: { amountOre: ore, reason },
          })
      : null;
    if (await add(request, load)) {
      setAmount('');
      setReason('');
    }
  };

  return (
    <TitledSection id="adjustments-title" title={t('billing.adjustments.title')} problem={problem}>
      {adjustments !== null &&
        (adjustments.length === 0 ? (
          <Text>{t('billing.adjustments.empty')}</Text>
        ) : (
          <Table striped aria-labelledby="adjustments-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing.adjustments.when')}</Table.Th>
                <Table.Th>{t('billing.adjustments.amount')}</Table.Th>
                <Table.Th>{t('billing.adjustments.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {adjustments.map((adjustment) => (
                <Table.Tr key={adjustment.id}>
                  <Table.Td>{formatDateTime(adjustment.effectiveAt)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(adjustment.amountOre)}</Table.Td>
                  <Table.Td>{adjustment.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
      {mayCall(role, 'postOrganisationsOrganisationIdAdjustments') && (
        <AddForm submitLabel={t('billing.adjustments.add')} saved={saved} onSubmit={() => void submit()}>
          <TextInput
            required
            label={t('billing.adjustments.newAmount')}
            description={t('billing.adjustments.amountHint')}
            value={amount}
            error={amountError}
            onChange={(e) => setAmount(e.currentTarget.value)}
          />
          <TextInput required label={t('billing.adjustments.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        </AddForm>
      )}
    </TitledSection>
  );
}

import { Button, Checkbox, NativeSelect, NumberInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Conference } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

export const ROOM_TYPES = [
  'sensitive',
  'personal',
  'small-administrative',
  'large-administrative',
  'small-auditorium',
  'large-auditorium',
  'unlimited',
] as const satisfies readonly Conference['roomType'][];

// The list above is the API's (the portal imports nothing from src/): a room type it lacks fails the type check here.
const everyRoomType: Exclude<Conference['roomType'], (typeof ROOM_TYPES)[number]> extends never ? true : never = true;
void everyRoomType;

export interface RoomFormValues {
  name: string;
  roomType: Conference['roomType'];
  language: Conference['language'];
  joinLeaveTones: boolean;
  endOnLeaderHangup: boolean;
  admissionRequired: boolean;
  namesRecorded: boolean;
  maxDurationMinutes: number | null;
}

export function roomFormValues(room: Conference): RoomFormValues {
  const { name, roomType, language, joinLeaveTones, endOnLeaderHangup, admissionRequired, namesRecorded, maxDurationMinutes } = room;
  return { name, roomType, language, joinLeaveTones, endOnLeaderHangup, admissionRequired, namesRecorded, maxDurationMinutes };
}

export const NEW_ROOM: RoomFormValues = {
  name: '',
  roomType: 'unlimited',
  language: 'nb',
  joinLeaveTones: true,
  endOnLeaderHangup: true,
  admissionRequired: false,
  namesRecorded: false,
  maxDurationMinutes: null,
};

/**
 * A room's settings. Only the name is checked here (it must be there); every
 * other rule (a sensitive room always requires admission, a downgrade inside
 * the binding) is the server's, and its refusal is shown as it says it.
 */
export function RoomForm(props: {
  initial: RoomFormValues;
  submitLabel: string;
  busy: boolean;
  /** Fields a new room has and an existing one keeps (the kind of codes). */
  extra?: React.ReactNode;
  onSubmit: (values: RoomFormValues) => void;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState(props.initial);
  const [nameError, setNameError] = useState<string | null>(null);
  const set = <K extends keyof RoomFormValues>(key: K, value: RoomFormValues[K]) => setValues((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (values.name.trim() === '') {
      setNameError(t('rooms.form.nameRequired'));
      return;
    }
    setNameError(null);
    props.onSubmit({ ...values, name: values.name.trim() });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={560}>
        <TextInput
          label={t('rooms.form.name')}
          required
          value={values.name}
          error={nameError}
          onChange={(event) => set('name', event.currentTarget.value)}
        />
        <NativeSelect
          label={t('rooms.form.type')}
          value={values.roomType}
          data={ROOM_TYPES.map((type) => ({ value: type, label: t(`rooms.type.${type}`) }))}
          onChange={(event) => set('roomType', event.currentTarget.value as RoomFormValues['roomType'])}
        />
        <NativeSelect
          label={t('rooms.form.language')}
          value={values.language}
          data={(['nb', 'en'] as const).map((language) => ({ value: language, label: t(`language.${language}`) }))}
          onChange={(event) => set('language', event.currentTarget.value as RoomFormValues['language'])}
        />
        {props.extra}
        <Checkbox
          label={t('rooms.form.admissionRequired')}
          checked={values.admissionRequired}
          onChange={(event) => set('admissionRequired', event.currentTarget.checked)}
        />
        <Checkbox
          label={t('rooms.form.namesRecorded')}
          checked={values.namesRecorded}
          onChange={(event) => set('namesRecorded', event.currentTarget.checked)}
        />
        <Checkbox
          label={t('rooms.form.joinLeaveTones')}
          checked={values.joinLeaveTones}
          onChange={(event) => set('joinLeaveTones', event.currentTarget.checked)}
        />
        <Checkbox
          label={t('rooms.form.endOnLeaderHangup')}
          checked={values.endOnLeaderHangup}
          onChange={(event) => set('endOnLeaderHangup', event.currentTarget.checked)}
        />
        <NumberInput
          label={t('rooms.form.maxDuration')}
          min={1}
          max={24 * 60}
          allowDecimal={false}
          value={values.maxDurationMinutes ?? ''}
          onChange={(value) => set('maxDurationMinutes', typeof value === 'number' ? value : null)}
        />
        <Button type="submit" loading={props.busy} w="fit-content">
          {props.submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

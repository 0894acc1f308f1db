import type { ReactNode } from 'react';
import { Dialog } from './dialog';
import { Form, TextArea, text } from './form';

interface Props {
  title: string;
  submitLabel: string;
  onSubmit: (reason: string) => Promise<void>;
  onClose: () => void;
  label?: string;
  optional?: boolean;
  danger?: boolean;
  /** Shown under the field: who reads the reason. */
  hint?: string;
  minLength?: number;
  busyLabel?: string;
  children?: ReactNode;
}

/** A confirmation that asks why: the reason is recorded in the audit log with the event. */
export function ReasonDialog({
  title,
  submitLabel,
  onSubmit,
  onClose,
  label = 'Reason',
  optional,
  danger,
  hint,
  minLength,
  busyLabel,
  children,
}: Props) {
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <Form
        onSubmit={(data) => onSubmit(text(data, 'reason'))}
        submitLabel={submitLabel}
        busyLabel={busyLabel}
        danger={danger}
        onCancel={onClose}
      >
        <TextArea
          label={optional ? `${label} (optional)` : label}
          name="reason"
          required={!optional}
          minLength={minLength}
          maxLength={500}
          hint={hint}
          autoFocus
        />
      </Form>
    </Dialog>
  );
}

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
  children,
}: Props) {
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <Form
        onSubmit={(data) => onSubmit(text(data, 'reason'))}
        submitLabel={submitLabel}
        danger={danger}
        actions={
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        }
      >
        <TextArea
          label={optional ? `${label} (optional)` : label}
          name="reason"
          required={!optional}
          maxLength={500}
          autoFocus
        />
      </Form>
    </Dialog>
  );
}

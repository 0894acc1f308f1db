import type { ReactNode } from 'react';
import { Dialog } from './dialog';
import { Form } from './form';

interface Props {
  title: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}

/** "Are you sure?" for actions without a reason field; problems show in the dialog. */
export function ConfirmDialog({ title, confirmLabel, onConfirm, onClose, children }: Props) {
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <Form onSubmit={onConfirm} submitLabel={confirmLabel} danger onCancel={onClose} cancelFocus>
        {null}
      </Form>
    </Dialog>
  );
}

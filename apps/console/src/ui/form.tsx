import {
  createContext,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useContext,
  useId,
  useState,
} from 'react';
import { ApiError, fieldErrors, type Problem, toApiError } from '../api/problem';

const ErrorsContext = createContext<Record<string, string>>({});

interface FormProps {
  /** Receives the form's values; throw an ApiError (or let the client's propagate) to show it. */
  onSubmit: (data: FormData) => Promise<void>;
  submitLabel: string;
  busyLabel?: string;
  children: ReactNode;
  /** A Cancel button after the submit button, which calls this. */
  onCancel?: () => void;
  /** Give the Cancel button the focus (a confirmation that should not be confirmed by Enter). */
  cancelFocus?: boolean;
  /** Other buttons after those. */
  actions?: ReactNode;
  /** Clear the fields after success: write-only secrets must not linger in the DOM. */
  resetOnSuccess?: boolean;
  className?: string;
  label?: string;
  danger?: boolean;
}

/**
 * A form whose problem+json errors land next to their fields (`errors: [{field, message}]`)
 * and whose other problems show above the buttons, announced to screen readers.
 */
export function Form(props: FormProps) {
  const { onSubmit, submitLabel, busyLabel, children, actions, resetOnSuccess, className, label, danger } =
    props;
  const { onCancel, cancelFocus } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit(new FormData(form));
      if (resetOnSuccess) form.reset();
    } catch (error) {
      setProblem(toApiError(error).problem);
    } finally {
      setBusy(false);
    }
  };
  const errors = fieldErrors(problem);
  return (
    <form className={className ?? 'form'} onSubmit={(e) => void submit(e)} aria-label={label} noValidate>
      <ErrorsContext.Provider value={errors}>{children}</ErrorsContext.Provider>
      {problem && (
        <div className="form-problem" role="alert">
          <strong>{problem.errors?.length ? 'Check the fields marked above.' : problem.title}</strong>{' '}
          {problem.errors?.length ? null : problem.detail}
        </div>
      )}
      <div className="actions">
        <button type="submit" className={danger ? 'button danger' : 'button primary'} disabled={busy}>
          {busy ? (busyLabel ?? `${submitLabel}…`) : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} autoFocus={cancelFocus}>
            Cancel
          </button>
        )}
        {actions}
      </div>
    </form>
  );
}

/** Throws a validation problem the form shows next to `field` (checks the API would also make). */
export function invalid(field: string, message: string): never {
  throw new ApiError({ title: 'Bad Request', status: 400, detail: message, errors: [{ field, message }] });
}

/** The error for a group of inputs (checkboxes) that share one API field. */
export function FieldError({ name }: { name: string }) {
  const error = useContext(ErrorsContext)[name];
  return error ? (
    <p className="field-error" role="alert">
      {error}
    </p>
  ) : null;
}

interface FieldShell {
  label: string;
  name: string;
  hint?: ReactNode;
  /** The API field whose error belongs here, when it differs from `name`. */
  errorFor?: string;
}

function useField({ name, hint, errorFor }: FieldShell) {
  const id = useId();
  const error = useContext(ErrorsContext)[errorFor ?? name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const control = {
    id,
    name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return { id, error, control };
}

function Shell({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField(props: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const { label, name, hint, errorFor, ...input } = props;
  const { id, error, control } = useField({ label, name, hint, errorFor });
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      <input type="text" {...input} {...control} />
    </Shell>
  );
}

export function TextArea(props: FieldShell & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>) {
  const { label, name, hint, errorFor, ...input } = props;
  const { id, error, control } = useField({ label, name, hint, errorFor });
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      <textarea rows={3} {...input} {...control} />
    </Shell>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(
  props: FieldShell & { options: Option[] } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'>,
) {
  const { label, name, hint, errorFor, options, ...select } = props;
  const { id, error, control } = useField({ label, name, hint, errorFor });
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      <select {...select} {...control}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/** A text value from FormData, trimmed; '' when absent. */
export function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A value exactly as typed (passwords, secrets, markdown): not trimmed. */
export function raw(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** A text value, or undefined when left empty (optional API fields). */
export function optional(data: FormData, name: string): string | undefined {
  return text(data, name) || undefined;
}

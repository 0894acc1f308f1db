import { useState } from 'react';
import { TextField } from '../../ui/form';

/**
 * Write-only secret inputs. They are never filled from the API (it never returns a secret),
 * are cleared after each submit, and tell password managers not to fill them.
 */
export function SecretFields({ legend }: { legend: string }) {
  const [pair, setPair] = useState(false);
  return (
    <fieldset className="secret-fields">
      <legend>{legend}</legend>
      <label className="checkbox">
        <input type="checkbox" checked={pair} onChange={(e) => setPair(e.target.checked)} /> Username and
        password
      </label>
      {pair ? (
        <div className="grid-2">
          <TextField label="Username" name="secret_username" autoComplete="off" errorFor="credential" />
          <TextField
            label="Password"
            name="secret_password"
            type="password"
            autoComplete="new-password"
            errorFor="credential"
          />
        </div>
      ) : (
        <TextField
          label="Secret value"
          name="secret_value"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          errorFor="credential"
          hint="Stored encrypted. Nobody can read it back; agents with a grant receive it."
        />
      )}
    </fieldset>
  );
}

/** The credential the form holds: a string, a `{username, password}` pair, or undefined when empty. */
export function readSecret(data: FormData): string | Record<string, string> | undefined {
  const value = data.get('secret_value');
  if (typeof value === 'string' && value) return value;
  const username = data.get('secret_username');
  const password = data.get('secret_password');
  if (typeof username === 'string' && typeof password === 'string' && (username || password)) {
    return { username, password };
  }
  return undefined;
}

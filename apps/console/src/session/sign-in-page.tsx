import { useEffect } from 'react';
import { Form, invalid, raw, text, TextField } from '../ui/form';
import { useSession } from './session';

/** The only page a signed-out visitor sees; the page they asked for opens after sign-in. */
export function SignInPage() {
  const { signIn, notice, lastEmail } = useSession();
  useEffect(() => {
    document.title = 'Sign in · Keyledger';
  }, []);
  const submit = async (data: FormData) => {
    const email = text(data, 'email');
    const password = raw(data, 'password');
    if (!email) invalid('email', 'Enter your email address.');
    if (!password) invalid('password', 'Enter your password.');
    await signIn(email, password);
  };
  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <p className="brand-mark" aria-hidden="true">
          Keyledger
        </p>
        <h1>Sign in</h1>
        <p className="muted">
          Approve agents’ access, manage tools and secrets, and audit every credential fetch.
        </p>
        {notice && (
          <div className="notice info" role="status">
            {notice}
          </div>
        )}
        <Form onSubmit={submit} submitLabel="Sign in" busyLabel="Signing in…" label="Sign in">
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={lastEmail}
            required
            autoFocus={!lastEmail}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus={Boolean(lastEmail)}
          />
        </Form>
        <p className="hint">
          Your session lives in this tab only: reloading the page or closing it signs you out.
        </p>
      </div>
    </main>
  );
}

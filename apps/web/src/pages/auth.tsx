import { FormEvent, useState } from 'react';
import { call, describe } from '../api';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { ErrorNotice, PageTitle } from '../ui';

async function login(email: string, password: string): Promise<string> {
  const res = await call<{ accessToken: string }>('POST', '/auth/login', { email, password });
  return res.body.accessToken;
}

export function LoginPage() {
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(await login(String(form.get('email')), String(form.get('password'))));
      navigate('/');
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <PageTitle>Sign in</PageTitle>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="login-email">Email</label>
        <input id="login-email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="login-password">Password</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required />
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        New here? <Link to="/register">Create an account</Link>
      </p>
    </section>
  );
}

export function RegisterPage() {
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email'));
    const password = String(form.get('password'));
    setBusy(true);
    setError(null);
    try {
      await call('POST', '/auth/register', {
        email,
        password,
        displayName: String(form.get('displayName')),
        role: String(form.get('role')),
      });
      await signIn(await login(email, password));
      navigate('/');
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <PageTitle>Create an account</PageTitle>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="reg-name">Display name</label>
        <input id="reg-name" name="displayName" autoComplete="nickname" required maxLength={100} />
        <label htmlFor="reg-email">Email</label>
        <input id="reg-email" name="email" type="email" autoComplete="email" required />
        <label htmlFor="reg-password">Password</label>
        <input
          id="reg-password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
          aria-describedby="reg-password-hint"
        />
        <small id="reg-password-hint">At least 8 characters.</small>
        <fieldset>
          <legend>I want to</legend>
          <label className="inline">
            <input type="radio" name="role" value="buyer" defaultChecked /> Buy
          </label>
          <label className="inline">
            <input type="radio" name="role" value="seller" /> Sell
          </label>
        </fieldset>
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
      <p>
        Have an account? <Link to="/login">Sign in</Link>
      </p>
    </section>
  );
}

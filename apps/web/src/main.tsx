import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuctionPage } from './pages/auction';
import { LoginPage, RegisterPage } from './pages/auth';
import { LogSearchPage } from './pages/log-search';
import { LotsPage } from './pages/lots';
import { MyBidsPage } from './pages/my-bids';
import { MyLotsPage } from './pages/my-lots';
import { NewLotPage } from './pages/new-lot';
import { NotificationsPage } from './pages/notifications';
import { OpsPage } from './pages/ops';
import { SagaPage } from './pages/saga';
import { WalletPage } from './pages/wallet';
import { loadCurrency } from './money';
import { Link, navigate, usePath } from './router';
import { SessionProvider, useSession } from './session';
import './styles.css';

function Page({ path }: { path: string }) {
  const lot = /^\/lots\/([A-Za-z0-9_-]+)$/.exec(path);
  const saga = /^\/ops\/sagas\/([A-Za-z0-9_:.-]+)$/.exec(path);
  if (path === '/login') return <LoginPage />;
  if (path === '/register') return <RegisterPage />;
  if (path === '/lots/new') return <NewLotPage />;
  if (lot) return <AuctionPage lotId={lot[1]} />;
  if (path === '/my-bids') return <MyBidsPage />;
  if (path === '/my-lots') return <MyLotsPage />;
  if (path === '/wallet') return <WalletPage />;
  if (path === '/notifications') return <NotificationsPage />;
  if (path === '/ops') return <OpsPage />;
  if (path === '/ops/logs') return <LogSearchPage />;
  if (saga) return <SagaPage sagaId={decodeURIComponent(saga[1])} />;
  return <LotsPage />;
}

/** Pages of cards use the width of a large screen. */
const WIDE = ['/', '/my-bids', '/my-lots'];

/** The main navigation: who sees each page (a role, anyone signed in, or anyone). */
const NAV: { to: string; label: string; for: 'anyone' | 'signed-in' | 'buyer' | 'seller' | 'admin' }[] = [
  { to: '/', label: 'Lots', for: 'anyone' },
  { to: '/lots/new', label: 'Sell', for: 'seller' },
  { to: '/my-lots', label: 'My lots', for: 'seller' },
  { to: '/my-bids', label: 'My bids', for: 'buyer' },
  { to: '/wallet', label: 'Wallet', for: 'signed-in' },
  { to: '/notifications', label: 'Notifications', for: 'signed-in' },
  { to: '/ops', label: 'Ops', for: 'admin' },
];

function Shell() {
  const path = usePath();
  const { me, signOut } = useSession();
  const is = (role: string): boolean => me?.roles.includes(role) ?? false;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <Link to="/" className="brand">
          Gavel
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.filter(
              (item) => item.for === 'anyone' || (item.for === 'signed-in' ? !!me : is(item.for)),
            ).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={path === item.to ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
            {me ? (
              <li>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    signOut();
                    navigate('/login');
                  }}
                >
                  Sign out {me.displayName}
                </button>
              </li>
            ) : (
              <li>
                <Link to="/login">Sign in</Link>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" className={WIDE.includes(path) ? 'wide' : undefined}>
        <Page path={path} />
      </main>
    </>
  );
}

const root = document.getElementById('root');
if (root) {
  // Amounts are shown in the platform's currency: learn it (GET /config) before the first page.
  void loadCurrency().then(() =>
    createRoot(root).render(
      <StrictMode>
        <SessionProvider>
          <Shell />
        </SessionProvider>
      </StrictMode>,
    ),
  );
}

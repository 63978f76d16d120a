// The app, rendered on the server (server.mjs) and hydrated in the browser (client.jsx). Its payment
// links are rendered by React; <EngageTrack /> decorates them after hydration, so the hrefs React
// hydrates are the ones the server sent, and the links of a view rendered later too.
import { setConsent } from 'engagetrack';
import { EngageTrack } from 'engagetrack/react';
import { useState } from 'react';

/** Each view's payment links (Stripe test-mode Payment Links). */
const VIEWS = {
  home: {
    title: 'Fresh coffee, every month',
    plans: [
      {
        id: 'coffee',
        name: 'Coffee subscription',
        price: '$18 / month',
        href: 'https://buy.stripe.com/test_react_coffee',
      },
      {
        id: 'gift',
        name: 'Gift card',
        price: '$50',
        href: 'https://buy.stripe.com/test_react_gift?prefilled_promo_code=WELCOME',
      },
    ],
  },
  pricing: {
    title: 'Pricing',
    plans: [
      { id: 'starter', name: 'Starter', price: '$9 / month', href: 'https://buy.stripe.com/test_react_starter' },
      { id: 'pro', name: 'Pro', price: '$29 / month', href: 'https://buy.stripe.com/test_react_pro' },
      { id: 'team', name: 'Team', price: '$99 / month', href: 'https://buy.stripe.com/test_react_team' },
    ],
  },
};

export function App() {
  const [view, setView] = useState('home');
  const [consent, setConsentShown] = useState('ask');
  const { title, plans } = VIEWS[view];

  const answer = (granted) => {
    setConsent(granted); // the core of the page, the same one <EngageTrack /> started
    setConsentShown(granted ? 'granted' : 'denied');
  };

  return (
    <>
      {/* Once per app. Nothing is stored until the visitor accepts; links carry in-memory IDs meanwhile. */}
      <EngageTrack consent="required" />
      <nav>
        <button type="button" id="nav-home" aria-pressed={view === 'home'} onClick={() => setView('home')}>
          Home
        </button>
        <button type="button" id="nav-pricing" aria-pressed={view === 'pricing'} onClick={() => setView('pricing')}>
          Pricing
        </button>
      </nav>
      <main>
        <h1>{title}</h1>
        <ul>
          {plans.map((plan) => (
            <li key={plan.id}>
              {plan.name}, {plan.price}:{' '}
              <a id={plan.id} href={plan.href}>
                Buy
              </a>
            </li>
          ))}
        </ul>
      </main>
      {consent === 'ask' ? (
        <aside id="consent">
          We use a cookie to attribute your purchase to the page that brought you here.{' '}
          <button type="button" id="accept" onClick={() => answer(true)}>
            Accept
          </button>{' '}
          <button type="button" id="decline" onClick={() => answer(false)}>
            Decline
          </button>
        </aside>
      ) : (
        <aside id="consent-answer">Cookie {consent === 'granted' ? 'accepted' : 'declined'}.</aside>
      )}
    </>
  );
}

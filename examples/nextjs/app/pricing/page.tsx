// Reached by a client-side navigation (next/link): its links are rendered by React in the browser
// and decorated as they are inserted.
import Link from 'next/link';

const PLANS = [
  { id: 'starter', name: 'Starter', price: '$9 / month', href: 'https://buy.stripe.com/test_next_starter' },
  { id: 'pro', name: 'Pro', price: '$29 / month', href: 'https://buy.stripe.com/test_next_pro' },
  { id: 'team', name: 'Team', price: '$99 / month', href: 'https://buy.stripe.com/test_next_team' },
];

export default function Pricing() {
  return (
    <main>
      <h1>Pricing</h1>
      <ul>
        {PLANS.map((plan) => (
          <li key={plan.id}>
            {plan.name}, {plan.price}:{' '}
            <a id={plan.id} href={plan.href}>
              Buy
            </a>
          </li>
        ))}
      </ul>
      <Link id="to-home" href="/">
        Home
      </Link>
    </main>
  );
}

// A server component: its payment links are in the server-rendered HTML, decorated after hydration.
import Link from 'next/link';

export default function Home() {
  return (
    <main>
      <h1>Fresh coffee, every month</h1>
      <ul>
        <li>
          Coffee subscription, $18 / month:{' '}
          <a id="coffee" href="https://buy.stripe.com/test_next_coffee">
            Buy
          </a>
        </li>
        <li>
          Gift card, $50:{' '}
          <a id="gift" href="https://buy.stripe.com/test_next_gift?prefilled_promo_code=WELCOME">
            Buy
          </a>
        </li>
      </ul>
      <Link id="to-pricing" href="/pricing">
        See all plans
      </Link>
    </main>
  );
}

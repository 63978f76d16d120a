// A framework-free single-page app: views are rendered on client-side navigation (history.pushState),
// each with its own Stripe Payment Links. The app calls init() once; the SDK decorates the links of
// every view it renders later by itself, so the views contain plain Stripe URLs.
import { getSessionId, getVisitorId, init } from 'engagetrack';

init();

const views = {
  home: () => `
    <h1>Acme Analytics</h1>
    <p>Try it for a month:</p>
    <p><a id="trial" class="buy" href="https://buy.stripe.com/test_trial">Start for $1</a></p>`,
  pricing: () => `
    <h1>Pricing</h1>
    <ul>
      <li>Starter, $9/month: <a id="starter" class="buy" href="https://buy.stripe.com/test_starter">Buy Starter</a></li>
      <li>Pro, $29/month: <a id="pro" class="buy" href="https://buy.stripe.com/test_pro?prefilled_promo_code=LAUNCH">Buy Pro</a></li>
    </ul>`,
  account: () => `
    <h1>Account</h1>
    <p>Your anonymous EngageTrack visitor ID: <code id="visitor"></code></p>
    <p>Current session: <code id="session"></code></p>`,
};

function viewFromLocation() {
  const name = new URLSearchParams(location.search).get('view');
  return name && name in views ? name : 'home';
}

function render(name) {
  document.getElementById('view').innerHTML = views[name]();
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // Text, so no element of the page ever carries the IDs except the payment links.
  if (name === 'account') {
    document.getElementById('visitor').textContent = getVisitorId();
    document.getElementById('session').textContent = getSessionId();
  }
  document.title = `${name[0].toUpperCase()}${name.slice(1)} · SPA example`;
}

// Client-side navigation: no page load, a new view.
document.querySelector('nav').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-view]');
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  render(link.dataset.view);
});
addEventListener('popstate', () => render(viewFromLocation()));

render(viewFromLocation());

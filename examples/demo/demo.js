// The demo page's own script (not part of the SDK): shows the IDs and what every payment element
// carries, live; adds a link after load; and sends clicks on payment links to the local stand-in of
// Stripe's checkout page instead of Stripe.
(() => {
  const sdk = window.engagetrack;
  const shop = document.getElementById('shop');
  const rows = document.getElementById('decorated');

  /** A Payment Link as the SDK sees it: https, host exactly buy.stripe.com. */
  const isPaymentLink = (link) => link.protocol === 'https:' && link.hostname === 'buy.stripe.com';

  function render() {
    document.getElementById('visitor-id').textContent = sdk.getVisitorId();
    document.getElementById('session-id').textContent = sdk.getSessionId();
    rows.replaceChildren();
    for (const element of shop.querySelectorAll('a, area, stripe-pricing-table, stripe-buy-button')) {
      const row = rows.insertRow();
      row.dataset.for = element.id;
      const name = row.insertCell();
      const value = row.insertCell();
      name.textContent = `<${element.localName}> #${element.id}`;
      const code = document.createElement('code');
      if (element.localName.startsWith('stripe-')) {
        code.textContent = `client-reference-id="${element.getAttribute('client-reference-id') ?? ''}"`;
      } else {
        code.textContent = element.getAttribute('href');
        if (!isPaymentLink(element)) value.append('Not a Payment Link, left as written: ');
      }
      value.append(code);
    }
  }

  let added = 0;
  function addLink() {
    added++;
    const paragraph = document.createElement('p');
    paragraph.innerHTML = `<a class="buy" id="added-${added}" href="https://buy.stripe.com/test_demo_added_${added}">Added after load (${added})</a>`;
    document.getElementById('later').append(paragraph);
  }

  /** Opens the stand-in with the URL the browser would have followed. */
  function openStandIn(event) {
    const link = event.composedPath().find((target) => target instanceof HTMLAnchorElement);
    if (!link || !shop.contains(link)) return;
    if (event.type === 'auxclick' && event.button !== 1) return;
    event.preventDefault();
    if (!isPaymentLink(link)) {
      document.getElementById('status').textContent =
        'Not a Payment Link: the SDK left this link exactly as written (the demo does not follow it).';
      return;
    }
    // The SDK refreshed the link just now (capture phase), so link.href is what would leave the page.
    const standIn = `/examples/demo/checkout.html?url=${encodeURIComponent(link.href)}`;
    if (event.type === 'auxclick' || event.ctrlKey || event.metaKey || event.shiftKey) window.open(standIn, '_blank');
    else location.assign(standIn);
  }

  if (!sdk) {
    document.getElementById('visitor-id').textContent = 'window.engagetrack is missing: run `npm run build`';
    return;
  }
  if (location.hash === '#new-visit') {
    // "Start a new visit from a campaign URL": forget the visitor, so the new session lands with the UTMs.
    sdk.reset();
    history.replaceState(null, '', location.pathname + location.search);
  }
  new MutationObserver(render).observe(shop, {
    subtree: true,
    childList: true,
    attributeFilter: ['href', 'client-reference-id'],
  });
  document.addEventListener('click', openStandIn);
  document.addEventListener('auxclick', openStandIn);
  document.getElementById('add-link').addEventListener('click', addLink);
  document.getElementById('reset').addEventListener('click', () => {
    sdk.reset();
    render();
  });
  document.addEventListener('visibilitychange', render);
  render();
  // A link a framework might add after load: the SDK decorates it without being asked.
  setTimeout(addLink, 1000);
})();

// The two banners of the consent example, as a CMP would run them: each remembers the visitor's
// choice (here in localStorage) and emits its standard signal at every page load: the IAB TCF CMP a
// TC string (tcloaded), the Consent Mode banner a gtag('consent', 'update', …). EngageTrack's consent
// bundle follows both; this file never calls EngageTrack.
const TCF_KEY = 'example_tcf_string';
const GCM_KEY = 'example_consent_mode';
const $ = (id) => document.getElementById(id);

// IAB TCF: a stored TC string is loaded; else the banner is shown.
const storedTcString = localStorage.getItem(TCF_KEY);
if (storedTcString) window.tcfCmp.load(storedTcString);
else showTcfBanner();

function showTcfBanner() {
  window.tcfCmp.showBanner();
  $('tcf-banner').hidden = false;
}

function chooseTcf(purposes) {
  localStorage.setItem(TCF_KEY, window.tcfCmp.choose(purposes));
  $('tcf-banner').hidden = true;
}

// Google Consent Mode: a stored choice is sent as an update; else the banner is shown.
const storedMode = localStorage.getItem(GCM_KEY);
if (storedMode) updateConsentMode(storedMode);
else $('gcm-banner').hidden = false;

function updateConsentMode(value) {
  localStorage.setItem(GCM_KEY, value);
  window.gtag('consent', 'update', {
    analytics_storage: value,
    ad_storage: value,
    ad_user_data: value,
    ad_personalization: value,
  });
  $('gcm-banner').hidden = true;
}

$('tcf-accept').onclick = () => chooseTcf([1, 7, 8]);
$('tcf-reject').onclick = () => chooseTcf([]);
$('tcf-settings').onclick = showTcfBanner;
$('gcm-accept').onclick = () => updateConsentMode('granted');
$('gcm-deny').onclick = () => updateConsentMode('denied');
$('gcm-settings').onclick = () => {
  $('gcm-banner').hidden = false;
};

// What EngageTrack does, shown as it changes.
function render() {
  const link = new URL($('buy').href);
  $('link-visitor').textContent = link.searchParams.get('client_reference_id') || '(not decorated yet)';
  const cookie = document.cookie.split('; ').some((pair) => pair.startsWith('engagetrack_id='));
  $('stored').textContent = cookie ? 'cookie and localStorage (consent given)' : 'nothing (memory only)';
}
render();
setInterval(render, 300);

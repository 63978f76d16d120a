// A minimal IAB TCF v2.2 CMP, made of IAB Tech Lab's own packages: @iabtcf/cmpapi serves
// window.__tcfapi (and takes over the calls the IAB stub queued), @iabtcf/core encodes the TC
// strings. No network: its Global Vendor List is the small vendor-list.json beside it. Bundled for the
// page by build.mjs (the consent example and the browser tests). A real CMP also shows a banner and
// stores the TC string (in a cookie): here the page does both (examples/consent/app.js).
import { CmpApi } from '@iabtcf/cmpapi';
import { GVL, TCModel, TCString } from '@iabtcf/core';
import vendorList from './vendor-list.json';

/** CMP IDs are assigned by IAB Europe; this one is for the example only. */
const CMP_ID = 300;
const CMP_VERSION = 1;
const gvl = new GVL(vendorList);
const cmpApi = new CmpApi(CMP_ID, CMP_VERSION, false);

/** A TC string giving consent to `purposes` (IAB TCF purpose IDs) and to no other. */
function tcString(purposes) {
  const model = new TCModel(gvl);
  model.cmpId = CMP_ID;
  model.cmpVersion = CMP_VERSION;
  model.purposeConsents.set(purposes);
  return TCString.encode(model);
}

window.tcfCmp = {
  /** A visitor without a stored choice: the banner is shown (`cmpuishown`). */
  showBanner() {
    cmpApi.update('', true);
  },
  /** A returning visitor's stored TC string, banner not shown (`tcloaded`). */
  load(stored) {
    cmpApi.update(stored, false);
  },
  /** The visitor's choice (`useractioncomplete` after the banner, or a change of mind): consent to `purposes`. Returns the TC string. */
  choose(purposes) {
    const encoded = tcString(purposes);
    cmpApi.update(encoded, false);
    return encoded;
  },
  /** GDPR does not apply to this visitor (`gdprApplies: false`). */
  gdprDoesNotApply() {
    cmpApi.update(null);
  },
  tcString,
};

import { isVisitorsReference, REFERENCE, SESSION } from './references.js';

/** What `originalHref` needs of the page: the IDs its SDK puts on links, and whether automatic mode runs. */
export interface LinkIds {
  sessionId: string;
  /** The `client_reference_id` the SDK puts on a payment link now. */
  reference: string;
  automaticMode?: boolean;
}

/**
 * A payment link's href as it was before the page's SDK decorated it, as far as the page shows it (the
 * SDK keeps no public record of it): its decoration is deterministic from the page's IDs, so the
 * parameters it wrote come off again. The `engagetrack_session_id` on a link is the SDK's when it is
 * the page's session, when the link carries the page's visitor (decorated in an earlier session of
 * this visitor, before an idle timeout), or when automatic mode runs and the link is in the document
 * (outside shadow roots: automatic mode has decorated every such link, replacing what another browser
 * wrote, so the session on it is one the SDK wrote, perhaps an earlier one); the page's visitor on it
 * is the SDK's too. Anything else stays, a merchant's own `client_reference_id` whatever its shape:
 * `decorateUrl()` of this href tells what the SDK keeps. (`decorateUrl()` of the decorated href would
 * take an ID-shaped reference next to `engagetrack_session_id` for one pasted from another browser.)
 */
export function originalHref(url: URL, page: LinkIds, inDocument: boolean): string {
  const params = new URLSearchParams(url.search);
  const session = params.get(SESSION);
  const ours = isVisitorsReference(params.get(REFERENCE), page.reference, page.sessionId);
  if (session === null || !(session === page.sessionId || ours || (page.automaticMode === true && inDocument))) {
    return url.href;
  }
  params.delete(SESSION);
  if (ours) params.delete(REFERENCE);
  const original = new URL(url.href);
  original.search = `${params}`;
  return original.href;
}

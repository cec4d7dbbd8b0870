/** What a personal link allows now. `unknown` covers unknown, expired and closed alike: they must look the same. */
export type LinkState = 'open' | 'submitted' | 'unknown';

export interface LinkFacts {
  readonly status: 'open' | 'submitted';
  readonly expiresAt: string;
  readonly campaignStatus: 'draft' | 'running' | 'closed';
}

/**
 * A link answers while its campaign runs and until it expires; after the final submit it is closed (410), but
 * once it has expired or its campaign closed, nothing tells it apart from a token never issued (404).
 */
export function linkState(link: LinkFacts | null | undefined, now: Date): LinkState {
  if (!link || link.campaignStatus !== 'running') return 'unknown';
  if (!(Date.parse(link.expiresAt) > now.getTime())) return 'unknown';
  return link.status === 'submitted' ? 'submitted' : 'open';
}

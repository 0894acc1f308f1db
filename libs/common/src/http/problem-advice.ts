/**
 * AgentKey's `error` (a short message) and `hint` (the next step), which agents written for it
 * read from every error body: each problem document carries both as extension members
 * (RFC 9457, section 3.2), whichever route or channel (HTTP, MCP) answers it. `detail` stays the
 * full sentence about this occurrence. docs/adr/0018-one-boundary-for-bad-input.md.
 */
export interface Advice {
  error: string;
  hint: string;
}

const REQUEST_AGAIN = 'Request access again with POST /api/tools/{toolId}/request and a reason.';

/** `no-access` problems, by their `reason` member. */
const BY_REASON: Record<string, Advice> = {
  no_grant: {
    error: 'No access to this tool',
    hint: 'Request access with POST /api/tools/{toolId}/request and a reason; a human approves it.',
  },
  pending: {
    error: 'Access request pending',
    hint: 'Wait for a human to approve your request, then try again.',
  },
  denied: {
    error: 'Access denied',
    hint: `Read denial_reason in GET /api/tools/{toolId}. ${REQUEST_AGAIN}`,
  },
  revoked: { error: 'Access revoked', hint: `If you still need the tool: ${REQUEST_AGAIN}` },
  expired: { error: 'Access expired', hint: REQUEST_AGAIN },
  suspended: { error: 'Agent suspended', hint: 'Ask an admin to reactivate this agent.' },
  tool_retired: { error: 'Tool retired', hint: 'Pick another tool from GET /api/tools.' },
  no_secret: {
    error: 'No credential set',
    hint: "Ask an admin to set the tool's credential, then fetch it again.",
  },
};

const BY_TYPE: Record<string, Advice> = {
  validation: {
    error: 'Invalid input',
    hint: 'Correct the fields listed in `errors` and send the request again.',
  },
  'bad-request': {
    error: 'Malformed request',
    hint: 'Send a well-formed JSON body with Content-Type: application/json.',
  },
  'malformed-url': {
    error: 'Malformed URL',
    hint: 'Percent-encode the path as UTF-8 and send the request again.',
  },
  'invalid-cursor': {
    error: 'Invalid cursor',
    hint: 'Pass the next_cursor of the previous page unchanged, or leave it out to start again.',
  },
  'missing-agent-key': {
    error: 'Missing API key',
    hint: 'Send your agent key as "Authorization: Bearer klk_…"; an admin issues keys in the Keyledger console.',
  },
  'invalid-agent-key': {
    error: 'Invalid API key',
    hint: 'Check that the whole key was copied; if it was revoked, ask an admin for a new one.',
  },
  unauthenticated: {
    error: 'Not signed in',
    hint: 'Sign in with POST /api/auth/login and send the token as "Authorization: Bearer …".',
  },
  'agent-suspended': BY_REASON.suspended,
  'no-access': BY_REASON.no_grant,
  forbidden: { error: 'Not allowed', hint: 'Ask an owner or admin of your org for a role that allows this.' },
  'unknown-tool': {
    error: 'Tool not found',
    hint: 'Use a tool id from GET /api/tools; suggest a missing tool with POST /api/tools/suggest.',
  },
  'not-found': { error: 'Not found', hint: 'Check the id and the path; list the collection for valid ids.' },
  'method-not-allowed': { error: 'Method not allowed', hint: 'Use a method the Allow header lists.' },
  'tool-exists': {
    error: 'Tool already in the catalog',
    hint: 'Request access to it with POST /api/tools/{toolId}/request (tool_id is in this answer).',
  },
  'suggestion-cooldown': {
    error: 'Suggested too recently',
    hint: 'Wait retry_after seconds before suggesting this tool again.',
  },
  'tool-retired': BY_REASON.tool_retired,
  'no-credential': BY_REASON.no_secret,
  'rate-limited': {
    error: 'Rate limited',
    hint: 'Wait the Retry-After seconds, then send the request again.',
  },
  unavailable: {
    error: 'Temporarily unavailable',
    hint: 'Nothing was done: send the request again after a short wait.',
  },
  'payload-too-large': { error: 'Body too large', hint: 'Send a body under 256 KiB.' },
  'unsupported-media-type': {
    error: 'Unsupported media type',
    hint: 'Send the body as application/json (Content-Type: application/json).',
  },
  internal: {
    error: 'Internal error',
    hint: 'Try again later; if it persists, give an admin the X-Request-Id of this answer.',
  },
};

const BY_STATUS: Record<number, string> = {
  400: 'Correct the request and send it again.',
  401: 'Send valid credentials in the Authorization header.',
  403: 'This needs access you do not have; ask an admin.',
  404: 'Check the id and the path.',
  409: 'Read the current state again, then decide whether to retry.',
  410: 'It is gone for good; do not retry.',
  429: 'Wait the Retry-After seconds, then send the request again.',
};

/** The advice for a problem; `{toolId}` in a hint becomes the problem's `tool_id` when it has one. */
export function adviceFor(
  status: number,
  slug: string,
  title: string,
  extra: Record<string, unknown>,
): Advice {
  const reason = typeof extra.reason === 'string' ? BY_REASON[extra.reason] : undefined;
  const advice = (slug === 'no-access' ? reason : undefined) ??
    BY_TYPE[slug] ?? {
      error: title,
      hint: BY_STATUS[status] ?? (status >= 500 ? BY_TYPE.unavailable.hint : BY_STATUS[400]),
    };
  const toolId = typeof extra.tool_id === 'string' ? extra.tool_id : undefined;
  return toolId ? { ...advice, hint: advice.hint.replaceAll('{toolId}', toolId) } : advice;
}

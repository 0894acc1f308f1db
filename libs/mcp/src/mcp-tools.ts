import { z } from 'zod';
import { MAX_REQUEST_SECONDS } from '../../access/src/access.policy';

/*
 * The four tools as an LLM sees them. Descriptions say when to call each and what to do with the
 * answer; input limits are those of the HTTP DTOs (RequestAccessDto, SuggestToolDto), which
 * mcp-tools.spec.ts checks. Strict objects: unknown fields are refused, as on HTTP.
 */

export const SERVER_INSTRUCTIONS =
  'Keyledger holds the credentials of third-party tools (GitHub, Stripe, Slack...). You start with no ' +
  'access. Call list_tools to see the catalog and your access to each tool; call request_access with a ' +
  'specific reason for a tool you need; once a human approves, call get_credential each time you need ' +
  'the secret. Never write a credential to a file, a log or a message: fetch it again instead. If the ' +
  'tool you need is not in the catalog, call suggest_tool. Errors are JSON problem details whose ' +
  '`detail` says what to do next.';

const toolId = z.string().min(1).max(200).describe('The tool id, from list_tools');

export const LIST_TOOLS = {
  title: 'List tools',
  description:
    'List the tool catalog with your access to each tool (`your_access`: none, pending, approved, ' +
    'denied, revoked or expired). approved: call get_credential. none, denied, revoked or expired: ' +
    'call request_access with a reason. pending: a human has not decided yet; check again later.',
  inputSchema: z.strictObject({}),
  annotations: { readOnlyHint: true, openWorldHint: false },
};

export const REQUEST_ACCESS = {
  title: 'Request access to a tool',
  description:
    'Ask a human to approve your access to a tool. A security admin reads your reason: say what you ' +
    'will do with the tool and why. Answers request_id and status: pending (wait, then check ' +
    'list_tools or call get_credential later) or approved (call get_credential). Asking again while ' +
    'pending answers the same request.',
  inputSchema: z.strictObject({
    tool_id: toolId,
    reason: z.string().min(5).max(500).describe('Why you need the tool, 5 to 500 characters'),
    duration_seconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_REQUEST_SECONDS)
      .optional()
      .describe('How long you need access, in seconds (the approver may grant less)'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const GET_CREDENTIAL = {
  title: 'Get a credential',
  description:
    'Fetch the credential of a tool you hold an approved grant for, with its usage instructions. ' +
    'Every fetch is checked at that instant and recorded. Use it for the task at hand and keep it in ' +
    'memory only: never write it to a file, a log or a message; call this again when you next need it. ' +
    'Without an approved grant the answer is a 403 problem whose detail says what to do.',
  inputSchema: z.strictObject({ tool_id: toolId }),
  annotations: { readOnlyHint: true, openWorldHint: false },
};

export const SUGGEST_TOOL = {
  title: 'Suggest a tool',
  description:
    'Suggest a tool the catalog lacks, so an admin can add it; suggestions of the same tool are ' +
    'pooled. If the tool is already in the catalog the answer is a 409 problem with its tool_id: ' +
    'call request_access for it instead.',
  inputSchema: z.strictObject({
    name: z.string().min(1).max(100).describe('The tool’s name, e.g. "Linear"'),
    url: z.string().max(2048).optional().describe('The tool’s site or API; a bare domain is fine'),
    reason: z.string().min(5).max(500).describe('What you would do with it, 5 to 500 characters'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

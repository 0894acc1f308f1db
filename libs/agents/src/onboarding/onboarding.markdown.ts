/**
 * What an agent's developer pastes into AGENTS.md or CLAUDE.md: how to authenticate and how to
 * ask for access, never the key itself.
 */
export function onboardingMarkdown(agent: { id: string; name: string }, baseUrl: string): string {
  return `# Credentials through Keyledger

This agent (**${agent.name}**, id \`${agent.id}\`) gets API credentials from Keyledger at
${baseUrl}. Never paste credentials into files, prompts or \`.env\`: fetch them when needed
and keep them in memory only.

## Authenticate

Send the agent key (from the \`KEYLEDGER_API_KEY\` environment variable) on every call:

\`\`\`
Authorization: Bearer $KEYLEDGER_API_KEY
\`\`\`

## The agent API

| call | what it does |
| --- | --- |
| \`GET ${baseUrl}/api/me\` | who you are and which tools you may use |
| \`GET ${baseUrl}/api/tools\` | the catalog, with \`your_access\` for each tool |
| \`GET ${baseUrl}/api/tools/{toolId}\` | one tool and its usage instructions |
| \`POST ${baseUrl}/api/tools/{toolId}/request\` | ask for access: \`{"reason": "why you need it", "duration_seconds": 86400}\` |
| \`GET ${baseUrl}/api/tools/{toolId}/credentials\` | fetch the credential once approved (every fetch is recorded) |
| \`POST ${baseUrl}/api/tools/suggest\` | suggest a tool the catalog lacks: \`{"name", "url", "reason"}\` |

## Rules

- You start with no access. Request it with an honest, specific reason; a human approves.
- \`403\` means no approved grant (or the agent is suspended): read \`detail\` and ask again or
  ask a human. \`429\` means slow down: wait \`Retry-After\` seconds.
- Fetch the credential when you need it instead of caching it: grants expire and can be revoked.
- The OpenAPI document is at ${baseUrl}/api/openapi.json; MCP clients connect to ${baseUrl}/mcp.
`;
}

import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { z } from 'zod';
import { RequestAccessDto } from '../../access/src/request-access/request-access.dto';
import { SuggestToolDto } from '../../catalog/src/suggestions/suggest-tool/suggest-tool.dto';
import { REQUEST_ACCESS, SUGGEST_TOOL } from './mcp-tools';

// "Same rules" on both channels: the MCP schemas accept exactly what the HTTP DTOs accept.
function agree(schema: z.ZodType, dto: new () => object, input: Record<string, unknown>) {
  const http = validateSync(plainToInstance(dto, input), { whitelist: true, forbidNonWhitelisted: true });
  return { mcp: schema.safeParse(input).success, http: http.length === 0 };
}

const reasons = ['', 'four', 'fives', 'x'.repeat(500), 'x'.repeat(501)];

describe('MCP tool inputs follow the HTTP DTOs', () => {
  it.each([
    ...reasons.map((reason) => ({ reason })),
    { reason: 'valid reason', duration_seconds: 0 },
    { reason: 'valid reason', duration_seconds: 1 },
    { reason: 'valid reason', duration_seconds: 1.5 },
    { reason: 'valid reason', duration_seconds: 365 * 86_400 },
    { reason: 'valid reason', duration_seconds: 365 * 86_400 + 1 },
    { reason: 'valid reason', extra: true },
  ])('request_access case %#', (body) => {
    // tool_id is a path parameter on HTTP, not part of the body DTO.
    const { mcp, http } = agree(REQUEST_ACCESS.inputSchema.omit({ tool_id: true }), RequestAccessDto, body);
    expect(mcp).toBe(http);
  });

  it.each([
    ...reasons.map((reason) => ({ name: 'Linear', reason })),
    { name: '', reason: 'valid reason' },
    { name: 'x'.repeat(100), reason: 'valid reason' },
    { name: 'x'.repeat(101), reason: 'valid reason' },
    { name: 'Linear', url: 'x'.repeat(2048), reason: 'valid reason' },
    { name: 'Linear', url: 'x'.repeat(2049), reason: 'valid reason' },
    { name: 'Linear', reason: 'valid reason', extra: 1 },
  ])('suggest_tool case %#', (body) => {
    const { mcp, http } = agree(SUGGEST_TOOL.inputSchema, SuggestToolDto, body);
    expect(mcp).toBe(http);
  });
});
